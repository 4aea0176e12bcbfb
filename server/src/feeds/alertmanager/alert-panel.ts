/** The alert panel (shared/alerts.ts) built from a book's alerts: grouped, sorted, bounded. */
import type { AlertExample, AlertGroup, AlertPanel } from '#shared/alerts';
import { alertnameOf, instanceOf, severityOf, severityRank, summaryOf } from './alert-labels';
import type { BookAlert } from './alert';

export type PanelOptions = {
  /** Example alerts shown per group (default 3). */
  examplesPerGroup?: number;
  /** Groups listed (default 20); the rest are only counted, to keep the panel small on the wire. */
  maxGroups?: number;
};

type PanelFacts = Pick<AlertPanel, 'truncatedAlerts' | 'incomplete' | 'limit' | 'updatedAt'> & { options: PanelOptions };

export function buildPanel(alerts: Iterable<BookAlert>, facts: PanelFacts): AlertPanel {
  const { options, ...rest } = facts;
  const perGroup = options.examplesPerGroup ?? 3;
  const maxGroups = options.maxGroups ?? 20;
  const groups = new Map<string, { alertname: string; severity: string | null; members: BookAlert[] }>();
  let firing = 0;
  let suppressed = 0;
  for (const a of alerts) {
    if (a.suppressed) {
      suppressed++;
      continue;
    }
    firing++;
    const alertname = alertnameOf(a.labels);
    const severity = severityOf(a.labels);
    const key = JSON.stringify([alertname, severity]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { alertname, severity, members: [] }));
    group.members.push(a);
  }
  const sorted = [...groups.values()].toSorted(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.members.length - a.members.length ||
      a.alertname.localeCompare(b.alertname) ||
      (a.severity ?? '').localeCompare(b.severity ?? ''),
  );
  const shown = sorted.slice(0, maxGroups);
  const hidden = sorted.slice(maxGroups);
  return {
    firing,
    suppressed,
    groups: shown.map(
      (g): AlertGroup => ({
        alertname: g.alertname,
        severity: g.severity,
        count: g.members.length,
        examples: earliest(g.members, perGroup).map(example),
      }),
    ),
    otherGroups: hidden.length,
    otherAlerts: hidden.reduce((sum, g) => sum + g.members.length, 0),
    ...rest,
  };
}

/** The first `n` to start; ties by fingerprint so the panel does not shuffle between pushes. */
const start = (a: BookAlert) => a.startsAt ?? Number.POSITIVE_INFINITY;

function earliest(members: BookAlert[], n: number): BookAlert[] {
  return members
    .toSorted((a, b) => start(a) - start(b) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
    .slice(0, n);
}

function example(a: BookAlert): AlertExample {
  const { alertname: _name, severity: _severity, ...labels } = a.labels;
  return {
    fingerprint: a.fingerprint,
    instance: instanceOf(a.labels),
    summary: summaryOf(a.annotations),
    labels,
    startsAt: a.startsAt,
    generatorURL: a.generatorURL,
  };
}
