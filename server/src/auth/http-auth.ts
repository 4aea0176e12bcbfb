/**
 * REST's side of trust, in the order requests meet it: a Host we answer for; a write that is
 * JSON; an actor from a bearer token or the session cookie; and, for a write made with the
 * cookie, a page of ours as its origin. Handlers receive `res.locals.context`; none re-checks.
 */
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../http/app-error';
import type { RequestContext } from './actor';
import type { AuthService } from './auth.service';
import type { OriginPolicy } from './origin-policy';

export const SESSION_COOKIE = 'warroom_session';
/** The methods that write: JSON-only, rate-limited, and with a cookie, same-origin only. */
export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function hostGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (!policy.hostAllowed(req.headers.host)) throw new AppError('misdirected', `host: this server does not answer for ${req.headers.host ?? 'a request without Host'}`);
    next();
  };
}

/** Writes are JSON: a form or a text/plain body (what a cross-site form can send without asking) is refused. */
export const jsonWrites: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (UNSAFE.has(req.method) && hasBody && !req.is('application/json')) {
    throw new AppError('unsupported_media_type', 'body: send JSON (Content-Type: application/json)', 'body');
  }
  next();
};

export function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

export function sessionOf(cookieHeader: string | undefined): string | null {
  return cookieHeader ? (parseCookies(cookieHeader)[SESSION_COOKIE] ?? null) : null;
}

/** Sets `res.locals.context` from the bearer token or the session cookie; a cookie write must come from our own pages. */
export function authenticate(auth: AuthService, policy: OriginPolicy): RequestHandler {
  return async (req, res, next) => {
    const bearer = bearerOf(req);
    const session = bearer ? null : sessionOf(req.headers.cookie);
    if (!bearer && !session) throw new AppError('unauthorized', 'sign in: open your Warroom link, or send Authorization: Bearer <token>');
    const actor = bearer ? await auth.actorForSecret(bearer) : await auth.actorForSession(session!);
    res.locals.context = { actor, requestId: res.locals.requestId } satisfies RequestContext;
    if (session && UNSAFE.has(req.method) && !policy.sameOrigin(req.headers.origin, req.headers.host)) {
      throw new AppError('forbidden', 'origin: a write with the session cookie must come from a Warroom page');
    }
    next();
  };
}

export const contextOf = (res: Response): RequestContext => res.locals.context as RequestContext;

