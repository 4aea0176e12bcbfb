/**
 * The post-mortem as Markdown, the incident as a JSON file, and the import of such a file.
 * Mounted at /api/incidents.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { ImpactSetup } from '#shared/impact';
import { IncidentExport } from '#shared/incident-export';
import { TimeZone } from '#shared/incident';
import { formatZoned } from '#shared/zoned-time';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/actor';
import { route } from '../http/validate';
import { IncidentParams } from '../incidents/incidents.routes';
import type { IncidentsService } from '../incidents/incidents.service';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';
import { allEntries, exportIncident } from './incident-export';
import { postmortemMarkdown } from './postmortem-markdown';

const Download = z.enum(['1', 'true']).optional();
/** A zone the tables can be written in: Intl knows some legacy names (`Japan`, `EST5EDT`) that Temporal's writer does not. */
const writable = (tz: string) => {
  try {
    formatZoned(0, tz);
    return true;
  } catch {
    return false;
  }
};
const PostmortemQuery = z.strictObject({ tz: TimeZone.refine(writable, 'not a time zone a post-mortem can be written in (use an IANA name such as Europe/Paris)').optional(), download: Download });

export type PostmortemDeps = { store: Store; rooms: Rooms; incidents: IncidentsService; setup: () => ImpactSetup };

/** "PAR6 power outage — EU-FR-1" → "incident-12-par6-power-outage-eu-fr-1". */
const fileName = (id: number, title: string) =>
  `incident-${id}-${title.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)}`;

export function postmortemRoutes(d: PostmortemDeps): Router {
  const router = express.Router();
  const exported = async (id: number) => {
    const incident = await d.incidents.get(id);
    const room = await d.rooms.get(id);
    return exportIncident(d.store, incident, () => d.rooms.liveOf(room).metrics);
  };

  router.get(
    '/:id/postmortem.md',
    route({ params: IncidentParams, query: PostmortemQuery, permission: 'read' }, async ({ params, query }, _ctx, res) => {
      const incident = await d.incidents.get(params.id);
      const [entries, impacts, impactChanges, updates, followUps] = await Promise.all([
        allEntries(d.store, incident.id),
        d.store.listImpacts(incident.id),
        d.store.listImpactChanges(incident.id),
        d.store.listUpdates(incident.id),
        d.store.listFollowUps(incident.id),
      ]);
      const markdown = postmortemMarkdown({ incident, entries, impacts, impactChanges, updates, followUps, products: d.setup().products }, query.tz ?? incident.timeZone);
      res.type('text/markdown; charset=utf-8');
      if (query.download) res.attachment(`${fileName(incident.id, incident.title)}-postmortem.md`);
      res.send(markdown);
    }),
  );
  router.get(
    '/:id/export.json',
    route({ params: IncidentParams, permission: 'read' }, async ({ params }, _ctx, res) => {
      const bundle = await exported(params.id);
      res.attachment(`${fileName(bundle.incident.id, bundle.incident.title)}.json`);
      res.json(bundle);
    }),
  );
  router.post(
    '/import',
    route({ body: IncidentExport, permission: 'incident.create' }, async ({ body }, ctx, res) => {
      const incident = await importBundle(d, body, ctx.actor);
      res.status(201).json({ incident });
    }),
  );
  return router;
}

async function importBundle(d: PostmortemDeps, bundle: IncidentExport, actor: Actor) {
  authorize(actor, 'incident.create', 'import an incident');
  const incident = await d.store.importIncident(bundle);
  d.incidents.imported(incident);
  return incident;
}
