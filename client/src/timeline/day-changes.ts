/**
 * Which rows start a new calendar day in the incident's zone, so the row can show its date.
 * Asked only for the rows on screen, on every render of the list: constant work per row, never
 * a pass over the thousands of loaded entries (that pass, once per new entry, cost a live
 * timeline of 10,000 entries a few milliseconds on every append).
 */
import { Temporal } from 'temporal-polyfill';
import type { Entry } from '#shared/timeline';

type Timed = Pick<Entry, 'occurredAt'>;

/** The [start, end) of the calendar day holding `epochMs` in `timeZone`, epoch ms (23 or 25 h long on DST days). */
export function dayBounds(epochMs: number, timeZone: string): [number, number] {
  const start = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).startOfDay();
  return [start.epochMilliseconds, start.add({ days: 1 }).epochMilliseconds];
}

function zoneOrUtc(timeZone: string): string {
  try {
    dayBounds(0, timeZone);
    return timeZone;
  } catch {
    return 'UTC'; // a zone this engine does not know: days in UTC rather than no dates at all
  }
}

/** Whether two instants fall on one calendar day of a zone. */
export type SameDay = (a: number, b: number) => boolean;

/**
 * `sameDay` for one zone. It keeps the last day it worked out: the rows on one screen almost
 * always share a day, so Temporal runs about once per render, not once per row.
 */
export function sameDayIn(timeZone: string): SameDay {
  const zone = zoneOrUtc(timeZone);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const within = (at: number) => at >= start && at < end;
  return (a, b) => {
    if (!within(a)) [start, end] = dayBounds(a, zone);
    return within(b);
  };
}

const instant = (e: Timed) => Date.parse(e.occurredAt);

/**
 * Whether the entries span more than one calendar day: their first and last do not share one.
 * Only then do rows show dates; on one day a date on every screen-full would only repeat what
 * the incident header already says.
 */
export function spansDays(entries: readonly Timed[], sameDay: SameDay): boolean {
  return entries.length > 1 && !sameDay(instant(entries[0]!), instant(entries[entries.length - 1]!));
}

/**
 * Whether `entries[i]` is the first of its calendar day: the first entry, or one whose day
 * differs from the previous entry's. Entries are expected in timeline order.
 */
export function firstOfDay(entries: readonly Timed[], i: number, sameDay: SameDay): boolean {
  const entry = entries[i];
  if (entry === undefined) return false;
  return i === 0 || !sameDay(instant(entries[i - 1]!), instant(entry));
}
