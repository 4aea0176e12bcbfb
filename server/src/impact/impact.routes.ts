/** Mounted at /api/incidents/:id: the impact board. */
import express, { type Router } from 'express';
import { SetImpactInput } from '#shared/impact';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';
import type { ImpactService } from './impact.service';

export function impactRoutes(impact: ImpactService, rooms: Rooms, store: Store): Router {
  const router = express.Router({ mergeParams: true });
  router.put(
    '/impact',
    route({ params: IncidentParams, body: SetImpactInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json({ cells: await impact.set(params.id, body, ctx.actor) }),
    ),
  );
  router.get(
    '/impact/history',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => {
      await rooms.get(params.id); // 404 for an unknown incident
      res.json({ changes: await store.listImpactChanges(params.id) });
    }),
  );
  return router;
}
