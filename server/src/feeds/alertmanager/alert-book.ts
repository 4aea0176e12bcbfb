/**
 * The alerts firing at one Alertmanager source, keyed by fingerprint, and the firing ↔
 * resolved transitions that webhooks and reconciles cause. Pure: time is passed in.
 *
 * Rules (tested in test/unit/feeds/alertmanager-book.test.ts):
 * - A FIRING transition is written the first time an alert is seen firing and not suppressed;
 *   a RESOLVED one only for an alert whose FIRING was written. Re-sent notifications
 *   (repeat_interval, retries, the same alert in several groups or routes) change nothing.
 * - An alert missing from a webhook is not resolved: payloads can be truncated (`max_alerts`),
 *   and a group carries only its own alerts. Only `status: resolved` or a reconcile resolves.
 * - Silenced and inhibited alerts are held (Alertmanager lists them, so a restarted Warroom
 *   knows they exist) and counted apart, but get no FIRING: Alertmanager does not notify
 *   them either, and someone chose to mute them. One that becomes active is announced then.
 */
import type { AlertPanel } from '#shared/alerts';
import { buildPanel, type PanelOptions } from './alert-panel';
import { severityOf, severityRank } from './alert-labels';
import { rfc3339ToMs } from './rfc3339';
import type { GettableAlert } from './v2-alerts';
import type { WebhookPayload } from './webhook-payload';
import type { AlertTransition, BookAlert } from './alert';

export type { AlertTransition, BookAlert } from './alert';

export type AlertBookOptions = PanelOptions & {
  /** Most alerts held (default 10,000); past it new alerts are refused and the panel says so. */
  limit?: number;
};

const DEFAULT_LIMIT = 10_000;
const MAX_TRUNCATED_GROUPS = 1_000;

export class AlertBook {
  private readonly alerts = new Map<string, BookAlert>();
  /** fingerprint → startsAt and time of its last resolution, to spot late re-deliveries. */
  private readonly resolved = new Map<string, { startsAt: number | null; at: number }>();
  /** groupKey → truncatedAlerts of its latest notification, for groups that were truncated. */
  private readonly truncated = new Map<string, number>();
  private refused = false;
  private updatedAt: number | null = null;
  private readonly limit: number;

  constructor(private readonly options: AlertBookOptions = {}) {
    this.limit = options.limit ?? DEFAULT_LIMIT;
  }

  get size(): number {
    return this.alerts.size;
  }

  get(fingerprint: string): Readonly<BookAlert> | undefined {
    return this.alerts.get(fingerprint);
  }

  applyWebhook(payload: WebhookPayload, now: number): AlertTransition[] {
    this.updatedAt = Math.max(this.updatedAt ?? now, now);
    this.truncated.delete(payload.groupKey);
    if (payload.truncatedAlerts > 0) {
      this.truncated.set(payload.groupKey, payload.truncatedAlerts);
      evictOldest(this.truncated, MAX_TRUNCATED_GROUPS);
    }
    const out: AlertTransition[] = [];
    for (const a of payload.alerts) {
      const startsAt = rfc3339ToMs(a.startsAt);
      const fields = { labels: a.labels, annotations: a.annotations, startsAt, generatorURL: a.generatorURL || null };
      const held = this.alerts.get(a.fingerprint);
      if (a.status === 'resolved') {
        // An older occurrence's resolution re-delivered after the alert fired again.
        if (held && startsAt !== null && held.startsAt !== null && startsAt < held.startsAt) continue;
        this.remember(a.fingerprint, startsAt, now);
        if (!held) continue;
        this.alerts.delete(a.fingerprint);
        if (held.announced) out.push(transition('resolved', { ...held, ...fields }, rfc3339ToMs(a.endsAt), now, 'webhook'));
        continue;
      }
      // A firing notification delivered late (a retry, another route) after its resolution.
      if (!held && this.resolved.get(a.fingerprint)?.startsAt === startsAt) continue;
      // Alertmanager notifies only alerts that are neither silenced nor inhibited.
      const t = this.hold(a.fingerprint, fields, false, now, 'webhook');
      if (t) out.push(t);
    }
    return out;
  }

  /**
   * Makes the book match `alerts`, Alertmanager's whole list, fetched by a request sent at
   * `requestedAt`. Anything a webhook confirmed or resolved at or after that moment is newer
   * than the list and is left as the webhook said.
   *
   * An alert younger than `graceMs` is held but not announced: Alertmanager will notify it after
   * its group_wait or group_interval, and the webhook's line is the true one. It is counted on
   * the panel meanwhile, and announced by a later reconcile if no webhook came.
   */
  reconcile(alerts: readonly GettableAlert[], requestedAt: number, graceMs = 0): AlertTransition[] {
    const now = requestedAt;
    this.updatedAt = Math.max(this.updatedAt ?? now, now);
    const out: AlertTransition[] = [];
    const listed = new Map<string, GettableAlert>();
    for (const a of alerts) {
      const gone = this.resolved.get(a.fingerprint);
      if (gone && gone.at >= now && gone.startsAt === rfc3339ToMs(a.startsAt)) continue;
      listed.set(a.fingerprint, a);
    }
    for (const [fp, held] of this.alerts) {
      if (listed.has(fp) || held.seenAt >= now) continue;
      this.alerts.delete(fp);
      this.remember(fp, held.startsAt, now);
      if (held.announced) out.push(transition('resolved', held, null, now, 'reconcile'));
    }
    // Held ones first, then the rest most severe first, so a full book keeps what matters.
    const order = [...listed.values()].toSorted(
      (a, b) =>
        Number(!this.alerts.has(a.fingerprint)) - Number(!this.alerts.has(b.fingerprint)) ||
        Number(a.status.state === 'suppressed') - Number(b.status.state === 'suppressed') ||
        severityRank(severityOf(a.labels)) - severityRank(severityOf(b.labels)),
    );
    this.refused = false;
    for (const a of order) {
      const fields = {
        labels: a.labels,
        annotations: a.annotations,
        startsAt: rfc3339ToMs(a.startsAt),
        generatorURL: a.generatorURL || null,
      };
      const young = graceMs > 0 && fields.startsAt !== null && now - fields.startsAt < graceMs;
      const t = this.hold(a.fingerprint, fields, a.status.state === 'suppressed', now, 'reconcile', young);
      if (t) out.push(t);
    }
    return out;
  }

  panel(): AlertPanel {
    return buildPanel(this.alerts.values(), {
      truncatedAlerts: [...this.truncated.values()].reduce((sum, n) => sum + n, 0),
      incomplete: this.refused,
      limit: this.limit,
      updatedAt: this.updatedAt,
      options: this.options,
    });
  }

  private hold(
    fingerprint: string,
    fields: Pick<BookAlert, 'labels' | 'annotations' | 'startsAt' | 'generatorURL'>,
    suppressed: boolean,
    now: number,
    via: AlertTransition['via'],
    quiet = false,
  ): AlertTransition | null {
    let held = this.alerts.get(fingerprint);
    if (!held) {
      if (this.alerts.size >= this.limit) {
        this.refused = true;
        return null;
      }
      held = { fingerprint, ...fields, suppressed, announced: false, seenAt: now };
      this.alerts.set(fingerprint, held);
      this.resolved.delete(fingerprint);
    }
    Object.assign(held, fields, { suppressed, seenAt: Math.max(held.seenAt, now) });
    if (suppressed || held.announced || quiet) return null;
    held.announced = true;
    return transition('firing', held, null, now, via);
  }

  private remember(fingerprint: string, startsAt: number | null, now: number): void {
    this.resolved.delete(fingerprint);
    this.resolved.set(fingerprint, { startsAt, at: now });
    evictOldest(this.resolved, this.limit);
  }
}

function transition(
  kind: AlertTransition['kind'],
  a: Pick<BookAlert, 'fingerprint' | 'labels' | 'annotations' | 'startsAt'>,
  endsAt: number | null,
  at: number,
  via: AlertTransition['via'],
): AlertTransition {
  return { kind, fingerprint: a.fingerprint, labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt, at, via };
}

/** Maps keep insertion order, so the first key is the oldest. */
function evictOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value as K);
}
