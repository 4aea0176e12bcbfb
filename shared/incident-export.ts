/**
 * An incident as one JSON file: everything the room recorded, so another Warroom instance can
 * hold it (`POST /api/incidents/import`) and an export of that copy reads the same apart from
 * ids. Metrics travel as a summary: the file records what happened, it does not feed sparklines.
 */
import { z } from 'zod';
import { FollowUp } from './follow-ups';
import { ImpactCell, ImpactChange } from './impact';
import { Incident } from './incident';
import { PublicUpdate } from './public-updates';
import { Entry, Revision } from './timeline';

export const EXPORT_FORMAT = 'warroom.incident-export';
export const EXPORT_VERSION = 1;

const Point = z.object({ at: z.number(), value: z.number() });
/** A metric over the incident: how many points, the first and last, the extremes. */
export const MetricSummary = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  points: z.number().int().nonnegative(),
  first: Point.nullable(),
  last: Point.nullable(),
  min: Point.nullable(),
  max: Point.nullable(),
});
export type MetricSummary = z.infer<typeof MetricSummary>;

/** An entry with its whole history, oldest first, its current version last (as GET …/revisions gives it). */
export const ExportedEntry = Entry.extend({ revisions: z.array(Revision) });
export type ExportedEntry = z.infer<typeof ExportedEntry>;

/** Strict: a field this version does not know is refused by name, not silently dropped. */
const ExportShape = z.strictObject({
  format: z.literal(EXPORT_FORMAT, { error: `not a Warroom incident export (format must be ${EXPORT_FORMAT})` }),
  version: z.literal(EXPORT_VERSION, { error: `export version ${EXPORT_VERSION} is the one this server reads` }),
  incident: Incident,
  /** In the order they were logged (id order), so an import keeps ties in the same order. */
  entries: z.array(ExportedEntry).max(200_000),
  impacts: z.object({ cells: z.array(ImpactCell), changes: z.array(ImpactChange) }),
  updates: z.array(PublicUpdate),
  followUps: z.array(FollowUp),
  metrics: z.array(MetricSummary),
});


type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

/** What the shapes alone do not say, and the store relies on: unique keys, whole histories, published means dated. */
function coherent(b: z.infer<typeof ExportShape>, ctx: Ctx): void {
  const ids = new Set<number>();
  const clientIds = new Set<string>();
  b.entries.forEach((e, i) => {
    if (ids.has(e.id)) issue(ctx, ['entries', i, 'id'], `entry id ${e.id} appears twice`);
    ids.add(e.id);
    if (e.clientId !== null && clientIds.has(e.clientId)) issue(ctx, ['entries', i, 'clientId'], `clientId ${e.clientId} appears twice`);
    if (e.clientId !== null) clientIds.add(e.clientId);
    if (e.text.length > 4000) issue(ctx, ['entries', i, 'text'], 'longer than 4000 characters');
    const versions = e.revisions.map((r) => r.version);
    if (versions.length === 0 || versions.at(-1) !== e.version || versions.some((v, j) => j > 0 && v <= versions[j - 1]!)) {
      issue(ctx, ['entries', i, 'revisions'], `must list versions in order, ending at the entry's version ${e.version}`);
    }
  });
  const cells = new Set<string>();
  b.impacts.cells.forEach((c, i) => {
    const key = `${c.product} ${c.zone}`;
    if (cells.has(key)) issue(ctx, ['impacts', 'cells', i], `cell ${c.product} in ${c.zone} appears twice`);
    cells.add(key);
  });
  b.updates.forEach((u, i) => {
    if ((u.state === 'published') !== (u.publishedAt !== null && u.publishedBy !== null)) {
      issue(ctx, ['updates', i, 'publishedAt'], 'a published update has publishedAt and publishedBy, a draft has neither');
    }
  });
}

export const IncidentExport = ExportShape.superRefine(coherent);
export type IncidentExport = z.infer<typeof IncidentExport>;
