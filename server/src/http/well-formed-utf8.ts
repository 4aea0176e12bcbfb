import { isUtf8 } from 'node:buffer';
import { AppError } from './app-error';

/**
 * The JSON parser would decode invalid UTF-8 to U+FFFD and store it: the text is then not what
 * was sent, and the same post retried by its clientId no longer matches (a 409 on a stored entry).
 */
export function wellFormedUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw new AppError('bad_request', 'body: not valid UTF-8', 'body');
}
