/**
 * A scenario file's times placed on its recorded date (epoch ms), checked as a whole, and
 * its entries and status changes merged into the one time-ordered list a drill posts.
 * Problems are zod issues with the key path, so the loader names file, key and line.
 */
import { z } from 'zod';
import type { CreateIncidentInput, IncidentStatus } from '#shared/incident';
import type { Component, PostableKind } from '#shared/timeline';
import { formatZoned, resolveWallTime, type WallTime } from '#shared/zoned-time';
import type { ParsedMetricSpec } from '../../config/metric-spec';
import { ScenarioFile } from './scenario-schema';

/** [instant (epoch ms), value] */
export type Keyframe = [at: number, value: number];
/** No samples from `from` (included) to `to` (excluded), epoch ms. */
export type Gap = { from: number; to: number };

/** A metric spec (pass it to `toMetricDef`) and its curve in recorded time. */
export type ScenarioMetric = ParsedMetricSpec & { keyframes: Keyframe[]; gaps: Gap[]; decimals: number };

/**
 * What a drill does at `at` (recorded time, epoch ms). `recorded` is the time as the file
 * wrote it (`14:55 CET`; a time written without a zone gets the recorded zone's name).
 */
export type ScenarioStep =
  | {
      type: 'entry';
      at: number;
      recorded: string;
      /** Position in the file's `entries`: a stable key for an idempotent post (clientId). */
      index: number;
      component: Component | null;
      kind: z.infer<typeof PostableKind>;
      text: string;
    }
  /** Apply only if the incident is still `from`, so a drill never undoes a person's change. */
  | { type: 'status'; at: number; recorded: string; index: number; from: IncidentStatus; to: IncidentStatus };

export type ResolvedScenario = {
  title: string;
  description: string;
  source: string | null;
  incident: CreateIncidentInput;
  /** As written: the date, and the zone name the drill's scenario clock should be shown in. */
  recorded: { date: string; zone: string };
  start: number;
  end: number;
  durationMs: number;
  metrics: ScenarioMetric[];
  /** Time order; at the same instant entries keep file order and come before status changes. */
  steps: ScenarioStep[];
};

type Path = (string | number)[];

function resolve(file: ScenarioFile, ctx: z.RefinementCtx): ResolvedScenario {
  const context = { date: file.recorded.date, timeZone: file.recorded.zone.written };
  const issue = (path: Path, message: string) => ctx.issues.push({ code: 'custom', message, path, input: undefined });
  const instant = (wall: WallTime, path: Path): number => {
    try {
      return resolveWallTime(wall, context);
    } catch (error) {
      issue(path, (error as Error).message);
      return Number.NaN;
    }
  };
  // A time that did not resolve (NaN) has its issue already; keep the text.
  const recorded = (wall: WallTime, at: number) => (wall.zone || Number.isNaN(at) ? wall.text : formatZoned(at, context.timeZone));

  const start = instant(file.replay.start, ['replay', 'start']);
  const end = instant(file.replay.end, ['replay', 'end']);
  if (end <= start) issue(['replay', 'end'], `must be after the start (${file.replay.start.text})`);
  const window = `${file.replay.start.text} to ${file.replay.end.text}`;
  /** An instant inside the replay, or an issue at `path`. */
  const inside = (wall: WallTime, path: Path): number => {
    const at = instant(wall, path);
    if (at < start || at > end) issue(path, `${wall.text} is outside the replay (${window})`);
    return at;
  };

  const ids = new Map<string, number>();
  file.metrics.forEach((m, i) => {
    const first = ids.get(m.id);
    if (first === undefined) ids.set(m.id, i);
    else issue(['metrics', i, 'id'], `duplicate metric id '${m.id}' (also metrics[${first}])`);
  });

  const metrics = file.metrics.map((m, i): ScenarioMetric => {
    if (m.limit !== undefined && (!ids.has(m.limit) || m.limit === m.id)) {
      issue(['metrics', i, 'limit'], `'${m.limit}' is not another metric of this scenario`);
    }
    const keyframes = m.keyframes.map(([wall, value], k): Keyframe => [inside(wall, ['metrics', i, 'keyframes', k, 0]), value]);
    keyframes.forEach(([at], k) => {
      const before = keyframes[k - 1];
      if (before && !(at > before[0])) {
        issue(['metrics', i, 'keyframes', k, 0], `must be later than the keyframe before it (${m.keyframes[k - 1]![0].text})`);
      }
    });
    const gaps = m.gaps.map((g, k): Gap => {
      const gap = { from: inside(g.from, ['metrics', i, 'gaps', k, 'from']), to: inside(g.to, ['metrics', i, 'gaps', k, 'to']) };
      if (!(gap.to > gap.from)) issue(['metrics', i, 'gaps', k, 'to'], `must be after from (${g.from.text})`);
      return gap;
    });
    return { ...m, keyframes, gaps };
  });

  const entries = file.entries.map((e, index): ScenarioStep => {
    const at = inside(e.at, ['entries', index, 'at']);
    return { type: 'entry', at, recorded: recorded(e.at, at), index, component: e.component ?? null, kind: e.kind, text: e.text };
  });

  const changes = file.statusChanges
    .map((c, index) => ({ ...c, index, instant: inside(c.at, ['statusChanges', index, 'at']) }))
    .toSorted((a, b) => a.instant - b.instant);
  let status = file.incident.status;
  const statusSteps = changes.map((c): ScenarioStep => {
    if (c.status === status) issue(['statusChanges', c.index, 'status'], `the incident is already ${status} by then`);
    const step: ScenarioStep = { type: 'status', at: c.instant, recorded: recorded(c.at, c.instant), index: c.index, from: status, to: c.status };
    status = c.status;
    return step;
  });

  // toSorted is stable: same-instant entries keep file order, and entries precede status changes.
  const steps = [...entries, ...statusSteps].toSorted((a, b) => a.at - b.at);
  return {
    title: file.title,
    description: file.description,
    source: file.source ?? null,
    incident: file.incident,
    recorded: { date: file.recorded.date, zone: file.recorded.zone.written },
    start,
    end,
    durationMs: end - start,
    metrics,
    steps,
  };
}

/** A scenario file, resolved: what `parseConfigText` / `readConfigFile` read scenarios with. */
export const ScenarioSchema = ScenarioFile.transform((file, ctx) => {
  const before = ctx.issues.length;
  const scenario = resolve(file, ctx);
  return ctx.issues.length > before ? z.NEVER : scenario;
});
