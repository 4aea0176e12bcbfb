/**
 * The body Alertmanager POSTs to a webhook receiver (`"version": "4"`), as written by
 * prometheus/alertmanager `notify/webhook/webhook.go` and `template/template.go`.
 */
import { z } from 'zod';
import { Rfc3339 } from './rfc3339';

export const LabelSet = z.record(z.string(), z.string());
export type LabelSet = z.infer<typeof LabelSet>;

export const AlertStatus = z.enum(['firing', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const WebhookAlert = z.object({
  /** This alert's own state; the payload's `status` is `firing` if any alert in it fires. */
  status: AlertStatus,
  labels: LabelSet,
  annotations: LabelSet,
  startsAt: Rfc3339,
  /** `0001-01-01T00:00:00Z` (Go's zero time) while firing. */
  endsAt: Rfc3339,
  /** `""` when the sender gave none. */
  generatorURL: z.string(),
  fingerprint: z.string().min(1),
});
export type WebhookAlert = z.infer<typeof WebhookAlert>;

/**
 * Unknown keys are dropped, not refused: newer Alertmanagers (and look-alikes such as
 * Grafana's) add fields, e.g. `notification_reason`, `routeLabels`, `orgId`.
 */
export const WebhookPayload = z.object({
  version: z.literal('4'),
  /** Identifies the aggregation group, e.g. `{}:{alertname="NodeDown"}`. */
  groupKey: z.string(),
  /**
   * How many alerts `max_alerts` left out of this payload. Absent before Alertmanager 0.21,
   * which sent the same version "4": read as 0 there.
   */
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: AlertStatus,
  /** Regex-escaped by Alertmanager: the receiver `web.hook` arrives as `web\.hook`. */
  receiver: z.string(),
  groupLabels: LabelSet,
  commonLabels: LabelSet,
  commonAnnotations: LabelSet,
  externalURL: z.string(),
  alerts: z.array(WebhookAlert),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** The receiver's name as configured: undoes Go's `regexp.QuoteMeta` (`web\.hook` → `web.hook`). */
export function receiverName(escaped: string): string {
  return escaped.replace(/\\([\\.+*?()|[\]{}^$])/g, '$1');
}

/** Go's `regexp.QuoteMeta`: a configured receiver name as webhooks spell it and `v2AlertsPath` takes it. */
export function quoteMeta(name: string): string {
  return name.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
