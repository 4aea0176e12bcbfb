import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration as Prometheus writes one (`500ms`, `15s`, `2m`, `1h`, `7d`), read to milliseconds.
 * The same words as the Prometheus config next to it; a bare number is refused, because
 * "15" could mean seconds or milliseconds.
 */
export const Duration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'must be a duration such as 500ms, 15s, 2m, 1h or 7d')
  .transform((text) => {
    const unit = text.match(/(ms|s|m|h|d)$/)![1] as keyof typeof UNIT_MS;
    return Math.round(Number.parseFloat(text) * UNIT_MS[unit]);
  })
  .refine((ms) => ms > 0, 'must be longer than zero');
