/** REST calls, parsed with the shared schemas: a response that does not match is an error, not data. */
import type { z } from 'zod';
import { ErrorBody } from '#shared/ack';

export class ApiError extends Error {}

/** `signal` lets a poller give up on a request the server does not answer, instead of piling them up. */
export type RequestOptions = { signal?: AbortSignal };

async function request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, options: RequestOptions = {}): Promise<z.output<S>> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ErrorBody.safeParse((json as { error?: unknown } | null)?.error);
    throw new ApiError(error.success ? error.data.message : `HTTP ${response.status}`);
  }
  return schema.parse(json);
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) => request('GET', path, schema, undefined, options),
  post: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('POST', path, schema, body),
};
