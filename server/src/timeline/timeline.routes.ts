import express, { type Router } from 'express';
import { PostEntryInput, TimelinePageQuery } from '#shared/timeline';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { TimelineService } from './timeline.service';

/** Mounted at /api/incidents/:id/timeline. */
export function timelineRoutes(timeline: TimelineService): Router {
  const router = express.Router({ mergeParams: true });

  router.get(
    '/',
    route({ params: IncidentParams, query: TimelinePageQuery, permission: 'read' }, async ({ params, query }, _ctx, res) =>
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
  return router;
}
