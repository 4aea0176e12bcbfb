/**
 * Live metrics are scoped, so a drill never pollutes reality: the real feed sources write the
 * platform's metrics, which every real incident shows (the sources it follows); each drill
 * writes only into its own scope, which only its simulated incident shows.
 */
import type { Incident } from '#shared/incident';
import type { MetricChange, MetricDef } from '#shared/metrics';
import { type Clock, throttle } from '../clock';
import { LiveMetrics, type MetricEvents } from './live-metrics';

export const PLATFORM = 'platform';
export const drillScope = (incidentId: number): string => `drill:${incidentId}`;

/** A simulated incident reads its drill's metrics; any other reads the platform's. */
export const scopeOf = (incident: Incident): string => (incident.simulated ? drillScope(incident.id) : PLATFORM);

/** Whether an incident shows a metric: a drill shows all of its own; a real incident, its followed sources'. */
export function follows(incident: Incident, def: MetricDef): boolean {
  return incident.simulated || incident.sources === null || incident.sources.includes(def.source);
}

export type ScopesDeps = {
  clock: Clock;
  /** Browsers get at most one metrics delta per interval per scope, however fast samples arrive. */
  pushIntervalMs: number;
  publish: (scope: string, changes: MetricChange[], removed: string[]) => void;
  events: (scope: string) => Omit<MetricEvents, 'onPending'>;
};

type Scope = { live: LiveMetrics; push: ReturnType<typeof throttle> };

export class MetricScopes {
  private readonly scopes = new Map<string, Scope>();

  constructor(private readonly deps: ScopesDeps) {
    this.open(PLATFORM);
  }

  get platform(): LiveMetrics {
    return this.scopes.get(PLATFORM)!.live;
  }

  get(scope: string): LiveMetrics | undefined {
    return this.scopes.get(scope)?.live;
  }

  /** A drill's own metrics; nothing else writes them. */
  openDrill(incidentId: number): LiveMetrics {
    return this.get(drillScope(incidentId)) ?? this.open(drillScope(incidentId));
  }

  closeDrill(incidentId: number): void {
    const scope = this.scopes.get(drillScope(incidentId));
    scope?.push.cancel();
    this.scopes.delete(drillScope(incidentId));
  }

  /** Lets every scope notice metrics that went stale. */
  sweep(): void {
    for (const { live } of this.scopes.values()) live.sweep();
  }

  /** Stale metrics on the platform, and in all running drills together. */
  staleCounts(): { platform: number; drills: number } {
    let drills = 0;
    for (const [name, { live }] of this.scopes) if (name !== PLATFORM) drills += live.staleCount();
    return { platform: this.platform.staleCount(), drills };
  }

  stop(): void {
    for (const { push } of this.scopes.values()) push.cancel();
  }

  private open(name: string): LiveMetrics {
    const push = throttle(this.deps.clock, this.deps.pushIntervalMs, () => {
      const { changes, removed } = live.flush();
      if (changes.length > 0 || removed.length > 0) this.deps.publish(name, changes, removed);
    });
    const live = new LiveMetrics(name, this.deps.clock, { ...this.deps.events(name), onPending: push });
    this.scopes.set(name, { live, push });
    return live;
  }
}
