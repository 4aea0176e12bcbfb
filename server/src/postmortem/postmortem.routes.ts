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
import { authorize } from '../auth/actor';
import { contextOf } from '../auth/http-auth';
import { AppError } from '../http/app-error';
import { wellFormedUtf8 } from '../http/well-formed-utf8';
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

/** Under /api: the one path whose body the app's 1 MB JSON parser leaves to its route. */
export const IMPORT_PATH = '/incidents/import';

/**
 * An export of a long incident (10,000 entries with their history) is several megabytes: parsed
 * only for a caller allowed to import, so nobody else can make the server read 50 MB.
 */
const importBody: express.RequestHandler[] = [
  (_req, res, next) => {
    authorize(contextOf(res).actor, 'incident.create', 'import an incident');
    next();
  },
  express.json({ limit: '50mb', verify: wellFormedUtf8 }),
];

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
    ...importBody,
    route({ body: IncidentExport, permission: null }, async ({ body }, _ctx, res) => {
      const incident = await importBundle(d, body);
      d.incidents.imported(incident);
      res.status(201).json({ incident });
    }),
  );
  return router;
}

/** The schema checks what it can see; a rule only the database knows is still the file's fault, not ours. */
async function importBundle(d: PostmortemDeps, bundle: IncidentExport) {
  try {
    return await d.store.importIncident(bundle);
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
    throw new AppError('bad_request', `body: the export is not consistent (${(error as Error).message}); nothing was imported`, 'body');
  }
}
