/**
 * Turns alert transitions into timeline entries without flooding the timeline. Pure: the
 * caller owns the timer and calls `flush(now)` at the `flushAt` it is given.
 *
 * - Calm: while the last `windowMs` holds at most `threshold` transitions (this batch
 *   included), each is written as its own entry at once.
 * - Storm: past that (a webhook of 100 alerts, or the 11th alert within a minute) the batch is
 *   held, with everything after it, and written as one summary per kind:
 *   "+2990 alerts in 1 s; top: NodeDown ×2400, …". The first summary of a storm is written
 *   `gatherMs` after it began, so a burst of webhooks lands in one entry without making
 *   people wait a minute; the next ones at most once per `windowMs` while the storm lasts.
 * So a storm costs at most `threshold` single entries before it is recognised, then two
 * summaries a window; a single alert in a calm period appears at once.
 */
import type { AlertTransition } from './alert';
import { alertnameOf } from './alert-labels';
import { summaryText, type Tally, transitionText } from './alert-text';

export type AlertEntry = { kind: 'alert'; text: string; at: number };

export type StormOutput = {
  /** To write now, in order. */
  entries: AlertEntry[];
  /** When `flush` must be called for a held summary; null when nothing is held. */
  flushAt: number | null;
};

export type AlertStormOptions = {
  /** More single entries than this within `windowMs` is a storm (default 10). */
  threshold?: number;
  /** Default 1 min. */
  windowMs?: number;
  /** How long the first summary of a storm gathers before it is written (default 5 s). */
  gatherMs?: number;
  /** Alertnames listed in a summary (default 3). */
  top?: number;
};

/** `one`: the first transition, written as its own line when it stays the only one. */
type Kept = Tally & { one?: AlertTransition };
type Held = { first: number; last: number; firing: Kept; resolved: Kept };

// A storm's summary names only its top few alertnames; beyond this many distinct names the
// rest are still counted in the total.
const MAX_NAMES = 1_000;

export class AlertStorm {
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly gatherMs: number;
  private readonly top: number;
  /**
   * Transitions counted per slot of 1/60 of the window, so memory stays bounded however many
   * webhooks arrive; a slot leaves the count whole, up to one slot early.
   */
  private slots: { slot: number; count: number }[] = [];
  private held: Held | null = null;
  private lastSummaryAt = Number.NEGATIVE_INFINITY;

  constructor(options: AlertStormOptions = {}) {
    this.threshold = options.threshold ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.gatherMs = options.gatherMs ?? 5_000;
    this.top = options.top ?? 3;
  }

  add(transitions: readonly AlertTransition[], now: number): StormOutput {
    // A caller late with its flush must not hold a summary back any longer.
    const entries = this.flush(now).entries;
    if (transitions.length === 0) return { entries, flushAt: this.flushAt() };
    const inWindow = this.count(now, transitions.length);
    if (!this.held && inWindow <= this.threshold) {
      for (const t of transitions) entries.push({ kind: 'alert', text: transitionText(t), at: now });
      return { entries, flushAt: null };
    }
    const held = (this.held ??= { first: now, last: now, firing: tally(), resolved: tally() });
    held.last = now;
    for (const t of transitions) {
      const into = held[t.kind];
      into.count++;
      into.one ??= t;
      const name = alertnameOf(t.labels);
      if (into.byName.has(name) || into.byName.size < MAX_NAMES) into.byName.set(name, (into.byName.get(name) ?? 0) + 1);
    }
    return { entries, flushAt: this.flushAt() };
  }

  flush(now: number): StormOutput {
    const due = this.flushAt();
    if (!this.held || due === null || now < due) return { entries: [], flushAt: due };
    const { first, last, firing, resolved } = this.held;
    const entries: AlertEntry[] = [];
    for (const [kind, t] of [['firing', firing], ['resolved', resolved]] as const) {
      if (t.count === 0) continue;
      // A summary of one alert says less than the alert's own line.
      const text = t.count === 1 && t.one ? transitionText(t.one) : summaryText(kind, t, last - first, this.top);
      entries.push({ kind: 'alert', text, at: now });
    }
    this.held = null;
    this.lastSummaryAt = now;
    return { entries, flushAt: null };
  }

  /** Records `n` transitions at `now`; returns how many the last window holds. */
  private count(now: number, n: number): number {
    const width = this.windowMs / 60;
    const slot = Math.floor(now / width);
    this.slots = this.slots.filter((s) => s.slot > Math.floor((now - this.windowMs) / width));
    const last = this.slots.at(-1);
    if (last?.slot === slot) last.count += n;
    else this.slots.push({ slot, count: n });
    return this.slots.reduce((sum, s) => sum + s.count, 0);
  }

  private flushAt(): number | null {
    if (!this.held) return null;
    return Math.max(this.held.first + this.gatherMs, this.lastSummaryAt + this.windowMs);
  }
}

const tally = (): Kept => ({ count: 0, byName: new Map() });
