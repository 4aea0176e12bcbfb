/**
 * Entries the server writes (alert, metric, feed): each goes to the open incidents that show
 * its scope and follow its source — a drill's only into its own simulated incident, the
 * platform's into every unresolved real incident following that source.
 */
import type { Incident } from '#shared/incident';
import type { SystemKind } from '#shared/timeline';
import type { Logger } from '../logger';
import { PLATFORM, drillScope } from '../metrics/scopes';
import type { Store } from '../store/store';
import type { TimelineService } from './timeline.service';

export type SystemEntriesDeps = {
  store: Store;
  timeline: TimelineService;
  logger: Logger;
  /** A drill's recorded time now, so what the server writes into it sits among the replayed entries. */
  recordedNow: (incidentId: number) => number | undefined;
};

export class SystemEntries {
  constructor(private readonly deps: SystemEntriesDeps) {}

  /** Resolves once stored; never rejects (a lost system entry is logged, it must not stop a feed). */
  async post(scope: string, source: string, kind: SystemKind, text: string): Promise<void> {
    try {
      const incidents = (await this.deps.store.listIncidents()).filter((i) => receives(i, scope, source));
      for (const incident of incidents) {
        // An imported incident is a record of one that happened elsewhere: this platform's feeds are not its own.
        if ((await this.deps.store.importedMetrics(incident.id)) !== null) continue;
        const recordedAt = incident.simulated ? this.deps.recordedNow(incident.id) : undefined;
        await this.deps.timeline.postSystem(incident.id, { kind, text, author: source, simulated: incident.simulated }, recordedAt);
      }
    } catch (error) {
      this.deps.logger.error({ err: error, scope, source, kind }, 'could not write a system entry');
    }
  }
}

function receives(incident: Incident, scope: string, source: string): boolean {
  if (incident.status === 'resolved') return false;
  if (scope !== PLATFORM) return incident.simulated && drillScope(incident.id) === scope;
  return !incident.simulated && (incident.sources === null || incident.sources.includes(source));
}
