/**
 * The `impact:` and `publishing:` keys of warroom.config.yaml: the impact board's products and
 * zones, how often a public update is due, the rules that suggest an impact from the feeds, and
 * the outgoing webhooks an incident may publish to. docs/impact.md explains them.
 */
import { z } from 'zod';
import { type ImpactSetup, Product, SuggestionRule, Zone } from '#shared/impact';
import { SourceId } from '#shared/incident';
import { Duration } from './duration';

/** The 2025 PAR6 post-mortem's products, in its impact table's order, and the PAR region's zones. */
const DEFAULT_PRODUCTS: Product[] = [
  { id: 'runtimes', name: 'Runtimes' },
  { id: 'deployments', name: 'Runtime deployments' },
  { id: 'databases', name: 'Databases (MySQL, PostgreSQL, Redis, MongoDB)' },
  { id: 'clusters', name: 'Cluster services (Elastic, Couchbase, Cassandra, …)' },
  { id: 'vpn', name: 'VPN / IPSec' },
  { id: 'observability', name: 'Observability' },
  { id: 'console-api', name: 'Console and API' },
];
const DEFAULT_ZONES = ['PAR4', 'PAR5', 'PAR6', 'PAR7', 'PAR8', 'GOV', 'Remote'];

export const ImpactSpec = z
  .strictObject({
    products: z.array(Product).min(1).max(50).default(DEFAULT_PRODUCTS),
    zones: z.array(Zone).min(1).max(30).default(DEFAULT_ZONES),
    /** A public update is due this long after the last one. */
    cadence: Duration.default(30 * 60_000),
    suggestions: z.array(SuggestionRule).max(200).default([]),
  })
  .superRefine((spec, ctx) => {
    const ids = new Set<string>();
    spec.products.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['products', i, 'id'], message: `product id ${p.id} is used twice` });
      ids.add(p.id);
    });
    const zones = new Set(spec.zones);
    if (zones.size !== spec.zones.length) ctx.addIssue({ code: 'custom', path: ['zones'], message: 'a zone is listed twice' });
    spec.suggestions.forEach((rule, i) => {
      if (!ids.has(rule.product)) ctx.addIssue({ code: 'custom', path: ['suggestions', i, 'product'], message: `no product ${rule.product} is configured` });
      rule.zones.forEach((zone, j) => {
        if (!zones.has(zone)) ctx.addIssue({ code: 'custom', path: ['suggestions', i, 'zones', j], message: `no zone ${zone} is configured` });
      });
    });
  });
export type ImpactSpec = z.infer<typeof ImpactSpec>;

export const WebhookSpec = z.strictObject({
  /** What an incident names to publish here. */
  id: SourceId,
  url: z.url({ protocol: /^https?$/ }),
  /** Signs every body (HMAC-SHA256); write it as `${WARROOM_WEBHOOK_SECRET}` to keep it out of the file. */
  secret: z.string().min(16, 'at least 16 characters'),
});
export type WebhookSpec = z.infer<typeof WebhookSpec>;

export const PublishingSpec = z
  .strictObject({ webhooks: z.array(WebhookSpec).max(20).default([]) })
  .refine((p) => new Set(p.webhooks.map((w) => w.id)).size === p.webhooks.length, { message: 'a webhook id is used twice', path: ['webhooks'] });

/** What every room's snapshot carries: the board's shape and rules, the webhooks' ids only. */
export const impactSetupOf = (impact: ImpactSpec, publishing: z.infer<typeof PublishingSpec>): ImpactSetup => ({
  products: impact.products,
  zones: impact.zones,
  cadenceMs: impact.cadence,
  suggestions: impact.suggestions,
  webhooks: publishing.webhooks.map((w) => w.id),
});
