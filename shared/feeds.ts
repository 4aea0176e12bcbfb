/** What `GET /api/feeds` answers: each configured source and how it is doing. */
import { z } from 'zod';

/**
 * `starting`: not polled yet. `ok`: its last poll (or push) succeeded. `failing`: its last poll
 * failed (see lastError). `waiting`: a push source that has received nothing since start.
 */
export const FeedState = z.enum(['starting', 'ok', 'failing', 'waiting']);
export type FeedState = z.infer<typeof FeedState>;

export const FeedError = z.object({ message: z.string(), at: z.number() });

export const FeedStatus = z.object({
  id: z.string(),
  type: z.string(),
  state: FeedState,
  /** Poll interval; null for push sources. */
  intervalMs: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  lastError: FeedError.nullable(),
  /** How long the last successful poll took. */
  latencyMs: z.number().nullable(),
  nextPollAt: z.number().nullable(),
  consecutiveFailures: z.number().int(),
  metrics: z.array(z.string()),
  /** How many of its metrics had data that went stale (never-sampled ones are not counted). */
  staleMetrics: z.number().int(),
});
export type FeedStatus = z.infer<typeof FeedStatus>;

export const FeedsReport = z.object({
  now: z.number(),
  sources: z.array(FeedStatus),
  config: z.object({
    /** The file the sources come from; null: the built-in defaults. */
    file: z.string().nullable(),
    loadedAt: z.number(),
    /** The last SIGHUP reload that failed, if it is more recent than the last good one. */
    reloadError: FeedError.nullable(),
  }),
});
export type FeedsReport = z.infer<typeof FeedsReport>;
