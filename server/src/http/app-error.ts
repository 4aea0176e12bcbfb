import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '#shared/ack';
import type { Logger } from '../logger';

/** An expected failure: its message is meant for the caller. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  /** The first zod issue, with the field it concerns named in the message. */
  static fromZod(error: z.ZodError, prefix?: string): AppError {
    const issue = error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const pathParts = [...issue.path, ...keys.slice(0, 1)];
    const field = formatPath(prefix, pathParts) || prefix || 'body';
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    return new AppError('bad_request', `${field}: ${message}`, field);
  }
}

function formatPath(prefix: string | undefined, parts: PropertyKey[]): string {
  let out = prefix ?? '';
  for (const p of parts) {
    out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out;
}

export const httpStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected: 421,
  rate_limited: 429,
  protocol_mismatch: 400,
  unavailable: 503,
  internal: 500,
};

/** Never leaks an unexpected error's message: it is logged with a reference instead. */
export function toErrorBody(error: unknown, logger: Logger, ref: string): ErrorBody {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  logger.error({ err: error, ref }, 'unexpected error');
  return { code: 'internal', message: `internal error (ref ${ref})` };
}
