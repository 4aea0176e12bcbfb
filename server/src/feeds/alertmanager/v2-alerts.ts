/**
 * Alertmanager's own list of alerts, `GET /api/v2/alerts` (gettableAlerts in
 * prometheus/alertmanager `api/v2/openapi.yaml`). It holds every alert not yet resolved —
 * active, silenced, inhibited, or just received — and no resolved ones. Warroom reads it to
 * reconcile its book after a restart or a missed webhook.
 */
import { z } from 'zod';
import { FeedError } from '../observation';
import { LabelSet } from './webhook-payload';
import { Rfc3339 } from './rfc3339';

export const V2_ALERTS_PATH = '/api/v2/alerts';

/**
 * The list of alerts routed to `receiver` only: an Alertmanager routes most alerts to other
 * teams, and a book reconciled with those would show alerts Warroom is never notified of.
 * Alertmanager reads the parameter as a regex anchored at both ends, which is why the
 * regex-escaped name a webhook carries (`web\.hook`) is exactly what to pass.
 */
export function v2AlertsPath(escapedReceiver?: string): string {
  return escapedReceiver === undefined ? V2_ALERTS_PATH : `${V2_ALERTS_PATH}?receiver=${encodeURIComponent(escapedReceiver)}`;
}

// Go writes a nil slice as null; read it as none.
const Ids = z
  .array(z.string())
  .nullish()
  .transform((ids) => ids ?? []);

export const GettableAlert = z.object({
  labels: LabelSet,
  annotations: LabelSet,
  startsAt: Rfc3339,
  /**
   * Unlike the webhook, a firing alert has a real `endsAt` here: when it will be presumed
   * resolved if its sender stops repeating it (`resolve_timeout`). Not a resolution.
   */
  endsAt: Rfc3339,
  updatedAt: Rfc3339,
  fingerprint: z.string().min(1),
  status: z.object({
    /** `suppressed` = silenced or inhibited; `unprocessed` = received, not yet routed. */
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: Ids,
    inhibitedBy: Ids,
  }),
  receivers: z.array(z.object({ name: z.string() })),
  /** Omitted, not `""`, when the sender gave none. */
  generatorURL: z.string().optional(),
});
export type GettableAlert = z.infer<typeof GettableAlert>;

export const GettableAlerts = z.array(GettableAlert);
export type GettableAlerts = z.infer<typeof GettableAlerts>;

/** The parsed JSON body of `GET /api/v2/alerts` from `url`, or a FeedError saying what is wrong with it. */
export function parseGettableAlerts(body: unknown, url: string): GettableAlert[] {
  if (!Array.isArray(body)) {
    const got = body === null ? 'null' : typeof body === 'object' ? 'an object' : typeof body;
    throw new FeedError(`unexpected body from ${url}: expected the JSON array of Alertmanager API v2, got ${got}`);
  }
  const parsed = GettableAlerts.safeParse(body);
  if (parsed.success) return parsed.data;
  const [first, ...rest] = parsed.error.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new FeedError(`unexpected body from ${url}: ${issuePath(first?.path ?? [])}: ${first?.message}${more}`);
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
}
