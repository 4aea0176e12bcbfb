/**
 * Time, injected everywhere it is read or waited on, so tests drive it: the polls, backoffs,
 * throttles and sweeps all run on `schedule`, and a test clock fires them when it is advanced.
 */
export type Cancel = () => void;

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
  /** Unix milliseconds with sub-millisecond precision, for timing deliveries. */
  preciseNow(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  schedule(ms: number, fn: () => void): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  preciseNow: () => Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000,
  schedule: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    // A pending poll or sweep never keeps a stopping process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Runs `fn` every `ms` until cancelled (each run scheduled after the last, so runs never pile up). */
export function every(clock: Clock, ms: number, fn: () => void): Cancel {
  let cancel: Cancel;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    cancel = clock.schedule(ms, tick);
    fn();
  };
  cancel = clock.schedule(ms, tick);
  return () => {
    stopped = true;
    cancel();
  };
}

/**
 * Calls `fn` at once after a quiet spell; calls arriving within `ms` after it are coalesced
 * into one call at the end of that interval. No timer runs while nothing arrives.
 */
export function throttle(clock: Clock, ms: number, fn: () => void): { (): void; cancel(): void } {
  let coolingUntil = -Infinity;
  let pending: Cancel | null = null;
  const fire = () => {
    pending = null;
    coolingUntil = clock.now() + ms;
    fn();
  };
  const call = () => {
    if (pending) return;
    const wait = coolingUntil - clock.now();
    if (wait <= 0) fire();
    else pending = clock.schedule(wait, fire);
  };
  call.cancel = () => {
    pending?.();
    pending = null;
  };
  return call;
}

export const isoAt = (ms: number): string => new Date(ms).toISOString();
