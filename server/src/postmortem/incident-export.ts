/**
 * An incident as one file (shared/incident-export.ts) and back. The export reads everything from
 * the store, so it is the same whichever server wrote it; only the metric summary comes from
 * memory, and an imported incident keeps the summary it came with.
 */
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedEntry, type IncidentExport, type MetricSummary } from '#shared/incident-export';
import type { Incident } from '#shared/incident';
import type { MetricState } from '#shared/metrics';
import type { Entry } from '#shared/timeline';
import type { Store } from '../store/store';

const PAGE = 1000;

/** Every entry, in the order it was logged. */
export async function allEntries(store: Store, incidentId: number): Promise<Entry[]> {
  const all: Entry[] = [];
  for (let after = 0; ; ) {
    const page = await store.listEntries(incidentId, { after, limit: PAGE });
    all.push(...page.entries);
    if (!page.hasMore || page.entries.length === 0) return all;
    after = page.entries.at(-1)!.id;
  }
}

export async function exportIncident(store: Store, incident: Incident, liveMetrics: () => MetricState[]): Promise<IncidentExport> {
  const id = incident.id;
  const entries: ExportedEntry[] = [];
  for (const entry of await allEntries(store, id)) {
    entries.push({ ...entry, revisions: (await store.listRevisions(id, entry.id)) ?? [] });
  }
  const [cells, changes, updates, followUps, imported] = await Promise.all([
    store.listImpacts(id),
    store.listImpactChanges(id),
    store.listUpdates(id),
    store.listFollowUps(id),
    store.importedMetrics(id),
  ]);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    incident,
    entries,
    impacts: { cells, changes },
    updates,
    followUps,
    metrics: imported ?? summarize(liveMetrics(), Date.parse(incident.createdAt)),
  };
}

/** Each shown metric over the points held since the incident opened. */
export function summarize(metrics: readonly MetricState[], since: number): MetricSummary[] {
  return metrics
    .filter((m) => !m.def.hidden)
    .map((m) => {
      const points = m.history.filter(([at]) => at >= since).map(([at, value]) => ({ at, value }));
      const pick = (better: (a: number, b: number) => boolean) =>
        points.reduce<(typeof points)[number] | null>((best, p) => (best === null || better(p.value, best.value) ? p : best), null);
      return {
        id: m.def.id,
        label: m.def.label,
        unit: m.def.unit,
        points: points.length,
        first: points[0] ?? null,
        last: points.at(-1) ?? null,
        min: pick((a, b) => a < b),
        max: pick((a, b) => a > b),
      };
    });
}
