/**
 * Customer impact: products × zones, each cell in Statuspage's component vocabulary, which
 * status pages and customers already read. A cell nobody set is operational. The products and
 * zones come from the config file (`impact:` in warroom.config.yaml), the defaults from the
 * 2025 PAR6 post-mortem's impact table.
 */
import { z } from 'zod';
import { Text } from './text';
import { UtcInstant } from './timeline';

export const ImpactStatus = z.enum(['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage']);
export type ImpactStatus = z.infer<typeof ImpactStatus>;

/** How bad each status is, for "worse than" comparisons: maintenance is planned, so milder than degraded. */
export const IMPACT_RANK: Record<ImpactStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** Words a customer reads, on the board and in the support view. */
export const IMPACT_LABEL: Record<ImpactStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** Red on the board: customers cannot use the product, or some of them cannot. */
export const isRed = (status: ImpactStatus): boolean => IMPACT_RANK[status] >= IMPACT_RANK.partial_outage;
export const isWorse = (a: ImpactStatus, b: ImpactStatus): boolean => IMPACT_RANK[a] > IMPACT_RANK[b];

/** Customer-facing words, possibly empty (a status says enough), well-formed like every text a person types. */
const Description = z
  .string()
  .refine((t) => t.isWellFormed(), 'must be well-formed Unicode (a lone surrogate is not a character)')
  .pipe(z.string().trim().max(1000))
  .default('');

const Key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'must be 1–40 letters, digits, _ . or - starting with a letter or digit');

/** A product as customers know it: `databases`, "Databases (MySQL, PostgreSQL, Redis, MongoDB)". */
export const Product = z.strictObject({ id: Key, name: Text(120) });
export type Product = z.infer<typeof Product>;
/** A zone as customers know it: PAR6, GOV, "Remote zones". */
export const Zone = Key;

/**
 * A metric state that suggests an impact: `ceph.health` at `crit` suggests Databases degraded
 * in PAR6. Conditions given together must all hold. Suggestions are shown for a person to
 * confirm, never applied by themselves.
 */
export const SuggestionRule = z
  .strictObject({
    metric: z.string().min(1).max(200),
    /** The metric's status (from its thresholds) is this or worse. */
    status: z.enum(['warn', 'crit']).optional(),
    above: z.number().finite().optional(),
    below: z.number().finite().optional(),
    product: Key,
    zones: z.array(Zone).min(1).max(50),
    suggest: ImpactStatus.exclude(['operational']),
    /** What customers would read; a person may reword it before confirming. */
    description: Description,
  })
  .refine((r) => r.status !== undefined || r.above !== undefined || r.below !== undefined, {
    message: 'give at least one condition: status, above or below',
  });
export type SuggestionRule = z.infer<typeof SuggestionRule>;

/** The board's shape and the comms rules, as the config file sets them; every snapshot carries it. */
export const ImpactSetup = z.object({
  products: z.array(Product),
  zones: z.array(Zone),
  /** A public update is due this long after the last one (default 30 minutes). */
  cadenceMs: z.number().int().positive(),
  suggestions: z.array(SuggestionRule),
  /** The outgoing webhooks an incident may publish to (ids only: URLs and secrets stay on the server). */
  webhooks: z.array(z.string()),
});
export type ImpactSetup = z.infer<typeof ImpactSetup>;

export const ImpactCell = z.object({
  incidentId: z.number().int().positive(),
  product: Key,
  zone: Zone,
  status: ImpactStatus,
  /** Customer-facing: what customers experience, in plain words. */
  description: z.string(),
  /** When the cell took its current status (a description change alone keeps it). */
  since: UtcInstant,
  setBy: z.string(),
  setAt: UtcInstant,
  /** 1 when first set; every change adds one. */
  version: z.number().int().positive(),
});
export type ImpactCell = z.infer<typeof ImpactCell>;

export const cellKey = (c: { product: string; zone: string }): string => `${c.product}\u0000${c.zone}`;

/** A product's customer-facing name; its id when the config no longer has it. */
export const productNamed = (products: readonly Product[], id: string): string => products.find((p) => p.id === id)?.name ?? id;

/**
 * Sets one product's status in one or more zones at once ("Databases partial outage in PAR6 and
 * PAR7"). `versions`: the version of each zone's cell the editor saw (0: not set); a cell that
 * changed since is a conflict, so two people editing one cell never overwrite each other unseen.
 */
export const SetImpactInput = z.strictObject({
  product: Key,
  zones: z.array(Zone).min(1).max(50),
  status: ImpactStatus,
  description: Description,
  versions: z.record(Zone, z.number().int().nonnegative()).optional(),
});
export type SetImpactInput = z.input<typeof SetImpactInput>;

/** A suggestion for a person to confirm: the cell, the status, and the metric reading behind it. */
export type ImpactSuggestion = {
  product: string;
  zone: string;
  suggest: ImpactStatus;
  description: string;
  /** "Ceph health is HEALTH_ERR", "VMs missing is 2,800". */
  because: string;
};

/** One change of one cell, as the board's history keeps it (the post-mortem's impact table reads it). */
export const ImpactChange = z.object({
  product: Key,
  zone: Zone,
  status: ImpactStatus,
  description: z.string(),
  setBy: z.string(),
  setAt: UtcInstant,
});
export type ImpactChange = z.infer<typeof ImpactChange>;
