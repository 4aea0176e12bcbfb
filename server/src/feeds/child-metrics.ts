/**
 * Metrics a source discovers as it polls (one per Prometheus split value, per RAID array, per
 * broker): defined the first time they appear, removed once they have been gone for long
 * enough that their stale tile says nothing more.
 */
import type { MetricDef } from '#shared/metrics';

export class ChildMetrics {
  private readonly children = new Map<string, { def: MetricDef; lastSeen: number }>();

  constructor(private readonly base: () => MetricDef[]) {}

  all(): MetricDef[] {
    return [...this.base(), ...[...this.children.values()].map((c) => c.def)];
  }

  /** Records the children seen in a poll; true when one is new (the source must redefine). */
  see(defs: readonly MetricDef[], now: number): boolean {
    let added = false;
    for (const def of defs) {
      const known = this.children.get(def.id);
      if (known) known.lastSeen = now;
      else {
        this.children.set(def.id, { def, lastSeen: now });
        added = true;
      }
    }
    return added;
  }

  /** Forgets children unseen for `maxAgeMs`; true when one went. */
  prune(now: number, maxAgeMs: number): boolean {
    let removed = false;
    for (const [id, c] of this.children) {
      if (now - c.lastSeen > maxAgeMs) {
        this.children.delete(id);
        removed = true;
      }
    }
    return removed;
  }
}

/** Gone for this many stale periods (or ten minutes, if longer), a child's tile is dropped. */
export const childMaxAge = (staleAfterMs: number) => Math.max(10 * 60_000, 5 * staleAfterMs);
