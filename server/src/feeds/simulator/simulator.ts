/**
 * Replays the PAR6 scenario as a live demo incident: metric samples every tick and the
 * post-mortem's timeline entries at their compressed times. Replay position is a pure
 * function of the demo incident's creation time, so a restarted server resumes it.
 */
import { HISTORY_LIMIT } from '#shared/sync';
import type { Incident, IncidentStatus } from '#shared/incident';
import type { Component, PostEntryInput } from '#shared/timeline';
import type { Clock } from '../../clock';
import type { IncidentsService } from '../../incidents/incidents.service';
import type { Logger } from '../../logger';
import type { TimedSample } from '../../metrics/live-metrics';
import type { Store } from '../../store/store';
import type { TimelineService } from '../../timeline/timeline.service';
import type { FeedSource, SampleSink } from '../feed-source';
import { roundFor, valueAt } from './keyframes';
import { entries, metrics, scenario, statusChanges } from './par6-scenario';

export const SIMULATOR_SOURCE = 'simulator';

type Step =
  | { type: 'entry'; minute: number; index: number; component: Component; kind: PostEntryInput['kind']; text: string }
  | { type: 'status'; minute: number; from: IncidentStatus; to: IncidentStatus };

/** Entries and status changes in one timeline; at equal minutes, entries come first. */
const steps: Step[] = [
  ...entries.map(([minute, , component, kind, text], index): Step => ({ type: 'entry', minute, index, component, kind, text })),
  ...statusChanges.map(([minute, to], i): Step => ({ type: 'status', minute, from: statusChanges[i - 1]?.[1] ?? 'investigating', to })),
].toSorted((a, b) => a.minute - b.minute);
const AUTHOR = 'PAR6 replay';

export type SimulatorDeps = {
  store: Store;
  incidents: IncidentsService;
  timeline: TimelineService;
  clock: Clock;
  logger: Logger;
  durationMs: number;
  tickMs: number;
};

export class Simulator implements FeedSource {
  readonly name = SIMULATOR_SOURCE;
  private timer: NodeJS.Timeout | undefined;
  private incident: Incident | undefined;
  private nextStep = 0;
  /** The post in flight, if any: stop() waits for it so the store is not closed under it. */
  private posting: Promise<void> | null = null;

  constructor(private readonly deps: SimulatorDeps) {}

  get incidentId(): number | undefined {
    return this.incident?.id;
  }

  async start(sink: SampleSink): Promise<void> {
    const now = this.deps.clock.now();
    this.incident = await this.resumeOrCreate(now);
    sink.ingest(this.backfill(now));
    const tick = () => {
      sink.ingest(this.samplesAt(this.deps.clock.now()));
      this.posting ??= this.postDue().finally(() => {
        this.posting = null;
      });
    };
    tick();
    this.timer = setInterval(tick, this.deps.tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.posting;
  }

  private async resumeOrCreate(now: number): Promise<Incident> {
    const last = await this.deps.store.latestSimulatedIncident();
    if (last && now < Date.parse(last.createdAt) + this.deps.durationMs) {
      this.deps.logger.info({ incident: last.id }, 'resuming the PAR6 replay');
      return last;
    }
    const { title, timeZone } = scenario;
    return this.deps.incidents.create({ title, severity: 'SEV1', status: 'investigating', timeZone }, { simulated: true });
  }

  /** Scenario minute at real time `t`. */
  private minuteAt(t: number): number {
    const elapsed = Math.min(Math.max(t - Date.parse(this.incident!.createdAt), 0), this.deps.durationMs);
    return scenario.startMinute + (elapsed / this.deps.durationMs) * (scenario.endMinute - scenario.startMinute);
  }

  private samplesAt(t: number): TimedSample[] {
    const minute = this.minuteAt(t);
    return Object.entries(metrics).map(([metric, frames]) => ({
      metric,
      value: roundFor(metric, valueAt(frames, minute)),
      at: t,
      source: SIMULATOR_SOURCE,
    }));
  }

  /** History since the replay began (or a sparkline's worth), so a restart keeps its sparklines. */
  private backfill(now: number): TimedSample[] {
    const since = Math.max(Date.parse(this.incident!.createdAt), now - HISTORY_LIMIT * this.deps.tickMs);
    const samples: TimedSample[] = [];
    for (let t = since; t < now; t += this.deps.tickMs) samples.push(...this.samplesAt(t));
    return samples;
  }

  /**
   * Posts every entry and status change now due, in scenario order. Entries carry clientIds
   * and a status step applies only from the status before it, so a resumed replay repeats
   * nothing and never undoes a change a person made.
   */
  private async postDue(): Promise<void> {
    if (!this.incident) return;
    const id = this.incident.id;
    const minute = this.minuteAt(this.deps.clock.now());
    try {
      for (; this.nextStep < steps.length && steps[this.nextStep]!.minute <= minute; this.nextStep++) {
        const step = steps[this.nextStep]!;
        if (step.type === 'entry') {
          const { component, kind, text } = step;
          const entry = { text, component, kind, author: AUTHOR, clientId: `par6-${step.index}` };
          await this.deps.timeline.post(id, entry, { simulated: true });
        } else if ((await this.deps.incidents.get(id)).status === step.from) {
          await this.deps.incidents.update(id, { status: step.to, author: AUTHOR }, { simulated: true });
        }
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'simulator could not post');
    }
  }
}
