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

/** The roles a crisis conference assigns: who leads, who writes it down, who speaks to customers. */
export const IncidentRole = z.enum(['commander', 'scribe', 'comms']);
export type IncidentRole = z.infer<typeof IncidentRole>;
export const ROLE_TITLE: Record<IncidentRole, string> = {
  commander: 'Incident commander',
  scribe: 'Scribe',
  comms: 'Communications lead',
};
export const IncidentRoles = z.object({ commander: z.string().nullable(), scribe: z.string().nullable(), comms: z.string().nullable() });
export type IncidentRoles = z.infer<typeof IncidentRoles>;
const Holder = Text(80).refine((s) => s.trim().length > 0, 'must not be blank (send null to leave the role empty)').nullable();
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
  /** Who holds each incident role now; every handover is a timeline entry. */
  roles: IncidentRoles,
  /** The config's outgoing webhook its published updates and impact changes go to; null: none. */
  webhook: z.string().nullable(),
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
  /** An outgoing webhook of the config file to publish to. */
  webhook: SourceId.optional(),
});
export type CreateIncidentInput = z.infer<typeof CreateIncidentInput>;

export const IncidentChanges = z.strictObject({
    title: Title.optional(),
    severity: Severity.optional(),
    status: IncidentStatus.optional(),
    /** Hand a role over (null: nobody holds it). */
    roles: z.strictObject({ commander: Holder.optional(), scribe: Holder.optional(), comms: Holder.optional() }).optional(),
    /** Publish to this config webhook from now on (null: stop publishing). */
    webhook: SourceId.nullable().optional(),
    /** If given, the update is refused unless the incident is still at this version. */
  version: z.number().int().positive().optional(),
});

export function changesSomething(u: z.infer<typeof IncidentChanges>): boolean {
  const roles = u.roles ?? {};
  return (
    u.title !== undefined || u.severity !== undefined || u.status !== undefined || u.webhook !== undefined || Object.values(roles).some((r) => r !== undefined)
  );
}
const NOTHING_TO_CHANGE = { message: 'nothing to change: send title, severity, status, roles or webhook' };

export const UpdateIncidentInput = IncidentChanges.refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateIncidentInput = z.infer<typeof UpdateIncidentInput>;

export const UpdateIncidentCommand = IncidentChanges.extend({ incidentId: IncidentId }).refine(
  changesSomething,
  NOTHING_TO_CHANGE,
);
export type UpdateIncidentCommand = z.input<typeof UpdateIncidentCommand>;
