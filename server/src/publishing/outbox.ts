/**
 * What a change announces to the incident's webhook, built before it is stored so that the
 * delivery is written in the change's own transaction: a change acknowledged to a person is
 * never one the status page misses, whatever crashes after. The body is built once here and
 * stored: every retry sends, and signs, the same bytes.
 */
import type { OutgoingEventType } from '#shared/deliveries';
import type { Incident } from '#shared/incident';
import type { NewDelivery } from '../store/store';

export function announcement(incident: Pick<Incident, 'id' | 'webhook'>, event: OutgoingEventType, data: unknown, at: string): NewDelivery[] {
  if (incident.webhook === null) return [];
  // The delivery id rides in X-Warroom-Delivery: the store assigns it as this body is written.
  const payload = JSON.stringify({ event, incidentId: incident.id, data });
  return [{ incidentId: incident.id, webhook: incident.webhook, event, payload, createdAt: at }];
}
