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

export const Entry = z.object({
  /** Increases with every entry ever stored: the order of the timeline. */
  id: z.number().int().positive(),
  incidentId: z.number().int().positive(),
  kind: EntryKind,
  text: z.string(),
  component: Component.nullable(),
  /** Who posted it: the name of the token that did, never a field a poster fills. */
  author: z.string(),
  /** "On behalf of": who the poster typed it for (a commander logging what a caller said). */
  onBehalfOf: z.string().nullable(),
  createdAt: z.iso.datetime(),
  clientId: z.string().nullable(),
  simulated: z.boolean(),
});
export type Entry = z.infer<typeof Entry>;

export const PostEntryInput = z.strictObject({
  text: Text(4000),
  component: Component.optional(),
  kind: PostableKind.default('note'),
  /** The author is the poster's token; this notes who it is written for, if someone else. */
  onBehalfOf: Text(80).optional(),
  /** Chosen by the client; posting the same clientId again stores nothing new. */
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits or _ . : -')
    .optional(),
});
export type PostEntryInput = z.infer<typeof PostEntryInput>;

export const TimelinePageQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TimelinePageQuery = z.infer<typeof TimelinePageQuery>;

export const TimelinePage = z.object({ entries: z.array(Entry), hasMore: z.boolean() });
export type TimelinePage = z.infer<typeof TimelinePage>;
