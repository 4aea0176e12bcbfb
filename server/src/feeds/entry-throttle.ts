/**
 * At most one timeline entry per key (a source, a metric) per window, so a flapping feed or a
 * metric hovering at its threshold writes one line, not a hundred. The first change is written
 * at once; changes within the window are held, and at its end the latest is written only if it
 * differs from what the timeline last said, noting how many changes it stands for.
 */
import type { Cancel, Clock } from '../clock';

type Key = { postedAt: number; postedState: string; held: { state: string; text: string } | null; changes: number; timer: Cancel | null };

export class EntryThrottle {
  private readonly keys = new Map<string, Key>();

  constructor(
    private readonly clock: Clock,
    private windowMs: number,
    private readonly post: (key: string, text: string) => void,
  ) {}

  /** `state` names what the text says ("stale", "crit"): two offers with the same state say the same thing. */
  offer(key: string, state: string, text: string): void {
    const now = this.clock.now();
    const k = this.keys.get(key);
    if (!k || now - k.postedAt >= this.windowMs) {
      k?.timer?.();
      this.keys.set(key, { postedAt: now, postedState: state, held: null, changes: 0, timer: null });
      this.post(key, text);
      return;
    }
    k.held = { state, text };
    k.changes++;
    k.timer ??= this.clock.schedule(k.postedAt + this.windowMs - now, () => this.release(key));
  }

  /** A reloaded config's window applies from the next entry on. */
  setWindow(ms: number): void {
    this.windowMs = ms;
  }

  stop(): void {
    for (const k of this.keys.values()) k.timer?.();
    this.keys.clear();
  }

  private release(key: string): void {
    const k = this.keys.get(key);
    if (!k) return;
    k.timer = null;
    const { held, changes } = k;
    k.held = null;
    k.changes = 0;
    if (!held || held.state === k.postedState) return;
    k.postedAt = this.clock.now();
    k.postedState = held.state;
    const minutes = Math.round(this.windowMs / 60_000);
    this.post(key, changes > 1 ? `${held.text} (after ${changes} changes in ${minutes} min)` : held.text);
  }
}
