/** Mounted at /api/incidents/:id: action items. */
import express, { type Router } from 'express';
import { z } from 'zod';
import { EditFollowUpInput, NewFollowUpInput } from '#shared/follow-ups';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { FollowUpsService } from './follow-ups.service';

const ItemParams = IncidentParams.extend({ itemId: z.coerce.number().int().positive() });

export function followUpsRoutes(followUps: FollowUpsService): Router {
  const router = express.Router({ mergeParams: true });
  router.post(
    '/action-items',
    route({ params: IncidentParams, body: NewFollowUpInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.status(201).json({ followUp: await followUps.create(params.id, body, ctx.actor) }),
    ),
  );
  router.patch(
    '/action-items/:itemId',
    route({ params: ItemParams, body: EditFollowUpInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ followUp: await followUps.edit(params.id, params.itemId, body, ctx.actor) }),
    ),
  );
  return router;
}
