/**
 * Is the public story keeping up with the room? Two rules, pure so the browser runs them every
 * second on its own clock and tests run them on an injected one:
 * - cadence: a public update is due `cadenceMs` after the last one (or after the incident opened);
 * - drift: what was said publicly disagrees with what the room knows.
 */
import { cellKey, IMPACT_LABEL, type ImpactCell, type ImpactSetup, IMPACT_RANK, isRed, isWorse, productNamed } from './impact';
import type { Incident } from './incident';
import { isStale, type MetricState } from './metrics';
import { lastPublished, type PublicUpdate } from './public-updates';

export type Cadence = {
  /** Since the last published update, or since the incident opened when none was. */
  sinceMs: number;
  /** Whether anything was ever published. */
  everPublished: boolean;
  /** Past the cadence while the incident is open. */
  overdue: boolean;
  /** When the next update is due (Unix ms); null once resolved. */
  dueAt: number | null;
};

export function cadenceOf(incident: Pick<Incident, 'createdAt' | 'status'>, updates: readonly PublicUpdate[], cadenceMs: number, now: number): Cadence {
  const last = lastPublished(updates);
  const from = Date.parse(last?.publishedAt ?? incident.createdAt);
  const open = incident.status !== 'resolved';
  const dueAt = open ? from + cadenceMs : null;
  return { sinceMs: Math.max(0, now - from), everPublished: last !== null, overdue: dueAt !== null && now >= dueAt, dueAt };
}

export type Drift =
  /** The public status says it is over (monitoring, resolved) while the room still sees red. */
  | { kind: 'calm-while-red'; said: 'monitoring' | 'resolved'; red: string[]; message: string }
  /** A cell is worse now than the last public update declared it. */
  | { kind: 'worse-than-said'; product: string; zone: string; said: ImpactCell['status']; now: ImpactCell['status']; message: string };

export type DriftInput = {
  setup: Pick<ImpactSetup, 'products'>;
  updates: readonly PublicUpdate[];
  impacts: readonly ImpactCell[];
  metrics: readonly MetricState[];
  now: number;
};

export function driftOf({ setup, updates, impacts, metrics, now }: DriftInput): Drift[] {
  const last = lastPublished(updates);
  const name = (product: string) => productNamed(setup.products, product);
  const label = (c: Pick<ImpactCell, 'product' | 'zone'>) => `${name(c.product)} in ${c.zone}`;
  const drifts: Drift[] = [];
  if (last && (last.status === 'monitoring' || last.status === 'resolved')) {
    // Red is an outage on the board, or a live critical metric: a stale one is not known to be red now.
    const red = [
      ...impacts.filter((c) => isRed(c.status)).map((c) => `${label(c)} is ${IMPACT_LABEL[c.status].toLowerCase()}`),
      ...metrics.filter((m) => !m.def.hidden && m.status === 'crit' && !isStale(m, now)).map((m) => `${m.def.label} is critical`),
    ];
    if (red.length > 0) {
      drifts.push({ kind: 'calm-while-red', said: last.status, red, message: `Public status says ${last.status}, but ${red.join('; ')}` });
    }
  }
  const declared = new Map((last?.impacts ?? []).map((d) => [cellKey(d), d.status]));
  for (const c of impacts.toSorted((a, b) => IMPACT_RANK[b.status] - IMPACT_RANK[a.status])) {
    const said = declared.get(cellKey(c)) ?? 'operational';
    if (!isWorse(c.status, said)) continue;
    const publicly = last ? `the last public update said ${IMPACT_LABEL[said].toLowerCase()}` : 'nothing was said publicly yet';
    drifts.push({
      kind: 'worse-than-said',
      product: c.product,
      zone: c.zone,
      said,
      now: c.status,
      message: `${label(c)} is ${IMPACT_LABEL[c.status].toLowerCase()}; ${publicly}`,
    });
  }
  return drifts;
}
