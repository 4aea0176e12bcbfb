/** Mounted at /api/incidents/:id: the impact board, public updates, their deliveries, action items. */
import express, { type Router } from 'express';
import { z } from 'zod';
import { EditFollowUpInput, NewFollowUpInput } from '#shared/follow-ups';
import { SetImpactInput } from '#shared/impact';
import { DraftVersionInput, EditDraftInput, NewUpdateInput } from '#shared/public-updates';
import type { FollowUpsService } from '../follow-ups/follow-ups.service';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { WebhookDeliveries } from '../publishing/webhook-deliveries';
import type { PublicUpdatesService } from '../public-updates/public-updates.service';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';
import type { ImpactService } from './impact.service';

const UpdateParams = IncidentParams.extend({ updateId: z.coerce.number().int().positive() });
const ItemParams = IncidentParams.extend({ itemId: z.coerce.number().int().positive() });

export type CommsRoutesDeps = {
  impact: ImpactService;
  updates: PublicUpdatesService;
  followUps: FollowUpsService;
  deliveries: WebhookDeliveries;
  rooms: Rooms;
  store: Store;
};

export function commsRoutes(d: CommsRoutesDeps): Router {
  const router = express.Router({ mergeParams: true });
  router.put(
    '/impact',
    route({ params: IncidentParams, body: SetImpactInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ cells: await d.impact.set(params.id, body, ctx.actor) }),
    ),
  );
  router.get(
    '/impact/history',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => {
      await d.rooms.get(params.id); // 404 for an unknown incident
      res.json({ changes: await d.store.listImpactChanges(params.id) });
    }),
  );
  router.post(
    '/updates',
    route({ params: IncidentParams, body: NewUpdateInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.status(201).json({ update: await d.updates.create(params.id, body, ctx.actor) }),
    ),
  );
  router.patch(
    '/updates/:updateId',
    route({ params: UpdateParams, body: EditDraftInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ update: await d.updates.edit(params.id, params.updateId, body, ctx.actor) }),
    ),
  );
  router.post(
    '/updates/:updateId/publish',
    route({ params: UpdateParams, body: DraftVersionInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ update: await d.updates.publish(params.id, params.updateId, body.version, ctx.actor) }),
    ),
  );
  router.post(
    '/updates/:updateId/discard',
    route({ params: UpdateParams, body: DraftVersionInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ update: await d.updates.discard(params.id, params.updateId, body.version, ctx.actor) }),
    ),
  );
  router.get(
    '/deliveries',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => {
      await d.rooms.get(params.id);
      res.json({ deliveries: await d.deliveries.list(params.id) });
    }),
  );
  router.post(
    '/action-items',
    route({ params: IncidentParams, body: NewFollowUpInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.status(201).json({ followUp: await d.followUps.create(params.id, body, ctx.actor) }),
    ),
  );
  router.patch(
    '/action-items/:itemId',
    route({ params: ItemParams, body: EditFollowUpInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ followUp: await d.followUps.edit(params.id, params.itemId, body, ctx.actor) }),
    ),
  );
  return router;
}
