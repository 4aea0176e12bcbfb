/** The post-mortem's REST calls. */
import { z } from 'zod';
import { Incident } from '#shared/incident';
import { api } from '../api/http';

/** The Markdown in `timeZone`; `download` asks the server for an attachment instead. */
export const postmortemUrl = (incidentId: number, timeZone: string, download = false): string =>
  `/api/incidents/${incidentId}/postmortem.md?${new URLSearchParams({ tz: timeZone, ...(download ? { download: '1' } : {}) })}`;

export const exportUrl = (incidentId: number): string => `/api/incidents/${incidentId}/export.json`;

/** GET /api/incidents/:id answers the incident itself, not wrapped. */
export const getIncident = (incidentId: number, signal?: AbortSignal): Promise<Incident> =>
  api.get(`/api/incidents/${incidentId}`, Incident, signal ? { signal } : {});

export const fetchPostmortem = (incidentId: number, timeZone: string, signal?: AbortSignal): Promise<string> =>
  api.text(postmortemUrl(incidentId, timeZone), signal ? { signal } : {});

/** POST /api/incidents/import: the new incident, under a new id. */
export const importIncident = async (bundle: unknown): Promise<Incident> =>
  (await api.post('/api/incidents/import', bundle, z.object({ incident: Incident }))).incident;
