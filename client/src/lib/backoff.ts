/** Exponential backoff: `baseMs` on the first retry (attempt 0), doubling, capped at `maxMs`. */
export const backoffMs = (attempt: number, baseMs: number, maxMs: number): number => Math.min(baseMs * 2 ** attempt, maxMs);
