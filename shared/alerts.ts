import { z } from 'zod';

/**
 * The alert panel of one Alertmanager source: what is firing now, grouped so that a storm of
 * thousands reads as a few lines. Built by the server from its alert book
 * (server/src/feeds/alertmanager/alert-panel.ts); times are Unix ms, as for metrics.
 */

/** One firing alert shown as an example of its group. */
export const AlertExample = z.object({
  /** Alertmanager's fingerprint: stable for a label set, the key alerts are de-duplicated on. */
  fingerprint: z.string(),
  /** Where it fires: the `instance` label, else `host`, `hostname`, `node`, `pod`; null if none. */
  instance: z.string().nullable(),
  /** The `summary` annotation, else `description`, else `message`; null if none. */
  summary: z.string().nullable(),
  /** Its labels except `alertname` and `severity`, which the group already shows. */
  labels: z.record(z.string(), z.string()),
  startsAt: z.number().nullable(),
  /** Link back to the rule's expression in Prometheus; null when Alertmanager sent none. */
  generatorURL: z.string().nullable(),
});
export type AlertExample = z.infer<typeof AlertExample>;

/** The firing alerts sharing one alertname and severity. */
export const AlertGroup = z.object({
  alertname: z.string(),
  /** Lowercased, so `Warning` and `warning` are one group; null when the alert has none. */
  severity: z.string().nullable(),
  count: z.number().int().positive(),
  /** The first few to start (earliest first): the origin of a storm is the telling part. */
  examples: z.array(AlertExample),
});
export type AlertGroup = z.infer<typeof AlertGroup>;

export const AlertPanel = z.object({
  /** Alerts firing and notified (not silenced or inhibited). */
  firing: z.number().int().nonnegative(),
  /** Firing but silenced or inhibited in Alertmanager: counted, not grouped. */
  suppressed: z.number().int().nonnegative(),
  /** Most severe first, then most numerous, then by name. */
  groups: z.array(AlertGroup),
  /** Groups (and their alerts) beyond the ones listed, so a panel stays small on the wire. */
  otherGroups: z.number().int().nonnegative(),
  otherAlerts: z.number().int().nonnegative(),
  /**
   * Alerts Alertmanager left out of its latest notifications (`max_alerts`), summed over
   * its groups: "N alerts were left out of Alertmanager's last notification". While it is
   * above 0 the panel may miss alerts until the next reconcile with Alertmanager's list.
   */
  truncatedAlerts: z.number().int().nonnegative(),
  /**
   * The book reached its limit and refused alerts: counts are lower bounds until a
   * reconcile finds everything fits again.
   */
  incomplete: z.boolean(),
  limit: z.number().int().positive(),
  /** The last webhook or reconcile; null before the first. */
  updatedAt: z.number().nullable(),
});
export type AlertPanel = z.infer<typeof AlertPanel>;
