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

export const IncidentExport = z.object({
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
export type IncidentExport = z.infer<typeof IncidentExport>;
