import type { Cancel, Clock } from '../../server/src/clock';

type Timer = { at: number; order: number; fn: () => void };

/** Lets what a fired timer started (promises, setImmediate work such as a group commit) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock tests move by hand. Scheduled work runs only inside `advance`, in time order, each
 * timer seeing `now()` at its own due time, with the event loop settled between two timers.
 */
export class TestClock implements Clock {
  private timers: Timer[] = [];
  private order = 0;

  constructor(private t = Date.parse('2026-01-01T00:00:00Z')) {}

  now(): number {
    return this.t;
  }

  preciseNow(): number {
    return this.t;
  }

  schedule(ms: number, fn: () => void): Cancel {
    const timer = { at: this.t + Math.max(0, ms), order: this.order++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    for (;;) {
      const next = this.timers.reduce<Timer | null>((a, b) => (a === null || b.at < a.at || (b.at === a.at && b.order < a.order) ? b : a), null);
      if (next === null || next.at > target) break;
      this.timers = this.timers.filter((x) => x !== next);
      // A timer overdue since a `set` fires late, at the time it is now, as a real one would: time
      // never runs backwards, and an interval restarts from the jump instead of replaying the gap.
      this.t = Math.max(this.t, next.at);
      next.fn();
      await settle();
    }
    this.t = target;
  }

  /** Sets the time without firing anything (a clock jump). */
  set(t: number): void {
    this.t = t;
  }

  /** Timers waiting to fire (for asserting that nothing keeps running). */
  get pending(): number {
    return this.timers.length;
  }
}
