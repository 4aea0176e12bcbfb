/**
 * What feed adapters produce. An adapter turns one poll (or one push) of a real system into
 * observations, one per metric; it never touches rooms or sockets. The registry writes them
 * into the live state (feeds/registry.ts).
 */

/** One metric's reading from one poll. */
export type Observation =
  /** A good sample. `detail` is a short text shown on the tile (e.g. Ceph's failing checks). */
  | { metric: string; at: number; value: number; detail?: string }
  /**
   * No usable value this time, and why: an empty Prometheus result ("no data"), NaN, ±Inf,
   * a negative count. Never written as zero: the metric keeps its last good value, which
   * turns stale when it ages (cross-cutting rule 1 in ../shared/FEEDS.md).
   */
  | { metric: string; at: number; value: null; problem: string };

/**
 * The whole source failed: refused, timed out, an HTTP status, an error envelope, a body that
 * does not parse. `message` is shown on every tile of the source, so it says what a person in
 * the crisis room needs: "HTTP 503 from http://prom:9090 (timeout: query timed out)",
 * "unparsable body: line 3: expected a value".
 */
export class FeedError extends Error {
  override readonly name = 'FeedError';
}

export const isFiniteNumber = (x: number): boolean => Number.isFinite(x);
