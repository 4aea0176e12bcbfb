import express, { type Router } from 'express';
import { StartDrillInput } from '#shared/drills';
import { route } from '../http/validate';
import type { Drills } from './drills.service';

/** `GET /api/scenarios`, `POST /api/drills`. */
export function drillsRoutes(drills: Drills): Router {
  const router = express.Router();
  router.get(
    '/scenarios',
    route({ permission: 'read' }, (_input, _ctx, res) => res.json({ scenarios: drills.scenarios() })),
  );
  router.post(
    '/drills',
    route({ body: StartDrillInput, permission: 'drill.start' }, async ({ body }, ctx, res) => res.status(201).json(await drills.start(body, ctx.actor))),
  );
  return router;
}
