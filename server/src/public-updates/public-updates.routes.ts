/** Mounted at /api/incidents/:id: public updates, and the webhook deliveries announcing them. */
import express, { type Router } from 'express';
import { z } from 'zod';
import { DraftVersionInput, EditDraftInput, NewUpdateInput } from '#shared/public-updates';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { WebhookDeliveries } from '../publishing/webhook-deliveries';
import type { Rooms } from '../rooms/rooms';
import type { PublicUpdatesService } from './public-updates.service';

const UpdateParams = IncidentParams.extend({ updateId: z.coerce.number().int().positive() });

export function publicUpdatesRoutes(updates: PublicUpdatesService, deliveries: WebhookDeliveries, rooms: Rooms): Router {
  const router = express.Router({ mergeParams: true });
  router.post(
    '/updates',
    route({ params: IncidentParams, body: NewUpdateInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.status(201).json({ update: await updates.create(params.id, body, ctx.actor) }),
    ),
  );
  router.patch(
    '/updates/:updateId',
    route({ params: UpdateParams, body: EditDraftInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ update: await updates.edit(params.id, params.updateId, body, ctx.actor) }),
    ),
  );
  router.post(
    '/updates/:updateId/publish',
    route({ params: UpdateParams, body: DraftVersionInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ update: await updates.publish(params.id, params.updateId, body.version, ctx.actor) }),
    ),
  );
  router.post(
    '/updates/:updateId/discard',
    route({ params: UpdateParams, body: DraftVersionInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ update: await updates.discard(params.id, params.updateId, body.version, ctx.actor) }),
    ),
  );
  router.get(
    '/deliveries',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => {
      await rooms.get(params.id); // 404 for an unknown incident
      res.json({ deliveries: await deliveries.list(params.id) });
    }),
  );
  return router;
}
