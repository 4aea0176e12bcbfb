/**
 * Every log line of a request or socket event carries its request id, so one person's failed post
 * can be found among a thousand viewers' lines, and the id a proxy or a client sent can be
 * followed through. Handlers log through `res.locals.log`, a pino child bound to `{ requestId }`.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { Telemetry } from './telemetry';

declare global {
  // Express's own extension point for typing res.locals.
  namespace Express {
    interface Locals {
      /** This request's id, also sent back in `X-Request-Id`. Set by `requestId()`, which runs first. */
      requestId: string;
      /** The server's logger bound to `{ requestId }`: log through it in handlers. */
      log: Logger;
    }
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * An incoming id is kept only if it cannot hurt where it is echoed (a header, a log line, a
 * support ticket): UUIDs, trace ids and the like, never a path, spaces or a megabyte.
 */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const isWellFormedRequestId = (id: unknown): id is string => typeof id === 'string' && WELL_FORMED.test(id);

export type RequestIdOptions = {
  logger: Logger;
  /** Counts each completed request by method, route template and status class. */
  telemetry?: Pick<Telemetry, 'httpRequest'>;
  /** Paths answered without an access-log line (probes and scrapes every few seconds are noise). */
  quietPaths?: readonly string[];
  /** A monotonic clock in ms, for durations (default `performance.now`). */
  now?: () => number;
};

/**
 * Sets the request id (the caller's if well formed, else a new UUID) on the response header and
 * `res.locals`, binds `res.locals.log` to it, and writes one access-log line when the response
 * ends. Mount it first, before auth and body parsers, so their refusals carry an id too.
 */
export function requestId({ logger, telemetry, quietPaths = ['/healthz', '/metrics'], now = () => performance.now() }: RequestIdOptions): RequestHandler {
  const quiet = new Set(quietPaths);
  return (req, res, next) => {
    const started = now();
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = isWellFormedRequestId(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId: id });
    res.setHeader(REQUEST_ID_HEADER, id);
    res.locals.requestId = id;
    res.locals.log = log;
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    const logged = !quiet.has(path);

    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      const route = routeLabelOf(req.originalUrl);
      const durationMs = Math.round((now() - started) * 1000) / 1000;
      // A client that hung up before the answer was sent: no status reached it.
      const aborted = !res.writableFinished;
      telemetry?.httpRequest(req.method, route, res.statusCode);
      if (logged) log.info({ method: req.method, route, status: res.statusCode, durationMs, ...(aborted ? { aborted } : {}) }, 'request');
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}


/**
 * The path as a template for metrics and logs (`/api/incidents/:id/timeline`): ids become `:id`,
 * and the SPA's pages are one label, so no client can mint series by inventing paths.
 */
export function routeLabelOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith('/api/')) return path === '/healthz' || path === '/metrics' ? path : 'spa';
  return path
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) || /^tk_[0-9a-f]+$/.test(segment) ? ':id' : segment))
    .join('/');
}
