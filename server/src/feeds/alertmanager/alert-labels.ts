/** What a person reads off an alert's labels and annotations, shared by the panel and the timeline texts. */
import type { LabelSet } from './webhook-payload';

export const alertnameOf = (labels: LabelSet): string => labels.alertname || '(no alertname)';

/** Lowercased: senders write `Warning` as often as `warning`. */
export const severityOf = (labels: LabelSet): string | null => labels.severity?.toLowerCase() || null;

// No standard list exists; these are the words seen in the common rule sets (kube-prometheus,
// node-mixin, ceph-mixin, PagerDuty's). Anything else sorts after them, before "none".
const RANK: Record<string, number> = {
  emergency: 0, fatal: 0, page: 0, critical: 0, crit: 0,
  high: 1, error: 1, major: 1,
  warning: 2, warn: 2, medium: 2, minor: 2,
  info: 4, informational: 4, low: 4, notice: 4,
  none: 5,
};

/** 0 is most severe. */
export const severityRank = (severity: string | null): number => (severity === null ? 5 : (RANK[severity] ?? 3));

const WHERE = ['instance', 'host', 'hostname', 'node', 'pod'] as const;

export function instanceOf(labels: LabelSet): string | null {
  for (const key of WHERE) if (labels[key]) return labels[key];
  return null;
}

const SUMMARY_MAX = 200;

export function summaryOf(annotations: LabelSet): string | null {
  const text = (annotations.summary || annotations.description || annotations.message)?.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}
