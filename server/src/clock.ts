/** Injected everywhere time is read, so tests control it. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
  /** Unix milliseconds with sub-millisecond precision, for timing deliveries. */
  preciseNow(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  preciseNow: () => Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000,
};

export const isoAt = (ms: number): string => new Date(ms).toISOString();
