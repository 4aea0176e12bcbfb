/** Public updates stamped as the 2021 seed's status page does: "EDIT 12:21 UTC+2" (shared/update-stamp.ts). */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { updateStamp } from '#shared/update-stamp';
import { formatOffsetTime, parseZonedTime } from '#shared/zoned-time';
import { makePublicUpdate } from '../support/factories';

const SEED = 'test/fixtures/seeds/2021-06-16-par-network-postmortem.txt';
const at = (iso: string) => makePublicUpdate({ publishedAt: iso });

describe('updateStamp', () => {
  it.each([
    { zone: 'Europe/Paris', season: 'summer', publishedAt: '2021-06-16T10:21:00Z', first: false, stamp: 'EDIT 12:21 UTC+2' },
    { zone: 'Europe/Paris', season: 'summer', publishedAt: '2021-06-16T10:10:00Z', first: true, stamp: '12:10 UTC+2' },
    { zone: 'Europe/Paris', season: 'winter', publishedAt: '2025-03-03T13:55:00Z', first: false, stamp: 'EDIT 14:55 UTC+1' },
    { zone: 'Europe/Paris', season: 'winter', publishedAt: '2025-03-03T13:55:00Z', first: true, stamp: '14:55 UTC+1' },
    { zone: 'UTC', season: 'summer', publishedAt: '2021-06-16T10:12:00Z', first: true, stamp: '10:12 UTC' },
    { zone: 'UTC', season: 'winter', publishedAt: '2025-03-03T23:59:00Z', first: false, stamp: 'EDIT 23:59 UTC' },
    { zone: 'Asia/Kolkata', season: 'no DST', publishedAt: '2021-06-16T10:21:00Z', first: false, stamp: 'EDIT 15:51 UTC+5:30' },
    { zone: 'Asia/Kolkata', season: 'no DST', publishedAt: '2025-03-03T13:55:00Z', first: true, stamp: '19:25 UTC+5:30' },
    { zone: 'America/New_York', season: 'summer', publishedAt: '2021-06-16T10:21:00Z', first: false, stamp: 'EDIT 06:21 UTC-4' },
  ])('$zone ($season), first=$first: $stamp', ({ zone, publishedAt, first, stamp }) => {
    expect(updateStamp(at(publishedAt), first, zone)).toBe(stamp);
  });

  it('shows the minute the update went out in, never the next one', () => {
    expect(updateStamp(at('2021-06-16T10:21:59.999Z'), false, 'Europe/Paris')).toBe('EDIT 12:21 UTC+2');
  });

  it('stamps a draft, which has no publication time, when it was written', () => {
    const draft = makePublicUpdate({ state: 'draft', publishedAt: null, createdAt: '2021-06-16T10:28:00Z' });
    expect(updateStamp(draft, false, 'Europe/Paris')).toBe('EDIT 12:28 UTC+2');
  });

  it('reproduces every stamp of the seed’s status page from the instant it names', () => {
    const stamps = [...fs.readFileSync(SEED, 'utf8').matchAll(/^EDIT (\d{2}:\d{2} UTC\+2):/gm)].map((m) => m[1]!);
    expect(stamps.length).toBeGreaterThan(10);
    for (const written of stamps) {
      const instant = parseZonedTime(written, { date: '2021-06-16', timeZone: 'Europe/Paris' });
      expect(updateStamp(at(new Date(instant).toISOString()), false, 'Europe/Paris')).toBe(`EDIT ${written}`);
    }
  });
});

describe('formatOffsetTime', () => {
  it.each([
    { zone: 'Europe/Paris', iso: '2021-06-16T10:21:00Z', text: '12:21 UTC+2' },
    { zone: 'UTC', iso: '2021-06-16T10:12:00Z', text: '10:12 UTC' },
    // Minutes only, cut: a stamp never shows a minute that had not begun.
    { zone: 'UTC', iso: '2021-06-16T10:12:59.999Z', text: '10:12 UTC' },
    { zone: 'Asia/Kolkata', iso: '2021-06-16T06:51:00Z', text: '12:21 UTC+5:30' },
    // A fixed abbreviation is its own offset, whatever the season.
    { zone: 'CET', iso: '2021-06-16T10:21:00Z', text: '11:21 UTC+1' },
    { zone: 'UTC+2', iso: '2021-06-16T22:30:00Z', text: '00:30 UTC+2' },
  ])('$iso in $zone → $text', ({ zone, iso, text }) => {
    expect(formatOffsetTime(Date.parse(iso), zone)).toBe(text);
  });
});
