/**
 * Shutting down without losing an acknowledged write: every command and request is counted while
 * it runs; once draining, new ones are refused (`unavailable`, the client retries after the
 * restart with the same `clientId`) and `drained` resolves when those in flight have committed
 * and answered, or at the deadline, whichever comes first.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../http/app-error';

export class Drain {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void) | null = null;

  get isDraining(): boolean {
    return this.draining;
  }

  /** Runs `work` as one in-flight unit; refused once draining. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.draining) throw new AppError('unavailable', 'the server is restarting: try again in a moment');
    this.inFlight++;
    try {
      return await work();
    } finally {
      if (--this.inFlight === 0) this.idle?.();
    }
  }

  /** Express: counts a request until its response is sent; answers 503 once draining. */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      if (this.draining) {
        // The keep-alive connection must end too, or a busy client keeps it open for ever.
        res.setHeader('Connection', 'close');
        throw new AppError('unavailable', 'the server is restarting: try again in a moment');
      }
      this.inFlight++;
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        if (--this.inFlight === 0) this.idle?.();
      };
      res.once('finish', end);
      res.once('close', end);
      next();
    };
  }

  /** Stops admitting work; resolves once nothing is in flight, or after `deadlineMs`. */
  drained(deadlineMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, deadlineMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
