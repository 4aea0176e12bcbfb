/**
 * `alertmanager`: a webhook receiver for payload version 4 at
 * `POST /api/feeds/<id>/alertmanager`, and a reconcile against Alertmanager's own
 * `/api/v2/alerts` at start and every `interval`, so a restarted Warroom knows what is firing.
 * Transitions become `alert` entries (a storm as a summary); the panel and the firing count are live.
 */
import express from 'express';
import { z } from 'zod';
import { Duration } from '../../config/duration';
import { toMetricDef } from '../../config/metric-spec';
import { parse } from '../../http/validate';
import type { SourceContext, SourceType } from '../feed-source';
import { fetchText } from '../http/fetch-text';
import { FeedError } from '../observation';
import { polledSource } from '../polled-source';
import { applyOverrides, HttpSpec, MetricOverride, PolledSource, pollTiming, unknownOverrides } from '../source-spec';
import type { AlertTransition } from './alert';
import { AlertBook } from './alert-book';
import { AlertStorm } from './alert-storm';
import { summaryText } from './alert-text';
import { alertnameOf } from './alert-labels';
import { parseGettableAlerts, v2AlertsPath } from './v2-alerts';
import { quoteMeta, WebhookPayload } from './webhook-payload';

export const AlertmanagerSpec = z
  .strictObject({
    ...PolledSource,
    type: z.literal('alertmanager'),
    url: z.url(),
    /** How often Warroom reconciles with Alertmanager's list of alerts. */
    interval: Duration.default(60_000),
    /** The Alertmanager receiver that posts to Warroom: the reconcile reads only its alerts. */
    receiver: z.string().min(1).optional(),
    /**
     * A reconcile leaves alerts younger than this for the webhook to announce (Alertmanager
     * holds a new alert for group_wait, or group_interval in an existing group: 5m by default).
     */
    announceGrace: Duration.default(5 * 60_000),
    ...HttpSpec,
    prefix: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/).default('alerts'),
    /** Alerts held at most; past it the panel says its counts are incomplete. */
    alertLimit: z.number().int().min(10).max(100_000).default(10_000),
    storm: z
      .strictObject({
        /** More single entries than this within `window` is a storm, summarised. */
        threshold: z.number().int().min(1).max(1000).default(10),
        window: Duration.default(60_000),
        /** How long a storm's first summary gathers before it is written. */
        gather: Duration.default(5000),
      })
      .prefault({}),
    metrics: z.array(MetricOverride).default([]),
  })
  .superRefine((spec, ctx) => {
    for (const i of unknownOverrides(firingSpecs(spec.prefix), spec.metrics)) {
      ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `an alertmanager source writes no metric ${spec.metrics[i]!.id}` });
    }
  });
export type AlertmanagerSpec = z.infer<typeof AlertmanagerSpec>;

function firingSpecs(prefix: string) {
  return [{ id: `${prefix}.firing`, label: 'Alerts firing', unit: 'alerts', thresholds: { warn: 1, crit: 50 } }];
}

export const alertmanagerSource: SourceType<AlertmanagerSpec> = {
  type: 'alertmanager',
  schema: AlertmanagerSpec,
  // The count is refreshed by webhooks and by every reconcile: stale if both stop.
  metricDefs: (spec) => applyOverrides(firingSpecs(spec.prefix), spec.metrics).map((m) => toMetricDef(m, spec.id, 2 * spec.interval + pollTiming(spec).timeoutMs)),
  create(spec, ctx) {
    const book = new AlertBook({ limit: spec.alertLimit });
    const storm = new AlertStorm({ threshold: spec.storm.threshold, windowMs: spec.storm.window, gatherMs: spec.storm.gather });
    const alerts = new AlertFlow(spec, ctx, book, storm);
    let reconciled = false;
    const url = new URL(v2AlertsPath(spec.receiver && quoteMeta(spec.receiver)), spec.url).href;

    const polled = polledSource(
      {
        id: spec.id,
        type: 'alertmanager',
        timing: pollTiming(spec),
        metrics: () => alertmanagerSource.metricDefs(spec),
        poll: async (signal) => {
          const requestedAt = ctx.clock.now();
          const res = await fetchText(url, { signal, auth: spec.auth, headers: spec.headers });
          if (res.status !== 200) throw new FeedError(`HTTP ${res.status} ${res.statusText} from ${new URL(url).host}`);
          let body: unknown;
          try {
            body = JSON.parse(res.body);
          } catch {
            throw new FeedError(`unparsable body from ${new URL(url).host} (not JSON)`);
          }
          // The first reconcile after a start announces everything: no webhook is coming for what fired before it.
          const transitions = book.reconcile(parseGettableAlerts(body, url), requestedAt, reconciled ? spec.announceGrace : 0);
          // After a restart everything already firing comes back at once: one line, not one per alert.
          if (!reconciled && transitions.length > 1) alerts.summariseStart(transitions);
          else alerts.write(transitions);
          reconciled = true;
          return alerts.publish();
        },
      },
      ctx,
    );

    // Alertmanager retries a 5xx, not a 4xx: answer at once, refuse only what can never parse.
    const queue: WebhookPayload[] = [];
    const routes = express.Router();
    routes.post('/alertmanager', (req, res) => {
      const payload = parse(WebhookPayload, req.body);
      res.status(200).json({ status: 'accepted' });
      if (queue.push(payload) === 1) setImmediate(drain);
    });
    const drain = () => {
      for (const payload of queue.splice(0)) alerts.write(book.applyWebhook(payload, ctx.clock.now()));
      // One panel for however many webhooks arrived together: building it sorts every alert held.
      ctx.observe(alerts.publish());
    };

    return { ...polled, routes, stop: async () => {
      alerts.stop();
      await polled.stop();
    } };
  },
};

/** From transitions to entries (through the storm), and the panel and count to the live state. */
class AlertFlow {
  private flushTimer: (() => void) | null = null;

  constructor(
    private readonly spec: AlertmanagerSpec,
    private readonly ctx: SourceContext,
    private readonly book: AlertBook,
    private readonly storm: AlertStorm,
  ) {}

  write(transitions: readonly AlertTransition[]): void {
    this.post(this.storm.add(transitions, this.ctx.clock.now()));
  }

  summariseStart(transitions: readonly AlertTransition[]): void {
    const firing = transitions.filter((t) => t.kind === 'firing');
    const byName = new Map<string, number>();
    for (const t of firing) byName.set(alertnameOf(t.labels), (byName.get(alertnameOf(t.labels)) ?? 0) + 1);
    const text = summaryText('firing', { count: firing.length, byName }, 0, 3, 'already firing in Alertmanager when Warroom started');
    if (firing.length > 0) this.ctx.post('alert', text);
    this.write(transitions.filter((t) => t.kind !== 'firing'));
  }

  /** Sends the panel on, and returns the firing count's observation. */
  publish() {
    const panel = this.book.panel();
    this.ctx.alerts(panel);
    return [{ metric: `${this.spec.prefix}.firing`, at: this.ctx.clock.now(), value: panel.firing, ...(panel.incomplete ? { detail: `at least: more than ${panel.limit} alerts` } : {}) }];
  }

  stop(): void {
    this.flushTimer?.();
  }

  private post(out: ReturnType<AlertStorm['add']>): void {
    for (const e of out.entries) this.ctx.post('alert', e.text);
    if (out.flushAt === null || this.flushTimer) return;
    this.flushTimer = this.ctx.clock.schedule(out.flushAt - this.ctx.clock.now(), () => {
      this.flushTimer = null;
      this.post(this.storm.flush(this.ctx.clock.now()));
    });
  }
}
