/**
 * Scenario files from a directory (the repo's scenarios/): one YAML file per scenario, its
 * id the file name. Reading the file is the only effect; errors name file, key and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigFileError, parseConfigText, readConfigFile } from '../../config/yaml-file';
import { ScenarioSchema, type ResolvedScenario } from './scenario-resolve';

/** A scenario id as a drill request names it: a file name, so no dots or slashes. */
export const ScenarioId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be a scenario name such as par6-2025-03-03');
export type ScenarioId = z.infer<typeof ScenarioId>;

export type Scenario = ResolvedScenario & { id: string };
export type ScenarioSummary = { id: string; title: string; description: string; date: string; durationMs: number };

const EXTENSION = '.yaml';

/** No scenario by that id in the directory (or not a valid id): a 404, not a broken file. */
export class ScenarioNotFoundError extends Error {
  override readonly name = 'ScenarioNotFoundError';
  constructor(readonly id: string) {
    super(`no scenario '${id}'`);
  }
}

/** Parses a scenario's text; `file` names it in errors and gives the id (its base name). */
export function parseScenarioText(file: string, text: string): Scenario {
  return { id: path.basename(file, EXTENSION), ...parseConfigText(file, text, ScenarioSchema) };
}

/** Throws ScenarioNotFoundError for an unknown id, ConfigFileError for a file that is wrong. */
export function loadScenario(dir: string, id: string): Scenario {
  if (!ScenarioId.safeParse(id).success) throw new ScenarioNotFoundError(id);
  const file = path.join(dir, id + EXTENSION);
  if (!fs.existsSync(file)) throw new ScenarioNotFoundError(id);
  return { id, ...readConfigFile(file, ScenarioSchema) };
}

/**
 * Every scenario in `dir`, by id. Loads (and so validates) each one: a broken file throws
 * its ConfigFileError rather than vanishing from the list.
 */
export function listScenarios(dir: string): ScenarioSummary[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(EXTENSION))
    .map((name) => {
      const id = name.slice(0, -EXTENSION.length);
      if (!ScenarioId.safeParse(id).success) {
        throw new ConfigFileError(path.join(dir, name), '', null, 'the file name is the scenario id: lowercase letters, digits and -');
      }
      return id;
    })
    .toSorted()
    .map((id) => {
      const s = loadScenario(dir, id);
      return { id, title: s.title, description: s.description, date: s.recorded.date, durationMs: s.durationMs };
    });
}
