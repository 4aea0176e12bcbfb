/**
 * The outgoing webhook: each published update and impact change POSTed as signed JSON to the
 * incident's webhook, retried with backoff, every attempt kept in the delivery log.
 *
 * A delivery is stored before anything is sent, and stays pending in the store until it is
 * delivered or given up, so a restart resumes it. Delivery is at least once: a server stopped
 * between an answer and its record sends again, with the same X-Warroom-Delivery id to dedupe on.
 *
 * One queue per webhook, in creation order: a receiver following updates must not read the
 * second before the first, so a failing delivery holds back those after it (on that webhook only).
 */
import type { Delivery, DeliveryAttempt, OutgoingEventType } from '#shared/deliveries';
import { type Cancel, type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { WebhookSpec } from '../config/impact-spec';
import { announcement } from './outbox';
import type { Logger } from '../logger';
import type { DeliveryStore, PendingDelivery } from '../store/store';
import { webhookHeaders } from './webhook-signature';


export type WebhookDeliveriesDeps = {
  store: DeliveryStore;
  clock: Clock;
  logger: Logger;
  webhooks: readonly WebhookSpec[];
  fetch?: typeof fetch;
  /** Attempts before a delivery is given up (8: about 2 minutes of trying at the defaults, then 5 more). */
  maxAttempts?: number;
  /** The wait after the first failed attempt; it doubles after each one, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long one attempt waits for an answer. */
  timeoutMs?: number;
  /** In [0, 1): spreads retries so webhooks failing together do not retry together. */
  random?: () => number;
  /** Called with a delivery once it is stored, and after each stored attempt. */
  onChange?: (d: Delivery) => void;
};

/** A delivery waiting its turn: what an attempt needs, kept in memory so it is not read again. */
type Queued = { id: number; event: OutgoingEventType; payload: string; attempts: number; nextAttemptAt: number; finished: boolean };
type Queue = { webhook: string; items: Queued[]; busy: boolean; timer: Cancel | null; parked: boolean };
type Answer = { status: number | null; error: string | null; retryAfterMs: number | null };

/** How many deliveries the log shows for one incident. */
const LOG_LIMIT = 500;
/** Retries come between 90% and 100% of the backoff: spread, and still never past `maxDelayMs`. */
const JITTER = 0.1;

const is2xx = (status: number | null) => status !== null && status >= 200 && status < 300;
// A receiver refusing the payload (400, 401, 404, 413…) will refuse it again; 408 and 429 mean "later".
const isRefusal = (status: number | null) => status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;

export class WebhookDeliveries {
  private readonly queues = new Map<string, Queue>();
  private webhooks = new Map<string, WebhookSpec>();
  private stopped = false;
  private readonly fetch: typeof fetch;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly deps: WebhookDeliveriesDeps) {
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.maxAttempts = deps.maxAttempts ?? 8;
    this.baseDelayMs = deps.baseDelayMs ?? 1000;
    this.maxDelayMs = deps.maxDelayMs ?? 5 * 60_000;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
    this.random = deps.random ?? Math.random;
    this.setWebhooks(deps.webhooks);
  }

  /** Stores the delivery (so it survives a restart), then sends it; resolves once stored. Unknown webhook id: throws. */
  async send(incidentId: number, webhookId: string, event: OutgoingEventType, data: unknown): Promise<Delivery> {
    if (!this.webhooks.has(webhookId)) throw new AppError('bad_request', `no webhook ${webhookId} is configured`, 'webhook');
    const [draft] = announcement({ id: incidentId, webhook: webhookId }, event, data, isoAt(this.deps.clock.now()));
    const stored = await this.deps.store.createDelivery(draft!);
    this.accept([stored]);
    const { payload: _payload, ...delivery } = stored;
    return delivery;
  }

  /**
   * Sends deliveries already stored, with the change they announce, in one transaction. A webhook
   * no longer in the config keeps its deliveries pending until it is back.
   */
  accept(stored: readonly PendingDelivery[]): void {
    for (const p of stored) {
      const { payload: _payload, ...delivery } = p;
      this.notify(delivery);
      this.kick(this.enqueue(p));
    }
  }

  /** The incident's delivery log, newest delivery first, each with every attempt. */
  list(incidentId: number): Promise<Delivery[]> {
    return this.deps.store.listDeliveries(incidentId, LOG_LIMIT);
  }

  /** After a restart: schedules every pending delivery at its nextAttemptAt. */
  async resume(): Promise<void> {
    const pending = await this.deps.store.pendingDeliveries();
    const touched = new Set(pending.map((p) => this.enqueue(p)));
    for (const queue of touched) this.kick(queue);
  }

  /** A config reload: later attempts use the new URL and secret; a webhook's waiting deliveries go out once it is back. */
  setWebhooks(webhooks: readonly WebhookSpec[]): void {
    this.webhooks = new Map(webhooks.map((w) => [w.id, w]));
    for (const queue of this.queues.values()) this.kick(queue);
  }

  /** Cancels timers; an attempt in flight may finish (and be recorded) but schedules nothing. */
  stop(): void {
    this.stopped = true;
    for (const queue of this.queues.values()) {
      queue.timer?.();
      queue.timer = null;
    }
  }

  private enqueue(p: PendingDelivery): Queue {
    let queue = this.queues.get(p.webhook);
    if (!queue) this.queues.set(p.webhook, (queue = { webhook: p.webhook, items: [], busy: false, timer: null, parked: false }));
    if (queue.items.some((x) => x.id === p.id)) return queue;
    const nextAttemptAt = Date.parse(p.nextAttemptAt ?? p.createdAt);
    queue.items.push({ id: p.id, event: p.event, payload: p.payload, attempts: p.attempts.length, nextAttemptAt, finished: false });
    // Ids grow with creation, so id order is creation order, whichever of send and resume came first.
    queue.items.sort((a, b) => a.id - b.id);
    return queue;
  }

  /** Starts the queue's worker unless one runs or waits already. */
  private kick(queue: Queue): void {
    if (this.stopped || queue.busy || queue.timer) return;
    queue.busy = true;
    void this.drain(queue)
      .catch((err: unknown) => this.deps.logger.error({ err, webhook: queue.webhook }, 'webhook queue stopped unexpectedly'))
      .finally(() => {
        queue.busy = false;
      });
  }

  /** Sends the queue's deliveries one at a time, the oldest first, until it is empty or must wait. */
  private async drain(queue: Queue): Promise<void> {
    while (!this.stopped) {
      const head = queue.items[0];
      if (!head) return;
      const spec = this.webhooks.get(queue.webhook);
      if (!spec) {
        // Removed from the config: its deliveries stay pending (stored), and go out if it comes back.
        if (!queue.parked) this.deps.logger.warn({ webhook: queue.webhook, pending: queue.items.length }, 'webhook no longer configured; its deliveries wait');
        queue.parked = true;
        return;
      }
      queue.parked = false;
      const wait = head.nextAttemptAt - this.deps.clock.now();
      if (wait > 0) {
        queue.timer = this.deps.clock.schedule(wait, () => {
          queue.timer = null;
          this.kick(queue);
        });
        return;
      }
      await this.attempt(spec, head);
      if (head.finished) queue.items = queue.items.filter((x) => x !== head);
    }
  }

  /** One POST, its outcome recorded; the in-memory state moves on even if the record fails (the store then resumes it). */
  private async attempt(spec: WebhookSpec, item: Queued): Promise<void> {
    const { clock, logger } = this.deps;
    const at = clock.now();
    const started = clock.preciseNow();
    const answer = await this.post(spec, item, at);
    const attempt: DeliveryAttempt = {
      at: isoAt(at),
      status: answer.status,
      error: answer.error,
      durationMs: Math.max(0, Math.round((clock.preciseNow() - started) * 1000) / 1000),
    };
    item.attempts += 1;
    const next = this.nextStep(item.attempts, answer);
    if (next.error !== null) attempt.error = next.error;
    if (next.nextAttemptAt === null) item.finished = true;
    else item.nextAttemptAt = next.nextAttemptAt;
    if (next.state !== 'delivered') {
      // The webhook's id only: neither its secret nor its URL (chat webhook URLs carry a token) is logged.
      logger.warn(
        { delivery: item.id, webhook: spec.id, event: item.event, attempt: item.attempts, status: answer.status, error: attempt.error, state: next.state },
        'webhook delivery attempt failed',
      );
    }
    try {
      const stored = await this.deps.store.recordAttempt(item.id, attempt, {
        state: next.state,
        nextAttemptAt: next.nextAttemptAt === null ? null : isoAt(next.nextAttemptAt),
      });
      this.notify(stored);
    } catch (err) {
      logger.error({ err, delivery: item.id, webhook: spec.id }, 'webhook delivery attempt not recorded');
    }
  }

  private async post(spec: WebhookSpec, item: Queued, at: number): Promise<Answer> {
    try {
      const res = await this.fetch(spec.url, {
        method: 'POST',
        headers: webhookHeaders(spec.secret, item, Math.floor(at / 1000), item.payload),
        body: item.payload,
        // A redirected POST may turn into a GET elsewhere: a 3xx is an answer to retry, not to follow.
        redirect: 'manual',
        // Wall-clock, and only for the network call: the waits between attempts run on the clock.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Only the status counts; cancelling the body frees the connection at once.
      await res.body?.cancel().catch(() => undefined);
      return {
        status: res.status,
        error: is2xx(res.status) ? null : `HTTP ${res.status}`,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), at),
      };
    } catch (err) {
      return { status: null, error: describeFailure(err, this.timeoutMs), retryAfterMs: null };
    }
  }

  /** What follows an attempt: done, given up (with why), or another try and when. */
  private nextStep(attempts: number, answer: Answer): { state: Delivery['state']; nextAttemptAt: number | null; error: string | null } {
    if (is2xx(answer.status)) return { state: 'delivered', nextAttemptAt: null, error: null };
    if (isRefusal(answer.status)) return { state: 'failed', nextAttemptAt: null, error: `HTTP ${answer.status}: refused by the receiver, not retried` };
    if (attempts >= this.maxAttempts) return { state: 'failed', nextAttemptAt: null, error: `${answer.error}; gave up after ${attempts} attempts` };
    const honoursRetryAfter = (answer.status === 429 || answer.status === 503) && answer.retryAfterMs !== null;
    const wait = honoursRetryAfter ? Math.min(answer.retryAfterMs!, this.maxDelayMs) : this.backoff(attempts);
    return { state: 'pending', nextAttemptAt: this.deps.clock.now() + wait, error: answer.error };
  }

  /** After the nth failed attempt: base·2^(n-1), at most maxDelayMs, less up to 10%. */
  private backoff(attempts: number): number {
    const delay = Math.min(this.baseDelayMs * 2 ** (attempts - 1), this.maxDelayMs);
    return Math.round(delay * (1 - JITTER * this.random()));
  }

  private notify(delivery: Delivery): void {
    try {
      this.deps.onChange?.(delivery);
    } catch (err) {
      this.deps.logger.error({ err, delivery: delivery.id }, 'delivery listener failed');
    }
  }
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** A failure without an answer, in words for the log: fetch says only "fetch failed", its cause says why. */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}
