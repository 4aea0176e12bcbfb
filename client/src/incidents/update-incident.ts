import type { Incident, IncidentStatus, Severity } from '#shared/incident';
import { refusalText } from '../api/http';
import { socket } from '../socket/socket';

/** Changes an incident as it was seen (its version); resolves the refusal to show, or null. */
export async function updateIncident(incident: Pick<Incident, 'id' | 'version'>, changes: { status?: IncidentStatus; severity?: Severity }): Promise<string | null> {
  try {
    const ack = await socket.timeout(8000).emitWithAck('incident:update', { incidentId: incident.id, version: incident.version, ...changes });
    return ack.ok ? null : refusalText(ack.error);
  } catch {
    return 'not confirmed by the server: check the connection and try again';
  }
}
