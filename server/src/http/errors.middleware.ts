import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { AppError, httpStatus, toErrorBody } from './app-error';

/** Body-parser failures carry a `type`; they are the client's fault, not ours. */
function fromBodyParser(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
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

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = fromBodyParser(error) ?? error;
    const body = toErrorBody(known, logger.child({ method: req.method, url: req.originalUrl }), randomUUID());
    res.status(httpStatus[body.code]).json({ error: body });
  };
}

export const apiNotFound: RequestHandler = (req) => {
  throw new AppError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`);
};
