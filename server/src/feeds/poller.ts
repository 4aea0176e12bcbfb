/**
 * Polls one source so that polling never makes an outage worse: at most one request in flight,
 * a jittered first poll (twenty sources configured together do not fire together), backoff with
 * jitter while it fails (a struggling Prometheus is not hammered), and a timeout that aborts the
 * request. Each source has its own poller, so a slow source never delays another.
 */
import type { FeedStatus } from '#shared/feeds';
import type { Cancel, Clock } from '../clock';
import { FeedError } from './observation';

export type PollTiming = { intervalMs: number; timeoutMs: number };

/** Backoff doubles per failure up to this many intervals (and never past MAX_BACKOFF_MS). */
const MAX_BACKOFF_INTERVALS = 8;
const MAX_BACKOFF_MS = 5 * 60_000;

export type PollerDeps = {
  clock: Clock;
  random: () => number;
  timing: PollTiming;
  /** One poll; rejects with a FeedError (or anything) when the source failed. */
  poll: (signal: AbortSignal) => Promise<void>;
  /** `message` is for the tiles; `error` is for the log. */
  onError: (message: string, error: unknown) => void;
};

export class Poller {
  private timer: Cancel | null = null;
  private inFlight: { promise: Promise<void>; abort: AbortController } | null = null;
  private stopped = true;
  private failures = 0;
  private state: FeedStatus['state'] = 'starting';
  private lastSuccessAt: number | null = null;
  private lastError: FeedStatus['lastError'] = null;
  private latencyMs: number | null = null;
  private nextPollAt: number | null = null;

  constructor(private readonly deps: PollerDeps) {}

  start(): void {
    this.stopped = false;
    this.after(this.deps.random() * this.deps.timing.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    this.timer = null;
    this.nextPollAt = null;
    const running = this.inFlight;
    running?.abort.abort(new FeedError('stopped'));
    await running?.promise;
  }

  status() {
    const { state, lastSuccessAt, lastError, latencyMs, nextPollAt } = this;
    return { state, intervalMs: this.deps.timing.intervalMs, lastSuccessAt, lastError, latencyMs, nextPollAt, consecutiveFailures: this.failures };
  }

  /** The delay before the next poll: the interval, or a jittered backoff after failures. */
  nextDelay(): number {
    const { intervalMs } = this.deps.timing;
    if (this.failures === 0) return intervalMs;
    const backoff = Math.min(intervalMs * 2 ** Math.min(this.failures - 1, Math.log2(MAX_BACKOFF_INTERVALS)), MAX_BACKOFF_MS);
    // "Equal jitter": at least half the backoff, so a failing source is never polled in a burst.
    return Math.max(intervalMs, backoff / 2 + (this.deps.random() * backoff) / 2);
  }

  private after(ms: number): void {
    if (this.stopped) return;
    this.nextPollAt = this.deps.clock.now() + ms;
    this.timer = this.deps.clock.schedule(ms, () => void this.run());
  }

  private async run(): Promise<void> {
    this.timer = null;
    if (this.inFlight || this.stopped) return;
    const { clock, timing } = this.deps;
    const abort = new AbortController();
    const started = clock.now();
    const timeout = clock.schedule(timing.timeoutMs, () =>
      abort.abort(new FeedError(`timed out after ${formatSeconds(timing.timeoutMs)}`)),
    );
    const promise = (async () => {
      try {
        await raceAbort(this.deps.poll(abort.signal), abort.signal);
        this.failures = 0;
        this.state = 'ok';
        this.lastSuccessAt = clock.now();
        this.latencyMs = clock.now() - started;
      } catch (error) {
        if (this.stopped) return;
        this.failures++;
        this.state = 'failing';
        const message = describe(error);
        this.lastError = { message, at: clock.now() };
        this.deps.onError(message, error);
      } finally {
        timeout();
      }
    })();
    this.inFlight = { promise, abort };
    await promise;
    this.inFlight = null;
    this.after(this.nextDelay());
  }
}

/** A poll that ignores its signal still ends at the timeout. */
function raceAbort(work: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** A FeedError says what a person needs; anything else is a bug, whose text stays in the server log. */
function describe(error: unknown): string {
  return error instanceof FeedError ? error.message : 'internal error in the adapter (see the server log)';
}
