import { z } from 'zod';

export const ErrorCode = z.enum([
  'bad_request',
  /** No token, or one that is unknown, expired or revoked. */
  'unauthorized',
  /** A valid token whose role may not do this (or a request from another site). */
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  /** A write that is not JSON. */
  'unsupported_media_type',
  /** Too many writes from one token: wait `retryAfterSeconds`. */
  'rate_limited',
  /** A Host the server does not answer for (DNS rebinding). */
  'misdirected',
  'protocol_mismatch',
  /** The server is shutting down: retry once reconnected. */
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error shape, for REST bodies (`{ error }`) and socket acks alike. */
export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** The offending input field, e.g. `text` or `[2].value`. */
  field: z.string().optional(),
  /** With `rate_limited`: when to try again. */
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (response: Ack<T>) => void;
