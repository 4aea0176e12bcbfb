import { z } from 'zod';

export const ErrorCode = z.enum([
  'bad_request',
  'not_found',
  'conflict',
  'payload_too_large',
  'protocol_mismatch',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error shape, for REST bodies (`{ error }`) and socket acks alike. */
export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** The offending input field, e.g. `text` or `[2].value`. */
  field: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (response: Ack<T>) => void;
