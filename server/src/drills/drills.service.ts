/**
 * Drills: scenarios (scenarios/*.yaml) replayed into simulated incidents at any speed, each
 * with metrics of its own. The demo in the default config is a drill like any other.
 */
import type { Incident } from '#shared/incident';
import type { ScenarioSummary, StartDrillInput } from '#shared/drills';
import { type Actor, systemActor } from '../auth/actor';
import type { Clock } from '../clock';
import type { DemoSpec } from '../config/warroom-file';
import { ConfigFileError } from '../config/yaml-file';
import { loadScenario, listScenarios, type Scenario, ScenarioNotFoundError } from '../feeds/scenario/scenario-loader';
import { AppError } from '../http/app-error';
import type { IncidentsService } from '../incidents/incidents.service';
import type { Logger } from '../logger';
import type { MetricScopes } from '../metrics/scopes';
import type { Store } from '../store/store';
import type { TimelineService } from '../timeline/timeline.service';
import { DrillRunner } from './drill-runner';

export type DrillsDeps = {
  store: Store;
  incidents: IncidentsService;
  timeline: TimelineService;
  scopes: MetricScopes;
  clock: Clock;
  logger: Logger;
  scenariosDir: string;
  tickMs: number;
};

export class Drills {
  private readonly runners = new Map<number, DrillRunner>();

  constructor(private readonly deps: DrillsDeps) {}

  /** The scenarios a drill can play; a broken file is logged with its line and left out. */
  scenarios(): ScenarioSummary[] {
    const { scenarios, broken } = listScenarios(this.deps.scenariosDir);
    for (const error of broken) this.deps.logger.error(`scenario file not loaded: ${error.message}`);
    return scenarios;
  }

  /** Opens a simulated incident and starts replaying the scenario into it. */
  async start(input: StartDrillInput, actor: Actor): Promise<Incident> {
    const scenario = this.scenario(input.scenario);
    const incident = await this.deps.incidents.create(scenario.incident, { actor }, { drill: { scenario: scenario.id, speed: input.speed } });
    this.run(incident, scenario);
    return incident;
  }

  /** Resumes every drill still playing after a restart, and shows the final state of finished ones. */
  async resume(): Promise<void> {
    const drills = (await this.deps.store.listIncidents()).filter((i) => i.drill !== null);
    for (const incident of drills) {
      // An imported drill is a record of one that ran elsewhere: replaying it here would add entries.
      if ((await this.deps.store.importedMetrics(incident.id)) !== null) continue;
      try {
        this.run(incident, this.scenario(incident.drill!.scenario));
      } catch (error) {
        this.deps.logger.warn({ err: error, incident: incident.id }, 'cannot resume drill');
      }
    }
  }

  /** The demo asked for by the config: resumed if one is still playing, else started. */
  async ensureDemo(demo: DemoSpec): Promise<void> {
    const playing = [...this.runners.values()].some((r) => r.scenarioId === demo.scenario && !r.finished());
    if (playing) return;
    const scenario = this.scenario(demo.scenario);
    const speed = demo.speed ?? (demo.duration ? scenario.durationMs / demo.duration : 1);
    await this.start({ scenario: demo.scenario, speed }, systemActor('demo'));
  }

  /** Where a drill's replay stands in recorded time now: its system entries are dated there, with its own. */
  recordedNow(incidentId: number): number | undefined {
    return this.runners.get(incidentId)?.scenarioTime(this.deps.clock.now());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
  }

  private run(incident: Incident, scenario: Scenario): void {
    if (this.runners.has(incident.id)) return;
    const { clock, logger, incidents, timeline, tickMs } = this.deps;
    const runner = new DrillRunner(incident, scenario, this.deps.scopes.openDrill(incident.id), { clock, logger, incidents, timeline, tickMs });
    this.runners.set(incident.id, runner);
    runner.start();
  }

  private scenario(id: string): Scenario {
    try {
      return loadScenario(this.deps.scenariosDir, id);
    } catch (error) {
      if (error instanceof ScenarioNotFoundError) throw new AppError('not_found', `scenario: no scenario ${id} in scenarios/`, 'scenario');
      // The server's own file is wrong: say where, so whoever runs it can fix it.
      if (error instanceof ConfigFileError) throw new AppError('conflict', `scenario: ${id} cannot be played: ${error.problem} (line ${error.line ?? '?'} of its file)`, 'scenario');
      throw error;
    }
  }
}
