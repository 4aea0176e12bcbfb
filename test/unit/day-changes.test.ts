import { describe, expect, it } from 'vitest';
import { firstOfDay, sameDayIn, spansDays } from '../../client/src/timeline/day-changes';
import { makeEntry } from '../support/factories';

const at = (id: number, occurredAt: string) => makeEntry({ id, occurredAt });

/** The ids of the rows that show their date, as the timeline asks for each row on screen. */
function dated(entries: ReturnType<typeof at>[], zone: string): number[] {
  const sameDay = sameDayIn(zone);
  if (!spansDays(entries, sameDay)) return [];
  return entries.filter((_, i) => firstOfDay(entries, i, sameDay)).map((e) => e.id);
}

describe('rows that show their date', () => {
  it.each([
    { name: 'no entries', entries: [], zone: 'Europe/Paris', expected: [] },
    { name: 'one entry', entries: [at(1, '2025-03-03T13:55:00.000Z')], zone: 'Europe/Paris', expected: [] },
    {
      name: 'one day: no dates at all',
      entries: [at(1, '2025-03-03T00:10:00.000Z'), at(2, '2025-03-03T13:55:00.000Z'), at(3, '2025-03-03T22:30:00.000Z')],
      zone: 'UTC',
      expected: [],
    },
    {
      name: 'two days: the first entry and the first of the next day',
      entries: [at(1, '2025-03-03T13:55:00.000Z'), at(2, '2025-03-03T20:00:00.000Z'), at(3, '2025-03-04T08:00:00.000Z'), at(4, '2025-03-04T09:00:00.000Z')],
      zone: 'UTC',
      expected: [1, 3],
    },
    {
      // 23:30 UTC is already 00:30 on the 4th in Paris (CET, UTC+1): days are the incident zone's.
      name: 'midnight in the incident zone, not in UTC',
      entries: [at(1, '2025-03-03T22:30:00.000Z'), at(2, '2025-03-03T23:30:00.000Z'), at(3, '2025-03-04T08:00:00.000Z')],
      zone: 'Europe/Paris',
      expected: [1, 2],
    },
    {
      name: 'the same entries in UTC',
      entries: [at(1, '2025-03-03T22:30:00.000Z'), at(2, '2025-03-03T23:30:00.000Z'), at(3, '2025-03-04T08:00:00.000Z')],
      zone: 'UTC',
      expected: [1, 3],
    },
    {
      // 30 March 2025 is 23 hours long in Paris: 22:30 UTC on the 30th is 00:30 on the 31st (CEST).
      name: 'a short DST day',
      entries: [at(1, '2025-03-30T00:30:00.000Z'), at(2, '2025-03-30T21:30:00.000Z'), at(3, '2025-03-30T22:30:00.000Z')],
      zone: 'Europe/Paris',
      expected: [1, 3],
    },
    {
      name: 'days with no entries between',
      entries: [at(1, '2021-06-16T10:12:00.000Z'), at(2, '2021-06-19T10:12:00.000Z')],
      zone: 'Europe/Paris',
      expected: [1, 2],
    },
    {
      name: 'a zone the engine does not know falls back to UTC days',
      entries: [at(1, '2025-03-03T22:30:00.000Z'), at(2, '2025-03-04T00:30:00.000Z')],
      zone: 'Mars/Olympus_Mons',
      expected: [1, 2],
    },
  ])('$name', ({ entries, zone, expected }) => {
    expect(dated(entries, zone)).toEqual(expected);
  });

  it('10,000 entries a minute apart: one start per calendar day in the zone', () => {
    const start = Date.parse('2025-03-03T00:00:00Z');
    const entries = Array.from({ length: 10_000 }, (_, i) => at(i + 1, new Date(start + i * 60_000).toISOString()));
    // 10,000 minutes from Monday 00:00 UTC (01:00 in Paris): 7 calendar days in Paris.
    expect(dated(entries, 'Europe/Paris')).toHaveLength(7);
  });
});
