/**
 * How a timeline row words what it knows: times in several zones, how late an entry was
 * logged, how old the numbers behind a decision were, who changed it. Pure, and unit-tested
 * (test/unit/entry-format.test.ts): a person reads these sentences under stress.
 */
import { can, type Role } from '#shared/auth';
import type { ActionState, DecisionEvidence, Entry, PastMetric, PostableKind, Retraction, Revision, SeenMetric } from '#shared/timeline';
import { isSystemKind } from '#shared/timeline';
import { formatZoned } from '#shared/zoned-time';
import { formatDuration } from '../lib/duration';
import { age, clockTime } from '../lib/time';
import { formatNumber } from '../metrics/format';

export const UTC = 'UTC';

export const KIND_LABEL: Record<Entry['kind'], string> = {
  note: 'NOTE',
  decision: 'DECISION',
  action: 'ACTION',
  comms: 'CUSTOMER COMMS',
  status: 'STATUS',
  alert: 'ALERT',
  metric: 'THRESHOLD',
  feed: 'FEED',
};

/** A kind as a word in a sentence: "3 alerts, 1 status", "decisions by Alice". */
export const kindWord = (kind: Entry['kind']): string => KIND_LABEL[kind].toLowerCase();

/** "14:55 CET", "13:55:07 UTC": formatZoned, or the browser's own formatting for a zone it cannot name. */
export function zonedClock(at: string | number, timeZone: string): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  try {
    return formatZoned(ms, timeZone);
  } catch {
    return clockTime(ms, timeZone);
  }
}

/** "15:02 CET", to the minute, as customers are told times: seconds only add noise to a board. */
export const zonedMinute = (at: string | number, timeZone: string): string =>
  zonedClock(Math.floor((typeof at === 'number' ? at : Date.parse(at)) / 60_000) * 60_000, timeZone);

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const isoFormatters = new Map<string, Intl.DateTimeFormat>();
function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) cache.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options })));
  return f;
}

/** "Mon 3 Mar": the calendar day in `timeZone`. */
export function dayLabel(at: string | number, timeZone: string): string {
  return cached(dayFormatters, timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(at));
}

/** "2025-03-03": the calendar day in `timeZone`, as zoned-time.ts reads a date. */
export function isoDate(at: string | number, timeZone: string): string {
  const parts = cached(isoFormatters, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** "2025-03-03 15:02:07 CET": an instant as an edit field shows it, which parseWallTime reads back. */
export function editableTime(at: string, timeZone: string): string {
  return `${isoDate(at, timeZone)} ${zonedClock(at, timeZone)}`;
}

/** "logged 15:09 UTC, 7 min after": when a backdated entry reached the timeline. */
export function backdatedText(entry: Pick<Entry, 'occurredAt' | 'loggedAt'>): string {
  const late = Date.parse(entry.loggedAt) - Date.parse(entry.occurredAt);
  return `logged ${zonedClock(entry.loggedAt, UTC)}, ${formatDuration(late)} after`;
}

/** "Retracted by Ana at 15:10 UTC: wrong hypervisor". */
export function retractionText(r: Retraction): string {
  return `Retracted by ${r.by} at ${zonedClock(r.at, UTC)}: ${r.reason}`;
}

/**
 * What a row says about changes after posting, or null while it is as posted. The entry only
 * knows its last change (revisedBy/revisedAt), not what it was: at version 2 a pin or a
 * retraction can be told apart, and is shown as such elsewhere; otherwise it says "edited"
 * and the history says exactly what changed.
 */
export function revisionMarker(entry: Pick<Entry, 'version' | 'revisedBy' | 'revisedAt' | 'pinned' | 'retracted'>): { label: string; title: string } | null {
  if (entry.version < 2 || !entry.revisedAt) return null;
  const onlyChange = entry.version === 2 && (entry.pinned || entry.retracted !== null);
  if (onlyChange) return null;
  const by = entry.revisedBy ?? 'someone';
  return {
    label: `edited by ${by}, ${zonedClock(entry.revisedAt, UTC)}`,
    title: `version ${entry.version}: last changed by ${by} at ${zonedClock(entry.revisedAt, UTC)}. Open the history for every version.`,
  };
}

export const CHANGE_LABEL: Record<Revision['change'], string> = {
  posted: 'posted',
  edited: 'edited',
  retracted: 'retracted',
  pinned: 'pinned',
  unpinned: 'unpinned',
};

export type RevisionField = 'text' | 'kind' | 'component' | 'occurredAt' | 'action';

/** The fields a version changed from the one before it (none for the first). */
export function changedFields(revision: Revision, previous: Revision | undefined): Set<RevisionField> {
  const changed = new Set<RevisionField>();
  if (!previous) return changed;
  if (revision.text !== previous.text) changed.add('text');
  if (revision.kind !== previous.kind) changed.add('kind');
  if (revision.component !== previous.component) changed.add('component');
  if (revision.occurredAt !== previous.occurredAt) changed.add('occurredAt');
  if (JSON.stringify(revision.action) !== JSON.stringify(previous.action)) changed.add('action');
  return changed;
}

/** "Owner Ana · due 16:00 UTC · done": an action's state in one line, for history. */
export function actionText(action: ActionState): string {
  const owner = action.owner ? `owner ${action.owner}` : 'no owner';
  const due = action.due ? `due ${zonedClock(action.due, UTC)}` : 'no due time';
  return `${owner} · ${due} · ${action.done ? 'done' : 'open'}`;
}

/** Not done and past its due time. */
export function isOverdue(action: ActionState | null, now: number): boolean {
  return action !== null && !action.done && action.due !== null && Date.parse(action.due) < now;
}

const withUnit = (value: string, unit: string) => (unit ? `${value} ${unit}` : value);

/** "2,800 VMs", "—" when the room had no value. */
export function seenValue(m: Pick<SeenMetric, 'value' | 'unit'>): string {
  return m.value === null ? '—' : withUnit(formatNumber(m.value), m.unit);
}

/**
 * How old the number was when the decision was logged: "2 min old"; "STALE, 12 min old" when
 * the room knew it was out of date; "no sample" when there was none.
 */
export function sampleAge(m: Pick<SeenMetric, 'sampledAt' | 'stale'>, capturedAt: string): string {
  const old = m.sampledAt === null ? 'no sample' : `${age(Date.parse(capturedAt) - m.sampledAt)} old`;
  return m.stale ? `STALE, ${old}` : old;
}

/** "6 metrics: 1 CRIT, 2 WARN, 2 STALE": the evidence at a glance, before it is opened. */
export function evidenceSummary(evidence: Pick<DecisionEvidence, 'metrics'>): string {
  const { metrics } = evidence;
  if (metrics.length === 0) return 'no metrics on screen';
  let crit = 0;
  let warn = 0;
  let stale = 0;
  for (const m of metrics) {
    if (m.status === 'crit') crit++;
    else if (m.status === 'warn') warn++;
    if (m.stale) stale++;
  }
  const counts = [crit && `${crit} CRIT`, warn && `${warn} WARN`, stale && `${stale} STALE`].filter(Boolean);
  const total = `${metrics.length} metric${metrics.length === 1 ? '' : 's'}`;
  return counts.length === 0 ? `${total}, all OK and fresh` : `${total}: ${counts.join(', ')}`;
}

/** "Lacking VMs 2,800 VMs (sample 15:01:30 CET)": a metric at the decision's occurred time. */
export function pastMetricText(p: PastMetric, timeZone: string): string {
  return `${p.label} ${withUnit(formatNumber(p.value), p.unit)} (sample ${zonedClock(p.sampledAt, timeZone)})`;
}

export type RowAbilities = { edit: boolean; retract: boolean; pin: boolean };

/**
 * What the signed-in actor may do to an entry, mirroring the server (which decides): anyone may
 * edit and retract their own entries of a kind they may post (permission `entry.<kind>`),
 * `entry.moderate` anyone's; entries the server wrote are retracted, never edited; a retracted
 * entry is final.
 */
export function rowAbilities(entry: Pick<Entry, 'kind' | 'author' | 'retracted'>, actor: { name: string; role: Role } | null): RowAbilities {
  if (!actor) return { edit: false, retract: false, pin: false };
  const system = isSystemKind(entry.kind);
  const moderate = can(actor.role, 'entry.moderate');
  const own = !system && entry.author === actor.name && can(actor.role, `entry.${entry.kind as PostableKind}`);
  const open = entry.retracted === null;
  return { edit: open && !system && (own || moderate), retract: open && (own || moderate), pin: can(actor.role, 'entry.pin') };
}

export type PendingState = { label: string; detail: string | null };

/** What an unconfirmed draft row says about itself. */
export function pendingText(draft: { state: 'sending' | 'failed'; retryable: boolean; error: string | null }, online: boolean): PendingState {
  if (draft.state === 'failed' && !draft.retryable) return { label: 'NOT SAVED', detail: draft.error ?? 'refused by the server' };
  if (!online) return { label: 'pending', detail: 'pending — will send when back online' };
  if (draft.state === 'failed') return { label: 'pending', detail: draft.error ?? 'not confirmed yet; retrying' };
  return { label: 'pending', detail: null };
}
