/** Who is in an incident's room right now: volatile, never stored, never replayed. */
import { z } from 'zod';
import { Role } from './auth';

export const PresentPerson = z.object({
  name: z.string(),
  role: Role,
  /** How many screens this person has open on the incident (a wall TV and a laptop, say). */
  screens: z.number().int().positive(),
});
export type PresentPerson = z.infer<typeof PresentPerson>;

export const Presence = z.object({ incidentId: z.number().int().positive(), people: z.array(PresentPerson) });
export type Presence = z.infer<typeof Presence>;

/** Changes are coalesced: a crowd reconnecting at once sends one list per room per interval, not one per join. */
export const PRESENCE_EVERY_MS = 1000;
