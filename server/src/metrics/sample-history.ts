/**
 * Keeps the platform's metric history on disk, downsampled and bounded, so a restarted server
 * still shows the last hours in its sparklines (and exports can summarise an incident's metrics).
 * At most one point per metric per `resolutionMs` is kept, for `keepMs`; writes are batched.
 */
import { every, type Cancel, type Clock } from '../clock';
import type { Logger } from '../logger';
import type { Store, StoredSample } from '../store/store';
import type { LiveMetrics } from './live-metrics';
import type { MetricChange } from '#shared/metrics';
import { HISTORY_LIMIT } from '#shared/metric-merge';

const WRITE_EVERY_MS = 10_000;
const PRUNE_EVERY_MS = 3_600_000;
/** How far back a restart looks for history to show. */
const RESTORE_SPAN_MS = 24 * 3_600_000;

export class SampleHistory {
  private buffer: StoredSample[] = [];
  private readonly lastKept = new Map<string, number>();
  private timers: Cancel[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { store: Store; clock: Clock; logger: Logger; scope: string; resolutionMs: number; keepMs: number },
  ) {}

  /**
   * Seeds the live metrics from the store; call after the sources defined their metrics.
   * `pushSources` (id → stale time): a metric a script created there comes back as it was created, plain.
   */
  async restore(live: LiveMetrics, pushSources: ReadonlyMap<string, number>): Promise<void> {
    const since = this.deps.clock.now() - Math.min(RESTORE_SPAN_MS, this.deps.keepMs);
    const stored = await this.deps.store.readSamples(this.deps.scope, since, HISTORY_LIMIT);
    for (const [id, { source, points }] of stored) {
      const staleAfterMs = pushSources.get(source);
      if (!live.get(id) && staleAfterMs !== undefined) live.recreate(id, { id: source, staleAfterMs });
      live.restore(id, points);
      this.lastKept.set(id, points[points.length - 1]![0]);
    }
  }

  start(): void {
    this.timers = [every(this.deps.clock, WRITE_EVERY_MS, () => void this.write()), every(this.deps.clock, PRUNE_EVERY_MS, () => void this.prune())];
  }

  /** Called with every published change of the scope. */
  record(changes: readonly MetricChange[], sourceOf: (id: string) => string | undefined): void {
    for (const c of changes) {
      const source = sourceOf(c.id);
      if (source === undefined) continue;
      for (const [at, value] of c.points) {
        if (at - (this.lastKept.get(c.id) ?? -Infinity) < this.deps.resolutionMs) continue;
        this.lastKept.set(c.id, at);
        this.buffer.push({ metric: c.id, source, at, value });
      }
    }
  }

  async stop(): Promise<void> {
    for (const cancel of this.timers) cancel();
    await this.write();
  }

  private write(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return this.writing;
    this.writing = this.writing
      .then(() => this.deps.store.appendSamples(this.deps.scope, batch))
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'could not store metric samples'));
    return this.writing;
  }

  private async prune(): Promise<void> {
    try {
      await this.deps.store.pruneSamples(this.deps.clock.now() - this.deps.keepMs);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not prune metric samples');
    }
  }
}
