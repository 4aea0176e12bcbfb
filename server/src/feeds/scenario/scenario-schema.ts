/**
 * A scenario file (scenarios/*.yaml) as written: a recorded incident to replay as a drill.
 * Every time is a wall time as the post-mortem wrote it (`14:55 CET`, `10:12 UTC`,
 * `12:21 UTC+2`); a time written without a zone is read in `recorded.zone` on `recorded.date`.
 * scenario-resolve.ts turns these into instants and checks what needs the whole file.
 */
import { z } from 'zod';
import { CreateIncidentInput, IncidentStatus } from '#shared/incident';
import { Component, PostableKind } from '#shared/timeline';
import { parseZone, WallTimeText, type WrittenZone } from '#shared/zoned-time';
import { MetricSpec } from '../../config/metric-spec';

/** A zone as a post-mortem names it: `CET`, `UTC`, `UTC+2` or an IANA zone such as Europe/Paris. */
export const ZoneText = z.string().transform((text, ctx): WrittenZone => {
  try {
    return parseZone(text);
  } catch (error) {
    ctx.issues.push({ code: 'custom', message: (error as Error).message, input: text });
    return z.NEVER;
  }
});

/** `[time, value]`: the value at that time; linear between keyframes, flat before the first and after the last. */
export const KeyframeSpec = z.tuple([WallTimeText, z.number().finite()]);

/** A stretch with no samples at all (the source was down), `from` included, `to` excluded. */
export const GapSpec = z.strictObject({ from: WallTimeText, to: WallTimeText });

export const ScenarioMetricSpec = MetricSpec.extend({
  keyframes: z.array(KeyframeSpec).min(1, 'needs at least one keyframe'),
  gaps: z.array(GapSpec).default([]),
  /** Decimals a sample keeps: counts are whole (0), percentages of a few objects need 2. */
  decimals: z.number().int().min(0).max(6).default(0),
});

export const ScenarioEntrySpec = z.strictObject({
  at: WallTimeText,
  component: Component.optional(),
  kind: PostableKind.default('note'),
  /** Verbatim from the post-mortem. */
  text: z.string().trim().min(1).max(4000),
});

export const StatusChangeSpec = z.strictObject({ at: WallTimeText, status: IncidentStatus });

export const ScenarioFile = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(4000),
  /** Where the story comes from: the post-mortem it follows. */
  source: z.string().trim().min(1).max(400).optional(),
  /** The incident a drill of this scenario opens. */
  incident: CreateIncidentInput,
  /** The day the incident happened, and the zone its post-mortem writes times in. */
  recorded: z.strictObject({ date: z.iso.date('must be a date such as 2025-03-03'), zone: ZoneText }),
  /** The stretch of recorded time a drill replays; every other time must lie inside it. */
  replay: z.strictObject({ start: WallTimeText, end: WallTimeText }),
  metrics: z.array(ScenarioMetricSpec).default([]),
  /** Posted to the timeline at their times; written in any order (they are sorted by instant). */
  entries: z.array(ScenarioEntrySpec).default([]),
  statusChanges: z.array(StatusChangeSpec).default([]),
});
export type ScenarioFile = z.output<typeof ScenarioFile>;
