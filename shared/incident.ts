import { z } from 'zod';
import { Text } from './text';

export const Severity = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
export type Severity = z.infer<typeof Severity>;

/** Statuspage's incident vocabulary, which customers already know. */
export const IncidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export function isTimeZone(name: string): boolean {
  try {
    // Throws a RangeError for a zone the runtime does not know.
    // oxlint-disable-next-line no-new
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z.string().refine(isTimeZone, 'not a known IANA time zone (e.g. Europe/Paris)');

export const IncidentId = z.number().int().positive();
/** An id as it arrives in a URL path: text to be read as a number. */
export const IncidentIdParam = z.coerce.number().int().positive();

export const Incident = z.object({
  id: IncidentId,
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  timeZone: z.string(),
  /** Simulated incidents come from a drill (a replayed scenario), never from a person. */
  simulated: z.boolean(),
  /** The scenario a drill replays and at what speed; its metrics are its own, never the platform's. */
  drill: z.object({ scenario: z.string(), speed: z.number().positive() }).nullable(),
  /** The feed sources whose metrics and entries this incident shows; null: all of them. */
  sources: z.array(z.string()).nullable(),
  /** Bumped on every change; PATCH may send it to refuse a lost update. */
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Incident = z.infer<typeof Incident>;

const Title = Text(200);

export const SourceId = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be 1–32 lowercase letters, digits, _ or - starting with a letter');

export const CreateIncidentInput = z.strictObject({
  title: Title,
  severity: Severity.default('SEV2'),
  status: IncidentStatus.default('investigating'),
  timeZone: TimeZone.default('Europe/Paris'),
  /** Feed sources to follow (default: all); each must be configured. */
  sources: z.array(SourceId).min(1).max(100).optional(),
});
export type CreateIncidentInput = z.infer<typeof CreateIncidentInput>;

export const IncidentChanges = z.strictObject({
    title: Title.optional(),
    severity: Severity.optional(),
    status: IncidentStatus.optional(),
    /** If given, the update is refused unless the incident is still at this version. */
  version: z.number().int().positive().optional(),
});

export function changesSomething(u: z.infer<typeof IncidentChanges>): boolean {
  return u.title !== undefined || u.severity !== undefined || u.status !== undefined;
}
const NOTHING_TO_CHANGE = { message: 'nothing to change: send title, severity or status' };

export const UpdateIncidentInput = IncidentChanges.refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateIncidentInput = z.infer<typeof UpdateIncidentInput>;

export const UpdateIncidentCommand = IncidentChanges.extend({ incidentId: IncidentId }).refine(
  changesSomething,
  NOTHING_TO_CHANGE,
);
export type UpdateIncidentCommand = z.input<typeof UpdateIncidentCommand>;
