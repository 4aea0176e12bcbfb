/**
 * The schema of warroom.config.yaml: which feed sources to poll or receive, the metrics each
 * writes, the demo drill, and how often feed and threshold events may reach the timeline.
 * docs/feeds.md explains every key; warroom.config.example.yaml shows them all.
 */
import { z } from 'zod';
import type { MetricDef } from '#shared/metrics';
import { ScenarioId } from '#shared/drills';
import { SourceSpec, sourceTypeOf } from '../feeds/source-types';
import { Duration } from './duration';
import { ImpactSpec, PublishingSpec } from './impact-spec';

export const DemoSpec = z
  .strictObject({
    /** A scenario file under scenarios/, without `.yaml`. */
    scenario: ScenarioId,
    /** How long the whole replay takes in real time… */
    duration: Duration.optional(),
    /** …or how many times faster than it happened (give one of the two). */
    speed: z.number().positive().max(10_000).optional(),
    /** How often the drill's metrics are sampled. */
    tick: Duration.default(1000),
  })
  .refine((d) => d.duration === undefined || d.speed === undefined, { message: 'give duration or speed, not both' });
export type DemoSpec = z.infer<typeof DemoSpec>;

export const WarroomFile = z
  .strictObject({
    /** A drill started (or resumed) at start; absent: none. */
    demo: DemoSpec.optional(),
    timeline: z
      .strictObject({
        /** At most one "stale" / "recovered" entry per source per this long. */
        feedEntriesEvery: Duration.default(5 * 60_000),
        /** At most one threshold-crossing entry per metric per this long (hysteresis against flapping). */
        metricEntriesEvery: Duration.default(5 * 60_000),
      })
      .prefault({}),
    samples: z
      .strictObject({
        /** Metric history kept on disk for sparklines after a restart and for exports. */
        keep: Duration.default(7 * 86_400_000),
        /** At most one stored point per metric per this long. */
        resolution: Duration.default(10_000),
      })
      .prefault({}),
    sources: z.array(SourceSpec).max(100).default([]),
    /** The impact board, the public-update cadence and the impact suggestions (config/impact-spec.ts). */
    impact: ImpactSpec.prefault({}),
    /** Outgoing webhooks a status page or chat channel follows. */
    publishing: PublishingSpec.prefault({}),
  })
  .superRefine((file, ctx) => {
    const sourceIds = new Set<string>();
    const metricOwner = new Map<string, string>();
    const defs: { def: MetricDef; path: (string | number)[] }[] = [];
    file.sources.forEach((spec, i) => {
      if (sourceIds.has(spec.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `source id ${spec.id} is used twice` });
      sourceIds.add(spec.id);
      sourceTypeOf(spec).metricDefs(spec).forEach((def, j) => {
        const path = ['sources', i, 'metrics', j, 'id'];
        const owner = metricOwner.get(def.id);
        if (owner !== undefined) ctx.addIssue({ code: 'custom', path, message: `metric ${def.id} is already written by source ${owner}` });
        metricOwner.set(def.id, spec.id);
        defs.push({ def, path });
      });
    });
    for (const { def, path } of defs) {
      if (def.limitOf !== null && !metricOwner.has(def.limitOf)) {
        ctx.addIssue({ code: 'custom', path: [...path.slice(0, -1), 'limit'], message: `no metric ${def.limitOf} is configured` });
      }
    }
  });
export type WarroomFile = z.infer<typeof WarroomFile>;
