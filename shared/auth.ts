/**
 * Who may do what. Every REST call and socket connection carries a token (a person's or a
 * screen's role link, or a script's feed token); the server enforces this matrix for both
 * transports alike (docs/security.md has it as a table, test/integration/authorization.test.ts
 * a test per cell).
 */
import { z } from 'zod';
import { Text } from './text';

export const Role = z.enum(['admin', 'commander', 'responder', 'support', 'viewer', 'feed']);
export type Role = z.infer<typeof Role>;
/** The roles a person or a screen can have; `feed` tokens belong to scripts and monitoring systems. */
export const PersonRole = Role.exclude(['feed']);

export const Permission = z.enum([
  /** Incidents, their live state, timeline, alert panels, the Feeds page, scenarios. */
  'read',
  'entry.note',
  'entry.action',
  'entry.decision',
  /** Customer communications (the support desk's own entries). */
  'entry.comms',
  /** Pin an entry so it stays in view, or unpin it. */
  'entry.pin',
  /** Edit or retract anyone's entry, the server's included (everyone may edit and retract their own). */
  'entry.moderate',
  /** Set a product's customer impact on the impact board. */
  'impact.update',
  /** Draft public updates (the support desk words them too). */
  'comms.draft',
  /** Publish a public update: what customers read, and what the webhook sends out. */
  'comms.publish',
  /** Add and edit the post-mortem's action items. */
  'followup.write',
  /** Status, severity, title and roles of an incident. */
  'incident.update',
  'incident.create',
  'drill.start',
  /** Samples and webhooks into a feed source: a feed token only into its own. */
  'ingest',
  'tokens.manage',
  'audit.read',
  'metrics.read',
]);
export type Permission = z.infer<typeof Permission>;

const PEOPLE: Permission[] = ['read'];
export const MATRIX: Record<Role, readonly Permission[]> = {
  admin: Permission.options,
  commander: [
    ...PEOPLE,
    'entry.note',
    'entry.action',
    'entry.decision',
    'entry.comms',
    'entry.pin',
    'entry.moderate',
    'impact.update',
    'comms.draft',
    'comms.publish',
    'followup.write',
    'incident.update',
    'incident.create',
    'drill.start',
  ],
  responder: [...PEOPLE, 'entry.note', 'entry.action', 'entry.pin', 'impact.update', 'followup.write'],
  support: [...PEOPLE, 'entry.comms', 'comms.draft'],
  viewer: PEOPLE,
  feed: ['ingest'],
};

export const can = (role: Role, permission: Permission): boolean => MATRIX[role].includes(permission);

/** Who is acting: from the token, never from a payload. */
export const Actor = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: Role,
  /** A feed token's source: the only one it may write. */
  source: z.string().nullable(),
});
export type Actor = z.infer<typeof Actor>;

/** A token as listed: never its secret, which exists only in the link made when it was created. */
export const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  source: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  firstUsedAt: z.iso.datetime().nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfo>;

/** The fields of a new token, before the rule that ties `source` to the feed role. */
export const TokenFields = z.strictObject({
  name: Text(80),
  role: Role,
  /** Required for a feed token: the config's source id it may write. */
  source: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/).optional(),
  /** Days until it expires (absent: never). */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** A feed token names its source; no other token does. */
export const feedHasSource = <T extends { role: Role; source?: string | undefined }>(schema: z.ZodType<T>) =>
  schema.refine((t) => (t.role === 'feed') === (t.source !== undefined), { message: 'a feed token names its source; no other token does', path: ['source'] });

export const CreateTokenInput = feedHasSource(TokenFields);
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;

/** What creating a token answers, once: the secret and the link that carries it. */
export const CreatedToken = z.object({ token: TokenInfo, secret: z.string(), link: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

/** `POST /api/session`: a role link's secret, exchanged for a session cookie. */
export const SessionInput = z.strictObject({ token: z.string().min(1).max(200) });

export const AuditEvent = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  kind: z.enum(['token.created', 'token.first_use', 'token.revoked', 'denied', 'session.started']),
  /** The token acting (or refused), when there is one. */
  tokenId: z.string().nullable(),
  name: z.string().nullable(),
  role: Role.nullable(),
  /** `POST /api/incidents/7/timeline`, `socket timeline:post`, `token tk_1f…`. */
  target: z.string(),
  detail: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
