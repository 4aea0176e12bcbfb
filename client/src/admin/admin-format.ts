/** What the admin tables say, as plain functions of the data. */
import { can, type Permission, type Role, type TokenInfo } from '#shared/auth';

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(token: Pick<TokenInfo, 'revokedAt' | 'expiresAt'>, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/** `2026-03-03 14:05` (or `14:05:09` with seconds), UTC — the column says so: dense, and sorts as it reads. */
export function shortTime(iso: string | null, withSeconds = false): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}`;
}

const ABILITIES: [Permission, string][] = [
  ['entry.note', 'notes'],
  ['entry.action', 'actions'],
  ['entry.decision', 'decisions'],
  ['entry.comms', 'customer comms'],
];
const POWERS: [Permission, string][] = [
  ['incident.update', 'changes status and severity'],
  ['incident.create', 'opens incidents'],
  ['drill.start', 'starts drills'],
  ['tokens.manage', 'makes and revokes links'],
];

/** One line on what a link of this role lets its holder do, from the same matrix the server enforces. */
export function roleSummary(role: Role): string {
  if (role === 'feed') return 'For a script or Alertmanager: writes samples and webhooks into its one source; signs no one in.';
  const posts = ABILITIES.filter(([p]) => can(role, p)).map(([, what]) => what);
  const powers = POWERS.filter(([p]) => can(role, p)).map(([, what]) => what);
  const parts = ['Follows incidents', posts.length ? `posts ${posts.join(', ')}` : 'posts nothing', ...powers];
  return `${parts.join('; ')}.`;
}
