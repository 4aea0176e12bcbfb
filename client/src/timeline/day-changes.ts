/**
 * Which rows start a new calendar day in the incident's zone, so the row can show its date.
 * Called on every change of the loaded entries (memoised on the array), with thousands of
 * them: one `Date.parse` and two comparisons per entry, and Temporal only where a day ends.
 */
import { Temporal } from 'temporal-polyfill';
import type { Entry } from '#shared/timeline';

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

/**
 * The ids of the entries that start a calendar day in `timeZone`: the first entry and each one
 * whose day differs from the previous entry's. Empty when the entries all fall on one day, where
 * a date on every screen-full would only repeat what the incident header already says.
 * Entries are expected in timeline order; out of order, any change of day still counts.
 */
export function dayChanges(entries: readonly Pick<Entry, 'id' | 'occurredAt'>[], timeZone: string): Set<number> {
  const starts = new Set<number>();
  if (entries.length < 2) return starts;
  const zone = zoneOrUtc(timeZone);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    const at = Date.parse(entry.occurredAt);
    if (Number.isNaN(at) || (at >= start && at < end)) continue;
    [start, end] = dayBounds(at, zone);
    starts.add(entry.id);
  }
  // One day start (the first entry's): the loaded timeline spans a single day.
  if (starts.size === 1) starts.clear();
  return starts;
}
