/**
 * Suggested impact from the feeds: the config's rules read against live metrics. A suggestion
 * is only shown when the cell is better than what the rule suggests, and never from a stale
 * or unknown reading (an old number must not claim customers are down now). People confirm.
 */
import { cellKey, type ImpactCell, type ImpactSuggestion, isWorse, type SuggestionRule } from './impact';
import { isStale, type MetricState } from './metrics';

const WORSE_OR_EQUAL = { warn: ['warn', 'crit'], crit: ['crit'] } as const;

function holds(rule: SuggestionRule, m: MetricState): boolean {
  if (m.value === null) return false;
  if (rule.status !== undefined && !(WORSE_OR_EQUAL[rule.status] as readonly string[]).includes(m.status)) return false;
  if (rule.above !== undefined && !(m.value > rule.above)) return false;
  if (rule.below !== undefined && !(m.value < rule.below)) return false;
  return true;
}

/** "Ceph health is HEALTH_ERR", "VMs missing is 2,800 VMs". */
function reading(m: MetricState): string {
  const value = m.def.valueLabels?.[String(m.value)] ?? `${m.value!.toLocaleString('en-US')}${m.def.unit ? ` ${m.def.unit}` : ''}`;
  return `${m.def.label} is ${value}`;
}

export function suggestImpacts(rules: readonly SuggestionRule[], metrics: readonly MetricState[], cells: readonly ImpactCell[], now: number): ImpactSuggestion[] {
  const byId = new Map(metrics.map((m) => [m.def.id, m]));
  const current = new Map(cells.map((c) => [cellKey(c), c.status]));
  // One suggestion per cell: the worst any rule suggests.
  const out = new Map<string, ImpactSuggestion>();
  for (const rule of rules) {
    const m = byId.get(rule.metric);
    if (m === undefined || isStale(m, now) || !holds(rule, m)) continue;
    for (const zone of rule.zones) {
      const key = cellKey({ product: rule.product, zone });
      if (!isWorse(rule.suggest, current.get(key) ?? 'operational')) continue;
      const seen = out.get(key);
      if (seen && !isWorse(rule.suggest, seen.suggest)) continue;
      out.set(key, { product: rule.product, zone, suggest: rule.suggest, description: rule.description, because: reading(m) });
    }
  }
  return [...out.values()];
}
