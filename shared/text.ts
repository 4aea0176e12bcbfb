import { z } from 'zod';

/**
 * Text a person typed, trimmed and bounded, and well-formed Unicode: a lone UTF-16 surrogate
 * would be stored as U+FFFD, and the same post retried with its clientId would then no longer
 * match what was stored (a 409 on an entry that was saved).
 */
export const Text = (max: number) =>
  z
    .string()
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (a lone surrogate is not a character)')
    .pipe(z.string().trim().min(1).max(max));
