import { z } from 'zod';

/** A scenario's id: its file name under scenarios/ without `.yaml` (so no dots or slashes). */
export const ScenarioId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be a scenario name such as par6-2025-03-03');

/** `POST /api/drills`: replay a scenario into a new simulated incident, `speed` times faster than it happened. */
export const StartDrillInput = z.strictObject({
  scenario: ScenarioId,
  speed: z.number().positive().max(10_000).default(60),
});
export type StartDrillInput = z.infer<typeof StartDrillInput>;

export const ScenarioSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** The day it happened (YYYY-MM-DD). */
  date: z.string(),
  /** How long the replay lasts at speed 1. */
  durationMs: z.number(),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;
