/**
 * Action items' REST calls. Every change also reaches every screen as a `followup:changed`
 * room event, so the answers only say that the server accepted the change.
 */
import { z } from 'zod';
import { FollowUp, type EditFollowUpInput, type NewFollowUpInput } from '#shared/follow-ups';
import { api } from '../api/http';

const FollowUpBody = z.object({ followUp: FollowUp });

export const createFollowUp = async (incidentId: number, input: NewFollowUpInput): Promise<FollowUp> =>
  (await api.post(`/api/incidents/${incidentId}/action-items`, input, FollowUpBody)).followUp;

/** Changes an item as the person saw it (`version`): a stale one is refused with a 409. */
export const editFollowUp = async (incidentId: number, itemId: number, input: EditFollowUpInput): Promise<FollowUp> =>
  (await api.patch(`/api/incidents/${incidentId}/action-items/${itemId}`, input, FollowUpBody)).followUp;

/** The first problem zod finds, as "ref: must be one word…", for a form to show before sending. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
