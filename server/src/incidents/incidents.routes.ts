import express, { type Router } from 'express';
import { z } from 'zod';
import { CreateIncidentInput, IncidentIdParam, UpdateIncidentInput } from '#shared/incident';
import { route } from '../http/validate';
import type { Rooms } from '../rooms/rooms';
import type { IncidentsService } from './incidents.service';

export const IncidentParams = z.object({ id: IncidentIdParam });

export function incidentsRoutes(incidents: IncidentsService, rooms: Rooms): Router {
  const router = express.Router();

  router.get(
    '/',
    route({ permission: 'read' }, async (_input, _ctx, res) => res.json({ incidents: await incidents.list() })),
  );
  router.post(
    '/',
    route({ body: CreateIncidentInput, permission: null }, async ({ body }, ctx, res) => res.status(201).json(await incidents.create(body, ctx))),
  );
  router.get(
    '/:id',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => res.json(await incidents.get(params.id))),
  );
  router.patch(
    '/:id',
    route({ params: IncidentParams, body: UpdateIncidentInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json(await incidents.update(params.id, body, ctx)),
    ),
  );
  router.get(
    '/:id/state',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => res.json(await rooms.snapshot(params.id))),
  );
  return router;
}
