/**
 * Plays one scenario into one simulated incident: its metrics into the drill's own scope (never
 * the platform's) every tick, and its timeline entries and status changes when their recorded
 * time comes. Where the replay stands is a pure function of the incident's creation time and
 * the drill's speed, so a restarted server resumes it without repeating anything.
 */
import type { Incident } from '#shared/incident';
import type { MetricDef } from '#shared/metrics';
import { HISTORY_LIMIT } from '#shared/metric-merge';
import { type Cancel, type Clock, every } from '../clock';
import { toMetricDef } from '../config/metric-spec';
import { systemActor } from '../auth/actor';
import type { Scenario } from '../feeds/scenario/scenario-loader';
import { valuesAt } from '../feeds/scenario/scenario-curve';
import type { IncidentsService } from '../incidents/incidents.service';
import type { Logger } from '../logger';
import type { LiveMetrics, TimedSample } from '../metrics/live-metrics';
import type { TimelineService } from '../timeline/timeline.service';

export type DrillRunnerDeps = {
  clock: Clock;
  logger: Logger;
  incidents: IncidentsService;
  timeline: TimelineService;
  tickMs: number;
};

export class DrillRunner {
  private cancel: Cancel | null = null;
  private nextStep = 0;
  /** The post in flight, if any: stop() waits for it so the store is not closed under it. */
  private posting: Promise<void> | null = null;
  private readonly startedAt: number;
  private readonly speed: number;

  constructor(
    private readonly incident: Incident,
    private readonly scenario: Scenario,
    private readonly live: LiveMetrics,
    private readonly deps: DrillRunnerDeps,
  ) {
    this.startedAt = Date.parse(incident.createdAt);
    this.speed = incident.drill?.speed ?? 1;
    const staleMs = 2 * deps.tickMs;
    live.defineSource(scenario.id, scenario.metrics.map((m) => compressed(toMetricDef(m, scenario.id, staleMs), this.speed)));
  }

  /** Recorded (scenario) time at real time `t`, within the replay. */
  scenarioTime(t: number): number {
    const elapsed = Math.max(0, t - this.startedAt) * this.speed;
    return Math.min(this.scenario.start + elapsed, this.scenario.end);
  }

  get scenarioId(): string {
    return this.scenario.id;
  }

  finished(t = this.deps.clock.now()): boolean {
    return this.scenarioTime(t) >= this.scenario.end;
  }

  /** Backfills the sparklines, then plays on unless the replay is over. */
  start(): void {
    const now = this.deps.clock.now();
    this.live.write(this.backfill(now));
    this.tick();
    if (!this.finished(now)) this.cancel = every(this.deps.clock, this.deps.tickMs, () => this.tick());
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    await this.posting;
  }

  private tick(): void {
    const now = this.deps.clock.now();
    this.live.write(this.samplesAt(now));
    this.posting ??= this.postDue().finally(() => {
      this.posting = null;
    });
    if (this.finished(now)) {
      this.cancel?.();
      this.cancel = null;
    }
  }

  private samplesAt(t: number): TimedSample[] {
    return valuesAt(this.scenario, this.scenarioTime(t)).map(({ metric, value }) => ({ metric, value, at: t, source: this.scenario.id }));
  }

  /** A sparkline's worth of history since the drill began, so a restart keeps it. */
  private backfill(now: number): TimedSample[] {
    const end = Math.min(now, this.startedAt + (this.scenario.end - this.scenario.start) / this.speed);
    const step = Math.max(this.deps.tickMs, (end - this.startedAt) / HISTORY_LIMIT);
    const samples: TimedSample[] = [];
    for (let t = this.startedAt; t < end; t += step) samples.push(...this.samplesAt(t));
    return samples;
  }

  /**
   * Posts every entry and status change now due, in scenario order. Entries carry clientIds
   * and a status step applies only from the status before it, so a resumed replay repeats
   * nothing and never undoes a change a person made.
   */
  private async postDue(): Promise<void> {
    const id = this.incident.id;
    const actor = systemActor(`${this.scenario.id} replay`);
    const due = this.scenarioTime(this.deps.clock.now());
    const { steps } = this.scenario;
    try {
      for (; this.nextStep < steps.length && steps[this.nextStep]!.at <= due; this.nextStep++) {
        const step = steps[this.nextStep]!;
        if (step.type === 'entry') {
          const { kind, text, component } = step;
          const entry = { text, kind, clientId: `drill-${step.index}`, ...(component ? { component } : {}) };
          await this.deps.timeline.post(id, entry, actor, { simulated: true, recordedAt: step.at });
        } else if ((await this.deps.incidents.get(id)).status === step.from) {
          await this.deps.incidents.update(id, { status: step.to }, { actor }, { simulated: true, recordedAt: step.at });
        }
      }
    } catch (error) {
      this.deps.logger.error({ err: error, incident: id }, 'drill could not post');
    }
  }
}

/**
 * A drill plays `speed` times faster than it happened: its progress windows shrink to match, so
 * "stalled after 10 min" and "the rate over 10 min" mean ten minutes of the incident, not of
 * the replay (at ×40, ten real minutes are the whole outage).
 */
function compressed(def: MetricDef, speed: number): MetricDef {
  if (!def.progress) return def;
  const scale = (ms: number) => Math.max(1, Math.round(ms / speed));
  return { ...def, progress: { stalledAfterMs: scale(def.progress.stalledAfterMs), windowMs: scale(def.progress.windowMs) } };
}
