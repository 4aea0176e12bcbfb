/**
 * `/api/session` (a link exchanged for a cookie, who am I, sign out), `/api/tokens` (admins make,
 * list and revoke role links and feed tokens) and `/api/audit` (the security log, for admins).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { feedHasSource, SessionInput, TokenFields } from '#shared/auth';
import { route, parse } from '../http/validate';
import type { AuthService } from './auth.service';
import { SESSION_COOKIE, sessionOf } from './http-auth';

const TokenParams = z.object({ id: z.string().regex(/^tk_[0-9a-f]{12}$/, 'must be a token id such as tk_1f2e3d4c5b6a') });
const AuditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** A token, and the page its link opens; any other key is refused (a typo such as `expiresInDay` must not make a token that never expires). */
const CreateTokenBody = feedHasSource(TokenFields.extend({ path: z.string().regex(/^\/[^#?\s]*$/, 'must be a path of this app such as /incidents/7').optional() }));

/** Before authentication: the exchange itself needs no session. */
export function sessionRoutes(auth: AuthService, cookie: { secure: boolean }): Router {
  const router = express.Router();
  router.post('/', async (req, res) => {
    const { token } = parse(SessionInput, req.body ?? null);
    const session = await auth.startSession(token);
    res.cookie(SESSION_COOKIE, session.value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: cookie.secure,
      path: '/',
      expires: new Date(session.expiresAt),
    });
    res.status(201).json({ actor: session.actor });
  });
  router.delete('/', async (req, res) => {
    const value = sessionOf(req.headers.cookie);
    if (value) await auth.endSession(value);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return router;
}

/** After authentication. */
export function authRoutes(auth: AuthService): Router {
  const router = express.Router();
  router.get(
    '/session',
    route({ permission: null }, (_input, ctx, res) => res.json({ actor: ctx.actor })),
  );
  router.get(
    '/tokens',
    route({ permission: 'tokens.manage' }, async (_input, _ctx, res) => res.json({ tokens: await auth.list() })),
  );
  router.post(
    '/tokens',
    route({ body: CreateTokenBody, permission: 'tokens.manage' }, async ({ body }, ctx, res) => {
      const { path, ...input } = body;
      res.status(201).json(await auth.create(input, ctx.actor.name, path));
    }),
  );
  router.delete(
    '/tokens/:id',
    route({ params: TokenParams, permission: 'tokens.manage' }, async ({ params }, ctx, res) => res.json(await auth.revoke(params.id, ctx.actor.name))),
  );
  router.get(
    '/audit',
    route({ query: AuditQuery, permission: 'audit.read' }, async ({ query }, _ctx, res) => res.json({ events: await auth.listAudit(query) })),
  );
  return router;
}
