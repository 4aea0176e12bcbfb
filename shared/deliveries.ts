/**
 * The outgoing webhook's delivery log: every event sent to a status page or chat channel, and
 * every attempt to send it, so the room can see that the public side heard what it published.
 */
import { z } from 'zod';
import { UtcInstant } from './timeline';

/** What Warroom publishes out: a published update, or a change of the impact board. */
export const OutgoingEventType = z.enum(['update.published', 'impact.changed']);
export type OutgoingEventType = z.infer<typeof OutgoingEventType>;

export const DeliveryAttempt = z.object({
  at: UtcInstant,
  /** The receiver's HTTP status; null when there was no answer (refused, timed out). */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  id: z.number().int().positive(),
  incidentId: z.number().int().positive(),
  webhook: z.string(),
  event: OutgoingEventType,
  /** pending: another attempt is scheduled; failed: attempts ran out. */
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(DeliveryAttempt),
  createdAt: UtcInstant,
  nextAttemptAt: UtcInstant.nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
