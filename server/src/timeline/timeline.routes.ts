import express, { type Router } from 'express';
import { z } from 'zod';
import { PinEntryInput, PostEntryInput, RetractEntryInput, ReviseEntryInput, TimelineQuery } from '#shared/timeline';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { TimelineService } from './timeline.service';

const EntryParams = IncidentParams.extend({ entryId: z.coerce.number().int().positive() });

/** Mounted at /api/incidents/:id/timeline. */
export function timelineRoutes(timeline: TimelineService): Router {
  const router = express.Router({ mergeParams: true });

  router.get(
    '/',
    route({ params: IncidentParams, query: TimelineQuery, permission: 'read' }, async ({ params, query }, _ctx, res) =>
      res.json(await timeline.page(params.id, query)),
    ),
  );
  router.post(
    '/',
    // The service decides: which kinds a role may post.
    route({ params: IncidentParams, body: PostEntryInput, permission: null }, async ({ params, body }, ctx, res) => {
      const { entry, created } = await timeline.post(params.id, body, ctx.actor);
      // A replayed clientId gets the same answer as the first post, marked as a replay.
      if (!created) res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json(entry);
    }),
  );
  router.patch(
    '/:entryId',
    route({ params: EntryParams, body: ReviseEntryInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json(await timeline.revise(params.id, params.entryId, body, ctx.actor)),
    ),
  );
  router.post(
    '/:entryId/retract',
    route({ params: EntryParams, body: RetractEntryInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json(await timeline.retract(params.id, params.entryId, body, ctx.actor)),
    ),
  );
  router.post(
    '/:entryId/pin',
    route({ params: EntryParams, body: PinEntryInput, permission: null }, async ({ params, body }, ctx, res) =>
      res.json(await timeline.pin(params.id, params.entryId, body.pinned, ctx.actor)),
    ),
  );
  router.get(
    '/:entryId/revisions',
    route({ params: EntryParams, permission: 'read' }, async ({ params }, _ctx, res) =>
      res.json({ revisions: await timeline.revisions(params.id, params.entryId) }),
    ),
  );
  return router;
}
