/**
 * The broadcast every fan-out benchmark sends: a 20-metric delta, as Warroom sends it.
 * L0 and L1 send this shape verbatim; L2 is fed the same samples and builds it itself.
 */
export const METRICS = Array.from({ length: 20 }, (_, i) => `bench.m${String(i + 1).padStart(2, '0')}`);

/** The value metric i takes at broadcast n: varied, so every delta carries every metric. */
export const valueOf = (i: number, n: number): number => 1000 + ((n * 37 + i * 101) % 9000);

/** The samples POSTed to Warroom's /api/ingest for broadcast n. */
export function samples(n: number, at: number) {
  const iso = new Date(at).toISOString();
  return METRICS.map((metric, i) => ({ metric, value: valueOf(i, n), at: iso, source: 'bench' }));
}

/** The `changes` of the delta Warroom publishes for broadcast n, for the baselines to send. */
export function changes(n: number, at: number) {
  const t = Math.floor(at);
  return METRICS.map((id, i) => {
    const value = valueOf(i, n);
    return { id, value, status: 'unknown', sampledAt: t, source: 'bench', limit: null, stale: false, problem: null, detail: null, trend: null, points: [[t, value]] };
  });
}
