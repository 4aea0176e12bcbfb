/**
 * How an outgoing webhook request is signed, and how its receiver checks it.
 *
 * The signature is HMAC-SHA256, keyed by the webhook's secret, over `${timestamp}.${body}`:
 * covering the timestamp lets a receiver refuse a request replayed later, and the body is
 * signed byte for byte as sent, so a receiver must verify the raw body before parsing it.
 *
 * A receiver verifies a request like this (Express shown; any framework giving the raw body works):
 *
 *   app.post('/warroom', express.text({ type: 'application/json' }), (req, res) => {
 *     if (!verifySignature(SECRET, req.headers, req.body, Date.now())) return res.sendStatus(401);
 *     // X-Warroom-Delivery is the same on every retry of one delivery: dedupe on it.
 *     res.sendStatus(204);
 *   });
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutgoingEventType } from '#shared/deliveries';

export const SIGNATURE_HEADER = 'X-Warroom-Signature';
export const TIMESTAMP_HEADER = 'X-Warroom-Timestamp';
export const DELIVERY_HEADER = 'X-Warroom-Delivery';
export const EVENT_HEADER = 'X-Warroom-Event';

/** The signature header's value: `sha256=` and the hex HMAC of `${timestamp}.${body}`. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** The headers of one attempt; `timestamp` is the attempt's own time (Unix seconds), so a late retry is not taken for a replay. */
export function webhookHeaders(secret: string, delivery: { id: number; event: OutgoingEventType }, timestamp: number, body: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Warroom-Webhook/1',
    [DELIVERY_HEADER]: String(delivery.id),
    [EVENT_HEADER]: delivery.event,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signatureOf(secret, timestamp, body),
  };
}

/** node:http's `req.headers` (lower-case keys), or a fetch `Headers`. */
export type ReceivedHeaders = Record<string, string | string[] | undefined> | { get(name: string): string | null };

function header(headers: ReceivedHeaders, name: string): string | null {
  if (typeof headers.get === 'function') return (headers as { get(name: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  // A header sent twice is ambiguous: refuse it rather than pick one.
  return typeof value === 'string' ? value : null;
}

/**
 * True when the request was signed with `secret` over exactly `body`, at a time within
 * `toleranceS` seconds of `now` (Unix milliseconds). The comparison takes the same time
 * whatever the signature, so it cannot be guessed a byte at a time.
 */
export function verifySignature(secret: string, headers: ReceivedHeaders, body: string, now: number, toleranceS = 300): boolean {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (timestamp === null || signature === null || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceS) return false;
  const expected = Buffer.from(signatureOf(secret, Number(timestamp), body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; the length of a signature is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
