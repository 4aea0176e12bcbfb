/** What an alert panel says, as plain functions of the panel (shared/alerts.ts). */
import type { AlertExample, AlertGroup, AlertPanel } from '#shared/alerts';

export type SeverityTone = 'crit' | 'warn' | 'info' | 'unknown';

/**
 * Alertmanager has no fixed severity list; these are the words of the common rule sets, in the
 * same classes as the server's ranking (server/src/feeds/alertmanager/alert-labels.ts).
 */
const TONE: Record<string, SeverityTone> = {
  emergency: 'crit', fatal: 'crit', page: 'crit', critical: 'crit', crit: 'crit',
  high: 'crit', error: 'crit', major: 'crit',
  warning: 'warn', warn: 'warn', medium: 'warn', minor: 'warn',
  info: 'info', informational: 'info', low: 'info', notice: 'info', none: 'info',
};
const SHORT: Record<string, string> = { critical: 'CRIT', emergency: 'EMERG', warning: 'WARN', informational: 'INFO' };
const ICON: Record<SeverityTone, string> = { crit: '■', warn: '▲', info: '●', unknown: '◆' };

/** Severity in a word and a shape ("■ CRIT"), never colour alone; an unknown word is shown as sent. */
export function severityLook(severity: string | null): { icon: string; text: string; tone: SeverityTone } {
  if (severity === null) return { icon: '○', text: 'NO SEVERITY', tone: 'unknown' };
  const tone = TONE[severity] ?? 'unknown';
  const word = SHORT[severity] ?? severity.toUpperCase();
  // Cut to fit its column; the row's title carries the whole word.
  return { icon: ICON[tone], text: word.length > 10 ? `${word.slice(0, 9)}…` : word, tone };
}

const count = new Intl.NumberFormat('en-GB');

/** "180 firing · 12 suppressed". */
export function panelCountsText(panel: Pick<AlertPanel, 'firing' | 'suppressed'>): string {
  const firing = panel.firing === 0 ? 'none firing' : `${count.format(panel.firing)} firing`;
  return panel.suppressed === 0 ? firing : `${firing} · ${count.format(panel.suppressed)} suppressed`;
}

/** "node-a:9100 — Node is down"; labels stand in when the alert names no instance and has no summary. */
export function exampleText(example: Pick<AlertExample, 'instance' | 'summary' | 'labels'>): string {
  const { instance, summary } = example;
  if (instance !== null && summary !== null) return `${instance} — ${summary}`;
  if (instance !== null || summary !== null) return (instance ?? summary)!;
  const labels = Object.entries(example.labels).map(([k, v]) => `${k}=${v}`);
  return labels.length === 0 ? '(no labels)' : labels.join(', ');
}

/**
 * The first `max` groups (the server sends them most severe first) and what is left, added to
 * what the server already left out: a panel beside the metrics stays a few lines high.
 */
export function foldGroups(panel: Pick<AlertPanel, 'groups' | 'otherGroups' | 'otherAlerts'>, max: number) {
  const shown: AlertGroup[] = panel.groups.slice(0, max);
  const folded = panel.groups.slice(max);
  return {
    shown,
    otherGroups: panel.otherGroups + folded.length,
    otherAlerts: panel.otherAlerts + folded.reduce((sum, g) => sum + g.count, 0),
  };
}

/** "+3 more groups (412 alerts)", or null when every group is listed. */
export function moreGroupsText(panel: Pick<AlertPanel, 'otherGroups' | 'otherAlerts'>): string | null {
  if (panel.otherGroups === 0) return null;
  const groups = panel.otherGroups === 1 ? 'group' : 'groups';
  const alerts = panel.otherAlerts === 1 ? 'alert' : 'alerts';
  return `+${count.format(panel.otherGroups)} more ${groups} (${count.format(panel.otherAlerts)} ${alerts})`;
}

/** Why the counts may be short of the truth: said on the panel, not left for someone to guess. */
export function panelWarnings(panel: Pick<AlertPanel, 'truncatedAlerts' | 'incomplete' | 'limit'>): string[] {
  const warnings: string[] = [];
  if (panel.truncatedAlerts > 0) {
    const n = panel.truncatedAlerts;
    warnings.push(
      `${count.format(n)} ${n === 1 ? 'alert was' : 'alerts were'} left out of Alertmanager's last notification: some may be missing until the next reconcile`,
    );
  }
  if (panel.incomplete) {
    warnings.push(`More alerts than the panel holds (${count.format(panel.limit)}): the counts are lower bounds`);
  }
  return warnings;
}
