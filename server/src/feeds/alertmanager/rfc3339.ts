import { z } from 'zod';

// Go writes RFC 3339 with up to nine fractional digits (RFC3339Nano) and `Z` or an offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** A timestamp as Alertmanager writes one; refused unless it is RFC 3339. */
export const Rfc3339 = z.string().regex(RFC3339, 'must be an RFC 3339 time such as 2026-01-01T12:00:00.123Z');

/**
 * RFC 3339 → Unix ms, or null for Go's zero time (`0001-01-01T00:00:00Z`), which Alertmanager
 * writes as the `endsAt` of a firing alert: it means "not ended", not the year 1.
 * Parsed by hand because `Date.parse` is only specified for three fractional digits.
 */
export function rfc3339ToMs(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  if (Number(y) <= 1) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number((frac ?? '').padEnd(3, '0').slice(0, 3)));
  const offsetMin = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return date.getTime() - offsetMin * 60_000;
}
