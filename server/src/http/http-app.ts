/**
 * The Express app, in the order a request meets it: a request id (on every log line), health
 * (open), a Host we answer for, security headers, the shutdown drain, JSON bodies, the session
 * exchange (open), then authentication, the write rate limit, the API, `/metrics` (admins), and
 * the SPA (public files: it holds no data; the API it calls does).
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { authorize } from '../auth/actor';
import { contextOf, authenticate, hostGuard, jsonWrites, UNSAFE } from '../auth/http-auth';
import type { AuthService } from '../auth/auth.service';
import { authRoutes, sessionRoutes } from '../auth/auth.routes';
import type { OriginPolicy } from '../auth/origin-policy';
import type { WriteLimiter } from '../auth/rate-limits';
import type { Config } from '../config';
import { drillsRoutes } from '../drills/drills.routes';
import type { Drills } from '../drills/drills.service';
import type { FeedRegistry } from '../feeds/registry';
import { followUpsRoutes } from '../follow-ups/follow-ups.routes';
import type { FollowUpsService } from '../follow-ups/follow-ups.service';
import { impactRoutes } from '../impact/impact.routes';
import type { ImpactService } from '../impact/impact.service';
import type { WebhookDeliveries } from '../publishing/webhook-deliveries';
import { publicUpdatesRoutes } from '../public-updates/public-updates.routes';
import type { PublicUpdatesService } from '../public-updates/public-updates.service';
import type { Store } from '../store/store';
import { incidentsRoutes } from '../incidents/incidents.routes';
import type { IncidentsService } from '../incidents/incidents.service';
import type { Drain } from '../lifecycle/drain';
import type { Logger } from '../logger';
import { countIngestRefusals } from '../observability/ingest-refusals';
import { metricsHandler } from '../observability/metrics.routes';
import { requestId } from '../observability/request-id';
import type { Telemetry } from '../observability/telemetry';
import type { Rooms } from '../rooms/rooms';
import { IMPORT_PATH, postmortemRoutes, type PostmortemDeps } from '../postmortem/postmortem.routes';
import { timelineRoutes } from '../timeline/timeline.routes';
import type { TimelineService } from '../timeline/timeline.service';
import { apiNotFound, errorHandler } from './errors.middleware';
import { wellFormedUtf8 } from './well-formed-utf8';
import { spaRouter } from './spa';

export type HttpAppDeps = {
  config: Config;
  log: Logger;
  auth: AuthService;
  policy: OriginPolicy;
  limiter: WriteLimiter;
  drain: Drain;
  telemetry: Telemetry;
  feeds: FeedRegistry;
  drills: Drills;
  incidents: IncidentsService;
  rooms: Rooms;
  timeline: TimelineService;
  store: Store;
  impact: ImpactService;
  updates: PublicUpdatesService;
  deliveries: WebhookDeliveries;
  followUps: FollowUpsService;
  postmortem: PostmortemDeps;
};



export function buildHttpApp(d: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId({ logger: d.log, telemetry: d.telemetry }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(hostGuard(d.policy));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // Over plain http on a LAN, upgrading our own requests to https would break them.
          upgradeInsecureRequests: d.config.auth.secureCookies ? [] : null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      // The same as frame-ancestors 'none', for browsers that predate CSP 2.
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: d.config.auth.secureCookies,
    }),
  );
  app.use(d.drain.middleware());
  app.use(['/api/ingest', '/api/feeds'], countIngestRefusals(d.telemetry));
  // Alertmanager sends whole groups: a storm's notification can be larger than a person's post.
  app.use('/api/feeds', express.json({ limit: '10mb', verify: wellFormedUtf8 }));
  // An import's file is parsed by its route, once the caller is known to be allowed (postmortem.routes.ts).
  const json = express.json({ limit: '1mb', verify: wellFormedUtf8 });
  app.use('/api', (req, res, next) => (req.path === IMPORT_PATH ? next() : json(req, res, next)), jsonWrites);
  app.use('/api/session', sessionRoutes(d.auth, { secure: d.config.auth.secureCookies }));
  app.use('/api', authenticate(d.auth, d.policy));
  app.use('/api', async (req, res, next) => {
    // Ingest and webhooks count against their own budget (feeds/registry.ts admits them).
    if (UNSAFE.has(req.method) && req.path !== '/ingest' && !req.path.startsWith('/feeds/')) await d.limiter.consume(contextOf(res).actor, 'write');
    next();
  });
  app.use('/api', authRoutes(d.auth));
  app.use('/api', d.feeds.router());
  app.use('/api', drillsRoutes(d.drills));
  app.use('/api/incidents', postmortemRoutes(d.postmortem));
  app.use('/api/incidents', incidentsRoutes(d.incidents, d.rooms));
  app.use('/api/incidents/:id', impactRoutes(d.impact, d.rooms, d.store));
  app.use('/api/incidents/:id', publicUpdatesRoutes(d.updates, d.deliveries, d.rooms));
  app.use('/api/incidents/:id', followUpsRoutes(d.followUps));
  app.use('/api/incidents/:id/timeline', timelineRoutes(d.timeline));
  app.get('/metrics', authenticate(d.auth, d.policy), (_req, res, next) => {
    authorize(contextOf(res).actor, 'metrics.read', 'read /metrics');
    next();
  }, metricsHandler(d.telemetry));
  app.use('/api', apiNotFound);
  app.use(spaRouter(d.config.clientDir));
  app.use(
    errorHandler((res) => res.locals.log ?? d.log, (req, res, error) => {
      const actor = res.locals.context ? contextOf(res).actor : null;
      void d.auth.audit('denied', actor, `${req.method} ${req.baseUrl}${req.path}`, error.message);
    }),
  );
  return app;
}
