/**
 * Scenario files from a directory (the repo's scenarios/): one YAML file per scenario, its
 * id the file name. Reading the file is the only effect; errors name file, key and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ScenarioId, type ScenarioSummary } from '#shared/drills';
import { ConfigFileError, parseConfigText, readConfigFile } from '../../config/yaml-file';
import { ScenarioSchema, type ResolvedScenario } from './scenario-resolve';

export type Scenario = ResolvedScenario & { id: string };

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
 * Every scenario in `dir`, by id, loaded (and so validated). A file that does not load is
 * listed under `broken` with its error (file, key and line), not dropped silently.
 */
export function listScenarios(dir: string): { scenarios: ScenarioSummary[]; broken: ConfigFileError[] } {
  const scenarios: ScenarioSummary[] = [];
  const broken: ConfigFileError[] = [];
  const names = fs.readdirSync(dir).filter((name) => name.endsWith(EXTENSION)).toSorted();
  for (const name of names) {
    const id = name.slice(0, -EXTENSION.length);
    try {
      if (!ScenarioId.safeParse(id).success) {
        throw new ConfigFileError(path.join(dir, name), '', null, 'the file name is the scenario id: lowercase letters, digits and -');
      }
      const s = loadScenario(dir, id);
      scenarios.push({ id, title: s.title, description: s.description, date: s.recorded.date, durationMs: s.durationMs });
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      broken.push(error);
    }
  }
  return { scenarios, broken };
}
