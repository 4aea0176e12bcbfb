/**
 * Action items: the follow-ups a post-mortem lists under "Actions", grouped by area, each with
 * an owner and a tracking reference such as `#856`. Not to be confused with `action` timeline
 * entries, which record what the room did during the incident.
 */
import { z } from 'zod';
import { Text } from './text';
import { UtcInstant } from './timeline';

/** The areas of the 2025 post-mortem's actions; any other is accepted too. */
export const SUGGESTED_AREAS = ['Databases', 'Runtimes', 'Networking', 'Orchestration', 'Observability', 'Messaging', 'Communication'] as const;

const NonBlank = (max: number) => Text(max).refine((s) => s.trim().length > 0, 'must not be blank');
/** `#856`, `OPS-1234`, or a link to the tracker. */
const Ref = z
  .string()
  .refine((t) => t.isWellFormed(), 'must be well-formed Unicode (a lone surrogate is not a character)')
  .pipe(z.string().trim().max(200).regex(/^\S*$/, 'must be one word such as #856, OPS-1234 or a link'));

export const FollowUp = z.object({
  id: z.number().int().positive(),
  incidentId: z.number().int().positive(),
  area: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  ref: z.string().nullable(),
  done: z.boolean(),
  createdBy: z.string(),
  createdAt: UtcInstant,
  version: z.number().int().positive(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const NewFollowUpInput = z.strictObject({
  area: NonBlank(60),
  title: NonBlank(500),
  owner: NonBlank(80).optional(),
  ref: Ref.optional(),
});
export type NewFollowUpInput = z.input<typeof NewFollowUpInput>;

export const EditFollowUpInput = z
  .strictObject({
    version: z.number().int().positive(),
    area: NonBlank(60).optional(),
    title: NonBlank(500).optional(),
    owner: NonBlank(80).nullable().optional(),
    ref: Ref.nullable().optional(),
    done: z.boolean().optional(),
  })
  .refine((f) => Object.keys(f).some((k) => k !== 'version'), { message: 'nothing to change: send area, title, owner, ref or done' });
export type EditFollowUpInput = z.input<typeof EditFollowUpInput>;
