/**
 * Shutting down without losing an acknowledged write: every command and request is counted while
 * it runs; once draining, new ones are refused (`unavailable`, the client retries after the
 * restart with the same `clientId`) and `drained` resolves when those in flight have committed
 * and answered, or at the deadline, whichever comes first. Past the deadline a request still in
 * flight (a body trickled in at a byte a second) is cut: it was never acknowledged, so its client
 * retries after the restart, and it cannot hold the process open.
 */
import type { RequestHandler, Response } from 'express';
import { AppError } from '../http/app-error';

export class Drain {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void) | null = null;
  /** REST requests in flight: cut at the deadline. */
  private readonly requests = new Set<Response>();

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
      this.requests.add(res);
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        this.requests.delete(res);
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
      const timer = setTimeout(() => {
        // Server.close() stops Node's request timeouts: without this, a slow upload would keep its
        // connection, and the process, open until its last byte.
        for (const res of this.requests) res.destroy();
        resolve();
      }, deadlineMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
