import { z } from 'zod';
import { Text } from './text';

/** The component tags of the PAR post-mortems' timeline tables. */
export const Component = z.enum([
  'Infrastructure',
  'Network',
  'Load Balancers',
  'DBaaS',
  'Messaging',
  'Observability',
  'Deployments',
  'Customers',
  'Core APIs',
]);
export type Component = z.infer<typeof Component>;

/**
 * People post notes, decisions, actions and customer communications. The server writes the
 * others: `status` when an incident changes, `alert` for Alertmanager's firing and resolved
 * alerts, `metric` for threshold crossings, `feed` when a source goes stale or recovers.
 */
export const EntryKind = z.enum(['note', 'decision', 'action', 'comms', 'status', 'alert', 'metric', 'feed']);
export type EntryKind = z.infer<typeof EntryKind>;
export const SystemKind = EntryKind.extract(['status', 'alert', 'metric', 'feed']);
export type SystemKind = z.infer<typeof SystemKind>;
export const PostableKind = EntryKind.exclude(SystemKind.options);
export type PostableKind = z.infer<typeof PostableKind>;
export const isSystemKind = (kind: EntryKind): kind is SystemKind => (SystemKind.options as string[]).includes(kind);

/** An instant as the API takes it: ISO 8601 with `Z` or an offset (`2025-03-03T15:02:00+01:00`). */
export const Instant = z.iso.datetime({ offset: true });
/** An instant as the server writes it: always UTC, with milliseconds, so text order is time order. */
export const UtcInstant = z.iso.datetime();

/** What an action entry tracks: who does it, by when, and whether it is done. */
export const ActionState = z.object({
  owner: z.string().nullable(),
  due: UtcInstant.nullable(),
  done: z.boolean(),
});
export type ActionState = z.infer<typeof ActionState>;

/** One metric as the room saw it when a decision was logged: value, status and how old it was. */
export const SeenMetric = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  status: z.enum(['ok', 'warn', 'crit', 'unknown']),
  sampledAt: z.number().nullable(),
  stale: z.boolean(),
});
export type SeenMetric = z.infer<typeof SeenMetric>;

/** A metric's value at a past instant, read from history: the last sample at or before it. */
export const PastMetric = z.object({ id: z.string(), label: z.string(), unit: z.string(), value: z.number(), sampledAt: z.number() });
export type PastMetric = z.infer<typeof PastMetric>;

/**
 * What the room saw when a decision was logged, frozen with it: the live metrics at room seq
 * `seq` (the state a client holds once it has applied events up to `seq`). A backdated
 * decision also carries the values at its occurred time, for the metrics whose history reaches it.
 */
export const DecisionEvidence = z.object({
  seq: z.number().int().nonnegative(),
  capturedAt: UtcInstant,
  metrics: z.array(SeenMetric),
  atOccurred: z.array(PastMetric).nullable(),
});
export type DecisionEvidence = z.infer<typeof DecisionEvidence>;

export const Retraction = z.object({ reason: z.string(), by: z.string(), at: UtcInstant });
export type Retraction = z.infer<typeof Retraction>;

export const Entry = z.object({
  /** Increases with every entry ever stored: the order in which entries were logged. */
  id: z.number().int().positive(),
  incidentId: z.number().int().positive(),
  kind: EntryKind,
  text: z.string(),
  component: Component.nullable(),
  /** Who posted it: the name of the token that did, never a field a poster fills. */
  author: z.string(),
  /** "On behalf of": who the poster typed it for (a commander logging what a caller said). */
  onBehalfOf: z.string().nullable(),
  /** When it happened, as the poster said (default: when it was logged). The timeline's order. */
  occurredAt: UtcInstant,
  /** When the server stored it. */
  loggedAt: UtcInstant,
  clientId: z.string().nullable(),
  simulated: z.boolean(),
  /** 1 when posted; every revision, retraction, pin or action change adds one (S5). */
  version: z.number().int().positive(),
  /** The last change after posting: who and when; null while the entry is as posted. */
  revisedBy: z.string().nullable(),
  revisedAt: UtcInstant.nullable(),
  /** Struck through, never deleted. */
  retracted: Retraction.nullable(),
  pinned: z.boolean(),
  /** Only for action entries. */
  action: ActionState.nullable(),
  /** Only for decisions. */
  evidence: DecisionEvidence.nullable(),
});
export type Entry = z.infer<typeof Entry>;

/** A time this far ahead of the server's clock is refused: the future has not happened. */
export const FUTURE_SLACK_MS = 60_000;
/** An entry that occurred this long before it was logged is shown as backdated. */
export const BACKDATED_AFTER_MS = 60_000;
/** A drill's entries carry the scenario's recorded time on purpose: a replay is not backdating. */
export const isBackdated = (e: Pick<Entry, 'occurredAt' | 'loggedAt'> & { simulated?: boolean }): boolean =>
  e.simulated !== true && Date.parse(e.loggedAt) - Date.parse(e.occurredAt) > BACKDATED_AFTER_MS;

export const ClientId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits or _ . : -');
const Owner = Text(80).refine((s) => s.trim().length > 0, 'must not be blank');

export const PostEntryInput = z.strictObject({
  text: Text(4000).refine((s) => s.trim().length > 0, 'must not be blank'),
  component: Component.optional(),
  kind: PostableKind.default('note'),
  /** When it happened, if not now: ISO 8601 with an offset. */
  occurredAt: Instant.optional(),
  /** The author is the poster's token; this notes who it is written for, if someone else. */
  onBehalfOf: Text(80).optional(),
  /** Action entries only. */
  owner: Owner.optional(),
  due: Instant.optional(),
  /** Chosen by the client; posting the same clientId again stores nothing new. */
  clientId: ClientId.optional(),
});
export type PostEntryInput = z.infer<typeof PostEntryInput>;

/** A revision: the version it edits (a stale one is refused) and the fields that change. */
export const ReviseEntryFields = z.strictObject({
    version: z.number().int().positive(),
    text: Text(4000).refine((s) => s.trim().length > 0, 'must not be blank').optional(),
    component: Component.nullable().optional(),
    kind: PostableKind.optional(),
    occurredAt: Instant.optional(),
    owner: Owner.nullable().optional(),
    due: Instant.nullable().optional(),
    done: z.boolean().optional(),
});
/** Something besides the version must change. */
export const revisesSomething = {
  check: (r: Record<string, unknown>) => Object.keys(r).some((k) => !['version', 'incidentId', 'entryId'].includes(k) && r[k] !== undefined),
  message: { message: 'nothing to change: send text, component, kind, occurredAt, owner, due or done' },
};
export const ReviseEntryInput = ReviseEntryFields.refine(revisesSomething.check, revisesSomething.message);
export type ReviseEntryInput = z.infer<typeof ReviseEntryInput>;

export const RetractEntryInput = z.strictObject({
  reason: Text(500).refine((s) => s.trim().length > 0, 'must say why'),
  version: z.number().int().positive().optional(),
});
export type RetractEntryInput = z.infer<typeof RetractEntryInput>;

export const PinEntryInput = z.strictObject({ pinned: z.boolean() });
export type PinEntryInput = z.infer<typeof PinEntryInput>;

/** One version of an entry, as its history shows it. */
export const Revision = z.object({
  version: z.number().int().positive(),
  change: z.enum(['posted', 'edited', 'retracted', 'pinned', 'unpinned']),
  by: z.string(),
  at: UtcInstant,
  text: z.string(),
  kind: EntryKind,
  component: Component.nullable(),
  occurredAt: UtcInstant,
  action: ActionState.nullable(),
  retracted: Retraction.nullable(),
});
export type Revision = z.infer<typeof Revision>;

const Flag = z.enum(['true', 'false']).transform((s) => s === 'true');

export const TimelineQuery = z.strictObject({
  /** Older than this entry in timeline order (occurred time, then id). */
  before: z.coerce.number().int().positive().optional(),
  /** Stored after this entry id, oldest first: what a screen missed while away. */
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Full-text search in the entries' current text: every word, the last one as a prefix. */
  q: Text(200)
    .refine((q) => /[\p{L}\p{N}]/u.test(q), 'has no word to search for')
    .optional(),
  kind: EntryKind.optional(),
  component: Component.optional(),
  author: Text(80).optional(),
  pinned: Flag.optional(),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const TimelinePage = z.object({ entries: z.array(Entry), hasMore: z.boolean() });
export type TimelinePage = z.infer<typeof TimelinePage>;

/** Timeline order: occurred time, then id (the order in which they were logged). */
export function compareEntries(a: Pick<Entry, 'occurredAt' | 'id'>, b: Pick<Entry, 'occurredAt' | 'id'>): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return a.id - b.id;
}
