import type { StateCreator } from 'zustand';
import type { Incident } from '#shared/incident';
import type { AppState } from './store';

export type IncidentsSlice = {
  /** Null until loaded. Sorted newest first. */
  incidents: Incident[] | null;
  setIncidents: (incidents: Incident[]) => void;
  upsertIncident: (incident: Incident) => void;
};

export const createIncidentsSlice: StateCreator<AppState, [], [], IncidentsSlice> = (set) => ({
  incidents: null,
  setIncidents: (incidents) => set({ incidents }),
  upsertIncident: (incident) =>
    set((s) => {
      if (s.incidents === null) return {};
      const others = s.incidents.filter((i) => i.id !== incident.id);
      const current = s.incidents.find((i) => i.id === incident.id);
      if (current && current.version > incident.version) return {};
      return { incidents: [incident, ...others].toSorted((a, b) => b.id - a.id) };
    }),
});
