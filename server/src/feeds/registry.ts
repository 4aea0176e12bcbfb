/**
 * The running feed sources, built from the config. `apply` starts new sources, stops removed
 * ones and restarts changed ones, leaving unchanged ones running (a SIGHUP reload does not
 * interrupt a healthy poll). Push sources' routes are reached through it.
 */
import express, { type Router } from 'express';
import type { AlertPanel } from '#shared/alerts';
import type { FeedStatus, FeedsReport } from '#shared/feeds';
import type { SystemKind } from '#shared/timeline';
import type { Clock } from '../clock';
import { authorize, type RequestContext } from '../auth/actor';
import { contextOf } from '../auth/http-auth';
import { AppError } from '../http/app-error';
import type { Logger } from '../logger';
import type { LiveMetrics } from '../metrics/live-metrics';
import type { FeedSource, SourceContext } from './feed-source';
import type { Observation } from './observation';
import { isPushSource, type PushSource } from './push/push.source';
import { type SourceSpec, sourceTypeOf } from './source-types';

export type RegistryDeps = {
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** The platform's metrics, which every real source writes. */
  live: LiveMetrics;
  post: (source: string, kind: SystemKind, text: string) => void;
  alerts: (source: string, panel: AlertPanel) => void;
  /** Whether this request may write into `source` (its token, its rate); throws if not. */
  admit: (ctx: RequestContext, source: string) => Promise<void>;
};

type Running = { key: string; source: FeedSource; retire: () => void };

export class FeedRegistry {
  private readonly running = new Map<string, Running>();
  private config: FeedsReport['config'] = { file: null, loadedAt: 0, reloadError: null };

  constructor(private readonly deps: RegistryDeps) {}

  /** Makes the running sources match `specs`. */
  apply(specs: readonly SourceSpec[], file: string | null): void {
    const wanted = new Map(specs.map((s) => [s.id, s]));
    for (const [id, r] of this.running) {
      const spec = wanted.get(id);
      if (spec && JSON.stringify(spec) === r.key) continue;
      this.retire(id, r);
      if (!spec) this.deps.live.removeSource(id);
    }
    for (const spec of specs) if (!this.running.has(spec.id)) this.launch(spec);
    // The file's order, not the order they (re)started in: /api/ingest goes to the first push source listed.
    const order = specs.map((s) => s.id);
    const sorted = [...this.running].toSorted(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    this.running.clear();
    for (const [id, r] of sorted) this.running.set(id, r);
    this.config = { file, loadedAt: this.deps.clock.now(), reloadError: null };
  }

  /** A reload that failed: the running config stays, and the Feeds page says why. */
  reloadFailed(message: string): void {
    this.config = { ...this.config, reloadError: { message, at: this.deps.clock.now() } };
  }

  report(): FeedsReport {
    return { now: this.deps.clock.now(), sources: [...this.running.values()].map((r) => this.statusOf(r.source)), config: this.config };
  }

  /** What a failing source says about its failure (for "stale" entries). */
  errorOf(source: string): string | null {
    const status = this.running.get(source)?.source.status();
    return status?.state === 'failing' ? (status.lastError?.message ?? null) : null;
  }

  async stop(): Promise<void> {
    const stopping = [...this.running].map(([id, r]) => this.retire(id, r));
    await Promise.all(stopping);
  }

  /** `/api/feeds`, `/api/feeds/<id>/…` (push receivers) and `/api/ingest` (the first push source). */
  router(): Router {
    const router = express.Router();
    router.get('/feeds', (_req, res) => {
      authorize(contextOf(res).actor, 'read', 'read the feeds');
      res.json(this.report());
    });
    router.use('/feeds/:id', async (req, res, next) => {
      const source = this.running.get(req.params.id)?.source;
      if (!source?.routes) throw AppError.notFound(`feed source ${req.params.id} receiving pushes`);
      await this.deps.admit(contextOf(res), source.id);
      source.routes(req, res, next);
    });
    router.post('/ingest', async (req, res) => {
      const push = [...this.running.values()].map((r) => r.source).find(isPushSource) as PushSource | undefined;
      if (!push) throw new AppError('not_found', 'no push source is configured: add a source of type push to the config');
      await this.deps.admit(contextOf(res), push.id);
      res.status(202).json(push.ingest(req.body));
    });
    return router;
  }

  private statusOf(source: FeedSource): FeedStatus {
    const metrics = source.metrics().map((d) => d.id);
    // Stale means it had data that aged; a metric that never had any is not counted here.
    const staleMetrics = this.deps.live.snapshot((d) => d.source === source.id).filter((m) => m.stale && m.sampledAt !== null).length;
    return { id: source.id, type: source.type, ...source.status(), metrics, staleMetrics };
  }

  private launch(spec: SourceSpec): void {
    let retired = false;
    const { live, logger } = this.deps;
    const log = logger.child({ source: spec.id });
    const ctx: SourceContext = {
      clock: this.deps.clock,
      logger: log,
      random: this.deps.random ?? Math.random,
      live,
      observe: (observations) => {
        if (!retired) write(live, spec.id, observations);
      },
      fail: (message) => {
        if (!retired) live.problem(live.idsOf(spec.id), message);
      },
      redefine: () => {
        if (!retired) live.defineSource(spec.id, source.metrics());
      },
      post: (kind, text) => {
        if (!retired) this.deps.post(spec.id, kind, text);
      },
      alerts: (panel) => {
        if (!retired) this.deps.alerts(spec.id, panel);
      },
    };
    const source = sourceTypeOf(spec).create(spec, ctx);
    this.running.set(spec.id, { key: JSON.stringify(spec), source, retire: () => (retired = true) });
    live.defineSource(spec.id, source.metrics());
    source.start();
    log.info({ type: spec.type }, 'feed source started');
  }

  private retire(id: string, r: Running): Promise<void> {
    r.retire();
    this.running.delete(id);
    return r.source.stop();
  }
}

function write(live: LiveMetrics, source: string, observations: readonly Observation[]): void {
  const samples = [];
  for (const o of observations) {
    if (o.value === null) live.problem([o.metric], o.problem);
    else samples.push({ metric: o.metric, value: o.value, at: o.at, source, ...(o.detail ? { detail: o.detail } : {}) });
  }
  live.write(samples);
}
