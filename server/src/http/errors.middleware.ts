import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { ErrorBody } from '#shared/ack';
import type { Logger } from '../logger';
import { routeLabelOf } from '../observability/request-id';
import { AppError, httpStatus, toErrorBody } from './app-error';

/** Body-parser failures carry a `type`; they are the client's fault, not ours. */
function fromBodyParser(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  // Our own `verify` refused the body: its error says why.
  if (type === 'entity.verify.failed' && error instanceof AppError) return error;
  if (type === 'entity.parse.failed') return new AppError('bad_request', 'body: malformed JSON', 'body');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit ?? 0;
    return new AppError('payload_too_large', `body: larger than ${Math.round(limit / 1024 / 1024)} MB`, 'body');
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('bad_request', 'body: unsupported encoding', 'body');
  }
  // Express's own client errors (e.g. a malformed %-escape in the path) carry a 4xx status.
  const { status, message } = (error ?? {}) as { status?: number; message?: string };
  if (status !== undefined && status >= 400 && status < 500) return new AppError('bad_request', message ?? 'bad request');
  return null;
}

/** `refused`: told of every 401 and 403 (the audit log records them with the route and the role). */
/** `loggerOf`: the request's logger (bound to its request id). */
export function errorHandler(loggerOf: (res: Response) => Logger, refused?: (req: Request, res: Response, error: ErrorBody) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = fromBodyParser(error) ?? error;
    const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
    const body = toErrorBody(known, loggerOf(res).child({ method: req.method, route: routeLabelOf(req.originalUrl) }), requestId);
    if (body.code === 'unauthorized' || body.code === 'forbidden') refused?.(req, res, body);
    if (body.retryAfterSeconds) res.setHeader('Retry-After', String(body.retryAfterSeconds));
    res.status(httpStatus[body.code]).json({ error: body });
  };
}

export const apiNotFound: RequestHandler = (req) => {
  throw new AppError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`);
};
