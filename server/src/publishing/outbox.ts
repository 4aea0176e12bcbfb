/**
 * What the incident services hand to the outgoing webhook: an event for the incident's webhook,
 * if it has one. The change it reports is already stored and acknowledged by then, so a webhook
 * that cannot be reached (or was removed from the config) is logged, never an error to the person.
 */
import type { OutgoingEventType } from '#shared/deliveries';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { WebhookDeliveries } from './webhook-deliveries';

export function outbox(deps: { store: Store; deliveries: WebhookDeliveries; logger: Logger }) {
  return async (incidentId: number, event: OutgoingEventType, data: unknown): Promise<void> => {
    const incident = await deps.store.getIncident(incidentId);
    if (!incident?.webhook) return;
    try {
      await deps.deliveries.send(incidentId, incident.webhook, event, data);
    } catch (error) {
      deps.logger.warn({ err: error, incident: incidentId, webhook: incident.webhook }, 'outgoing webhook delivery not queued');
    }
  };
}
