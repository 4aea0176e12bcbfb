/**
 * What was said publicly: drafts the room prepares, and published updates that are never edited
 * (a correction is a new update, as on the seed's status page: "EDIT 12:21 UTC+2: …"). Each
 * published update remembers the impact it declared, so the room can see when the public story
 * and what it knows drift apart (shared/comms-health.ts).
 */
import { z } from 'zod';
import { ImpactStatus } from './impact';
import { IncidentStatus } from './incident';
import { Text } from './text';
import { ClientId, UtcInstant } from './timeline';

/** Statuspage's words for an update's status, as customers see them on a status page. */
export const PUBLIC_STATUS_LABEL: Record<PublicUpdate['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** One cell as an update declared it. Cells it does not list were declared operational. */
export const DeclaredImpact = z.object({ product: z.string(), zone: z.string(), status: ImpactStatus });
export type DeclaredImpact = z.infer<typeof DeclaredImpact>;

export const PublicUpdate = z.object({
  id: z.number().int().positive(),
  incidentId: z.number().int().positive(),
  /** A draft is edited until it is published (then frozen) or discarded (kept, out of the way). */
  state: z.enum(['draft', 'published', 'discarded']),
  /** The incident status the update announces, in Statuspage's words. */
  status: IncidentStatus,
  text: z.string(),
  /** Who wrote the draft (or published it directly). */
  author: z.string(),
  createdAt: UtcInstant,
  publishedAt: UtcInstant.nullable(),
  publishedBy: z.string().nullable(),
  /** The board's non-operational cells when it was published; empty for a draft. */
  impacts: z.array(DeclaredImpact),
  /** Drafts change (each edit adds one); a published update never does. */
  version: z.number().int().positive(),
});
export type PublicUpdate = z.infer<typeof PublicUpdate>;

const UpdateText = Text(4000).refine((s) => s.trim().length > 0, 'must not be blank');

/** A new update: kept as a draft, or published at once with `publish: true`. */
export const NewUpdateInput = z.strictObject({
  status: IncidentStatus,
  text: UpdateText,
  publish: z.boolean().default(false),
  /** Chosen by the browser: the same update sent again (a retry after a lost answer) is stored, and published, once. */
  clientId: ClientId.optional(),
});
export type NewUpdateInput = z.input<typeof NewUpdateInput>;

/** Edits a draft at the version the editor saw (a stale one is refused). */
export const EditDraftInput = z
  .strictObject({ version: z.number().int().positive(), status: IncidentStatus.optional(), text: UpdateText.optional() })
  .refine((d) => d.status !== undefined || d.text !== undefined, { message: 'nothing to change: send status or text' });
export type EditDraftInput = z.input<typeof EditDraftInput>;

/** Publishes or discards a draft as the editor saw it. */
export const DraftVersionInput = z.strictObject({ version: z.number().int().positive() });

/** Published updates, oldest first. */
export const publishedUpdates = (updates: readonly PublicUpdate[]): PublicUpdate[] =>
  updates.filter((u) => u.state === 'published').toSorted((a, b) => a.publishedAt!.localeCompare(b.publishedAt!) || a.id - b.id);

export const lastPublished = (updates: readonly PublicUpdate[]): PublicUpdate | null => publishedUpdates(updates).at(-1) ?? null;
