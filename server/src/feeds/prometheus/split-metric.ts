/**
 * Ids and labels of the metrics a `split: <label>` query creates, one per label value
 * (`node.load` split by instance → `node.load.hv-12-9100`). Exported for the registry, which
 * creates a definition the first time a child id appears, and for the RAID source.
 */
import { createHash } from 'node:crypto';

/** How many children one split metric may have: more would drown the war-room screen. */
export const MAX_SPLIT = 20;
const MAX_ID = 64;
const MAX_LABEL = 80;

/**
 * A label value as part of a MetricId: lowercase, anything outside [a-z0-9_.-] becomes '-'.
 * Lossy on purpose ("HV-12" and "hv-12" collide): callers that meet a collision report it.
 */
export function splitSlug(value: string): string {
  return value === '' ? '_' : value.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
}

/**
 * `<baseId>.<slug of value>`, always a valid MetricId (≤ 64 chars). A longer one is cut and
 * ends in a hash of the value, so two long values sharing a prefix stay apart.
 */
export function splitMetricId(baseId: string, value: string): string {
  const id = `${baseId}.${splitSlug(value)}`;
  if (id.length <= MAX_ID) return id;
  const hash = createHash('sha1').update(value).digest('hex').slice(0, 6);
  return `${id.slice(0, MAX_ID - hash.length - 1)}-${hash}`;
}

/** The tile label of a child: "Load — hv-12:9100", cut to the 80 characters a label may have. */
export function splitMetricLabel(label: string, value: string): string {
  const text = `${label} — ${value === '' ? '(no value)' : value}`;
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;
}
