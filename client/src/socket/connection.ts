/** Connection lifecycle and list-level facts, wired once at start-up. */
import { Incident } from '#shared/incident';
import { z } from 'zod';
import { api } from '../api/http';
import { useStore } from '../store/store';
import { resendUnconfirmed } from '../timeline/post-entry';
import { socket } from './socket';

export async function refreshIncidents(): Promise<void> {
  const { incidents } = await api.get('/api/incidents', z.object({ incidents: z.array(Incident) }));
  useStore.getState().setIncidents(incidents);
}

export function startConnection(): void {
  const store = useStore.getState;
  socket.on('connect', () => {
    // For the browser benchmark (B8): "first state on screen" is measured from here.
    performance.mark('warroom:socket-connected');
    store().setConnection('live');
    resendUnconfirmed();
    void refreshIncidents().catch(() => {});
  });
  socket.on('disconnect', (reason) => {
    store().setConnection('offline', reason);
    // The server closed us on purpose (e.g. restarting): come back by ourselves.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (error) => store().setConnection('offline', error.message));
  socket.io.on('reconnect_attempt', () => store().setConnection('connecting', store().connection.error));
  socket.on('incidents:changed', (incident) => store().upsertIncident(incident));
  socket.connect();
}
