/**
 * REST calls, parsed with the shared schemas: a response that does not match is an error, not data.
 * The session cookie rides along by itself (same origin). A 401 means the session is gone, for
 * every caller at once: it is reported to the one listener the session module registers, which
 * shows the sign-in screen.
 */
import type { z } from 'zod';
import { ErrorBody, type ErrorCode } from '#shared/ack';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: ErrorCode | null,
  ) {
    super(message);
  }
}

/** `signal` lets a poller give up on a request the server does not answer, instead of piling them up. */
export type RequestOptions = { signal?: AbortSignal };

let unauthorized: (message: string) => void = () => {};

/** Who to tell when the server says this browser is not signed in (any call, any page). */
export function onUnauthorized(listener: (message: string) => void): void {
  unauthorized = listener;
}

async function request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, options: RequestOptions = {}): Promise<z.output<S>> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, json);
  return schema.parse(json);
}

/** A text resource (the post-mortem's Markdown): errors and a lost session read as for JSON. */
async function requestText(path: string, options: RequestOptions = {}): Promise<string> {
  const response = await fetch(path, options.signal ? { signal: options.signal } : {});
  if (response.ok) return response.text();
  throw errorOf(response.status, await response.json().catch(() => null));
}

function errorOf(status: number, json: unknown): ApiError {
  const parsed = ErrorBody.safeParse((json as { error?: unknown } | null)?.error);
  const code = parsed.success ? parsed.data.code : null;
  const text = parsed.success ? parsed.data.message : `HTTP ${status}`;
  if (status === 401) unauthorized(text);
  return new ApiError(status === 403 ? refusalText({ code: 'forbidden', message: text }) : text, status, code);
}

/** An error from the server as a person reads it, REST or socket ack alike. */
export function refusalText(error: { code: ErrorCode; message: string }): string {
  // The server's sentence names the role and the act ("the viewer role may not …"): said as a refusal.
  return error.code === 'forbidden' ? `Not allowed: ${error.message}` : error.message;
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) => request('GET', path, schema, undefined, options),
  post: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('POST', path, schema, body),
  put: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('PUT', path, schema, body),
  patch: <S extends z.ZodType>(path: string, body: unknown, schema: S) => request('PATCH', path, schema, body),
  delete: <S extends z.ZodType>(path: string, schema: S) => request('DELETE', path, schema),
  text: (path: string, options?: RequestOptions) => requestText(path, options),
};

/** What to show a person for a failed call. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
