import { UpdateIncidentCommand } from '#shared/incident';
import type { SocketRouter } from '../sockets/socket-router';
import type { IncidentsService } from './incidents.service';

export function incidentsHandlers(on: SocketRouter, incidents: IncidentsService): void {
  on('incident:update', UpdateIncidentCommand, ({ incidentId, ...changes }, ctx) => incidents.update(incidentId, changes, ctx));
}
