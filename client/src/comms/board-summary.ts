/**
 * "Start from the board": the impact board's non-operational cells as the first lines of a
 * public update, in the words customers read (Statuspage's labels and the cells' own
 * descriptions). A starting point for a person to reword, never published as is.
 */
import { IMPACT_LABEL, productNamed, IMPACT_RANK, isWorse, type ImpactCell, type Product } from '#shared/impact';

/** "PAR6", "PAR6 and PAR7", "PAR6, PAR7 and GOV". */
function zoneList(zones: readonly string[]): string {
  if (zones.length <= 1) return zones.join('');
  return `${zones.slice(0, -1).join(', ')} and ${zones.at(-1)}`;
}

/** Null when the board shows no impact: there is nothing to start from. */
export function boardSummary(impacts: readonly ImpactCell[], products: readonly Product[]): string | null {
  const affected = impacts.filter((c) => isWorse(c.status, 'operational'));
  if (affected.length === 0) return null;
  const productOrder = (id: string) => {
    const i = products.findIndex((p) => p.id === id);
    return i === -1 ? products.length : i;
  };
  // Cells of one product with the same status and description read as one line across zones.
  const lines = new Map<string, { product: string; status: ImpactCell['status']; description: string; zones: string[] }>();
  const ordered = affected.toSorted(
    (a, b) => IMPACT_RANK[b.status] - IMPACT_RANK[a.status] || productOrder(a.product) - productOrder(b.product) || a.zone.localeCompare(b.zone),
  );
  for (const c of ordered) {
    const description = c.description.trim();
    const key = `${c.product}\u0000${c.status}\u0000${description}`;
    const line = lines.get(key);
    if (line) line.zones.push(c.zone);
    else lines.set(key, { product: c.product, status: c.status, description, zones: [c.zone] });
  }
  const name = (id: string) => productNamed(products, id);
  const text = [...lines.values()].map((l) => {
    const head = `- ${name(l.product)}: ${IMPACT_LABEL[l.status].toLowerCase()} in ${zoneList(l.zones)}`;
    return l.description ? `${head}. ${l.description}` : head;
  });
  return ['Current customer impact:', ...text].join('\n');
}
