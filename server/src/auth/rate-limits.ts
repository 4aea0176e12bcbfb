/**
 * Writes per token, REST and socket alike: a script gone wrong (or a stolen link) cannot flood
 * the timeline. Counted in fixed 10-second windows per token, in memory (rate-limiter-flexible);
 * ingest and webhooks have their own, larger budget.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '#shared/auth';
import { AppError } from '../http/app-error';

export type RateLimits = { writesPer10s: number; ingestPer10s: number };

export class WriteLimiter {
  private readonly writes: RateLimiterMemory;
  private readonly ingest: RateLimiterMemory;

  constructor(limits: RateLimits) {
    this.writes = new RateLimiterMemory({ points: limits.writesPer10s, duration: 10 });
    this.ingest = new RateLimiterMemory({ points: limits.ingestPer10s, duration: 10 });
  }

  /** Counts one write by `actor`; throws `rate_limited` with when to try again. */
  async consume(actor: Actor, kind: 'write' | 'ingest'): Promise<void> {
    if (actor.tokenId.startsWith('system:')) return;
    try {
      await (kind === 'ingest' ? this.ingest : this.writes).consume(actor.tokenId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError('rate_limited', `too many writes from this token: try again in ${seconds} s`, undefined, seconds);
    }
  }
}
