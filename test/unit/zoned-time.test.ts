/** Wall times as post-mortems write them, to instants and back (shared/zoned-time.ts). */
import { describe, expect, it } from 'vitest';
import { formatZoned, parseWallTime, parseZonedTime, WallTimeText } from '#shared/zoned-time';

const paris = (date: string) => ({ date, timeZone: 'Europe/Paris' });
const utc = (iso: string) => Date.parse(iso);

describe('parseZonedTime', () => {
  it.each([
    { text: '15:02 CET', date: '2025-03-03', expected: '2025-03-03T14:02:00Z' },
    { text: '14:02Z', date: '2025-03-03', expected: '2025-03-03T14:02:00Z' },
    { text: '14:02 Z', date: '2025-03-03', expected: '2025-03-03T14:02:00Z' },
    { text: '10:12 UTC', date: '2021-06-16', expected: '2021-06-16T10:12:00Z' },
    { text: '10:12 GMT', date: '2021-06-16', expected: '2021-06-16T10:12:00Z' },
    { text: '12:21 UTC+2', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '12:21 UTC+02:00', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '12:21 UTC+0200', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '12:21 GMT+2', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '06:21 UTC-4', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '06:21 UTC−04:00', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '15:51 UTC+5:30', date: '2021-06-16', expected: '2021-06-16T10:21:00Z' },
    { text: '16:00 CEST', date: '2021-06-16', expected: '2021-06-16T14:00:00Z' },
    { text: '16:00 cest', date: '2021-06-16', expected: '2021-06-16T14:00:00Z' },
    { text: '06:00 EDT', date: '2021-06-16', expected: '2021-06-16T10:00:00Z' },
    { text: '11:00 BST', date: '2021-06-16', expected: '2021-06-16T10:00:00Z' },
    { text: '15:02:30 CET', date: '2025-03-03', expected: '2025-03-03T14:02:30Z' },
    { text: '9:05 UTC', date: '2025-03-03', expected: '2025-03-03T09:05:00Z' },
    { text: '  15:02 CET ', date: '2025-03-03', expected: '2025-03-03T14:02:00Z' },
    // An abbreviation is a fixed offset: CET in June is still UTC+1, not Paris summer time.
    { text: '12:00 CET', date: '2021-06-16', expected: '2021-06-16T11:00:00Z' },
    // An explicit IANA zone follows its rules.
    { text: '12:00 Europe/Paris', date: '2021-06-16', expected: '2021-06-16T10:00:00Z' },
    { text: '12:00 America/New_York', date: '2025-01-15', expected: '2025-01-15T17:00:00Z' },
    // The date written with the time wins over the context's: a replay that passes midnight.
    { text: '2021-06-17 00:10 UTC', date: '2021-06-16', expected: '2021-06-17T00:10:00Z' },
    // The date is the calendar date in the written zone.
    { text: '00:30 UTC+2', date: '2021-06-16', expected: '2021-06-15T22:30:00Z' },
    // No zone: the context's IANA zone, with its DST rules.
    { text: '15:02', date: '2025-03-03', expected: '2025-03-03T14:02:00Z' },
    { text: '15:02', date: '2021-06-16', expected: '2021-06-16T13:02:00Z' },
  ])('$text on $date', ({ text, date, expected }) => {
    expect(parseZonedTime(text, paris(date))).toBe(utc(expected));
  });

  it('reads a bare time in a fixed context zone too', () => {
    expect(parseZonedTime('10:12', { date: '2021-06-16', timeZone: 'UTC' })).toBe(utc('2021-06-16T10:12:00Z'));
    expect(parseZonedTime('15:02', { date: '2025-07-01', timeZone: 'CET' })).toBe(utc('2025-07-01T14:02:00Z'));
  });

  describe('Europe/Paris DST changes (bare times)', () => {
    it.each([
      // Spring forward 2025-03-30: 02:00 CET → 03:00 CEST.
      { text: '01:59', date: '2025-03-30', expected: '2025-03-30T00:59:00Z' },
      { text: '03:00', date: '2025-03-30', expected: '2025-03-30T01:00:00Z' },
      // Fall back 2025-10-26: 03:00 CEST → 02:00 CET; 02:xx happens twice. Rule: the earlier (CEST).
      { text: '02:30', date: '2025-10-26', expected: '2025-10-26T00:30:00Z' },
      { text: '01:59', date: '2025-10-26', expected: '2025-10-25T23:59:00Z' },
      { text: '03:00', date: '2025-10-26', expected: '2025-10-26T02:00:00Z' },
      // Writing the zone picks either pass of the repeated hour.
      { text: '02:30 CEST', date: '2025-10-26', expected: '2025-10-26T00:30:00Z' },
      { text: '02:30 CET', date: '2025-10-26', expected: '2025-10-26T01:30:00Z' },
      // And an abbreviation is valid inside the skipped hour, as the old clock read it.
      { text: '02:30 CET', date: '2025-03-30', expected: '2025-03-30T01:30:00Z' },
    ])('$text on $date', ({ text, date, expected }) => {
      expect(parseZonedTime(text, paris(date))).toBe(utc(expected));
    });

    it('refuses a local time the clocks skipped, and says how to write it', () => {
      expect(() => parseZonedTime('02:30', paris('2025-03-30'))).toThrow(
        '02:30 does not exist in Europe/Paris on 2025-03-30 (the clocks skipped it); write its zone, e.g. 02:30 CET',
      );
      expect(() => parseZonedTime('02:00', paris('2025-03-30'))).toThrow(/02:00 does not exist/);
      expect(() => parseZonedTime('02:30 Europe/Paris', paris('2025-03-30'))).toThrow(/does not exist/);
    });
  });

  describe('DST changes in other zones (bare times): the same rules', () => {
    it.each([
      // New York springs forward 2025-03-09 (02:00 EST → 03:00 EDT) and falls back 2025-11-02 (02:00 EDT → 01:00 EST).
      { text: '01:59', date: '2025-03-09', timeZone: 'America/New_York', expected: '2025-03-09T06:59:00Z' },
      { text: '03:00', date: '2025-03-09', timeZone: 'America/New_York', expected: '2025-03-09T07:00:00Z' },
      { text: '01:30', date: '2025-11-02', timeZone: 'America/New_York', expected: '2025-11-02T05:30:00Z' },
      { text: '01:30 EST', date: '2025-11-02', timeZone: 'America/New_York', expected: '2025-11-02T06:30:00Z' },
      // London changes an hour earlier than Paris in wall time, at the same instant.
      { text: '02:00', date: '2025-03-30', timeZone: 'Europe/London', expected: '2025-03-30T01:00:00Z' },
      { text: '01:30', date: '2025-10-26', timeZone: 'Europe/London', expected: '2025-10-26T00:30:00Z' },
      { text: '01:30 GMT', date: '2025-10-26', timeZone: 'Europe/London', expected: '2025-10-26T01:30:00Z' },
      // Sydney, southern hemisphere: falls back in April (03:00 AEDT → 02:00 AEST), springs forward in October.
      { text: '02:30', date: '2025-04-06', timeZone: 'Australia/Sydney', expected: '2025-04-05T15:30:00Z' },
      { text: '02:30 AEST', date: '2025-04-06', timeZone: 'Australia/Sydney', expected: '2025-04-05T16:30:00Z' },
      { text: '03:00', date: '2025-10-05', timeZone: 'Australia/Sydney', expected: '2025-10-04T16:00:00Z' },
      // A fixed context zone has no DST: CET and UTC+2 read the same on either change day.
      { text: '02:30', date: '2025-03-30', timeZone: 'CET', expected: '2025-03-30T01:30:00Z' },
      { text: '02:30', date: '2025-10-26', timeZone: 'UTC+2', expected: '2025-10-26T00:30:00Z' },
      { text: '14:02z', date: '2025-03-30', timeZone: 'Europe/Paris', expected: '2025-03-30T14:02:00Z' },
    ])('$text on $date in $timeZone', ({ text, date, timeZone, expected }) => {
      expect(parseZonedTime(text, { date, timeZone })).toBe(utc(expected));
    });

    it.each([
      { text: '02:30', date: '2025-03-09', timeZone: 'America/New_York' },
      { text: '01:30', date: '2025-03-30', timeZone: 'Europe/London' },
      { text: '02:30', date: '2025-10-05', timeZone: 'Australia/Sydney' },
    ])('refuses $text on $date in $timeZone: the clocks skipped it', ({ text, date, timeZone }) => {
      expect(() => parseZonedTime(text, { date, timeZone })).toThrow(`${text} does not exist in ${timeZone} on ${date}`);
    });
  });

  it.each([
    { text: '25:00', error: '25:00 is not a time' },
    { text: '14:60 CET', error: '14:60 is not a time' },
    { text: '24:00', error: '24:00 is not a time' },
    { text: '14:55:61 CET', error: '14:55:61 is not a time' },
    { text: 'noon', error: "'noon' is not a time (write e.g. 14:55 CET)" },
    { text: '', error: "'' is not a time" },
    { text: '1455 CET', error: "'1455 CET' is not a time" },
    { text: '15:02 XYZ', error: "unknown zone 'XYZ'" },
    { text: '15:02 Mars/Olympus', error: "unknown zone 'Mars/Olympus'" },
    { text: '15:02 CET+1', error: "unknown zone 'CET+1'" },
    { text: '15:02 IST', error: "zone 'IST' is ambiguous" },
    { text: '15:02 CST', error: "zone 'CST' is ambiguous" },
    { text: '15:02 UTC+15', error: "'UTC+15' is not a UTC offset" },
    { text: '15:02 UTC+2:75', error: "'UTC+2:75' is not a UTC offset" },
    { text: '2025-02-30 15:02 CET', error: "'2025-02-30' is not a date" },
  ])('refuses $text', ({ text, error }) => {
    expect(() => parseZonedTime(text, paris('2025-03-03'))).toThrow(error);
  });

  it('refuses a bad context date or zone', () => {
    expect(() => parseZonedTime('15:02', { date: '03/03/2025', timeZone: 'Europe/Paris' })).toThrow("'03/03/2025' is not a date");
    expect(() => parseZonedTime('15:02', { date: '2025-03-03', timeZone: 'Paris' })).toThrow("unknown zone 'Paris'");
  });
});

describe('parseWallTime', () => {
  it('keeps the text and the zone as written', () => {
    expect(parseWallTime(' 14:55 CET')).toEqual({
      text: '14:55 CET',
      date: null,
      hour: 14,
      minute: 55,
      second: 0,
      zone: { kind: 'fixed', offset: '+01:00', name: 'CET', written: 'CET' },
    });
    expect(parseWallTime('12:21 UTC+2').zone).toMatchObject({ offset: '+02:00', name: 'UTC+2' });
    expect(parseWallTime('15:02').zone).toBeNull();
  });

  it('WallTimeText reports the problem as a schema issue', () => {
    const result = WallTimeText.safeParse('25:00 CET');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('25:00 is not a time');
    expect(WallTimeText.parse('10:12 UTC').hour).toBe(10);
  });
});

describe('formatZoned', () => {
  it.each([
    { at: '2025-03-03T13:55:00Z', zone: 'Europe/Paris', expected: '14:55 CET' },
    { at: '2021-06-16T14:00:00Z', zone: 'Europe/Paris', expected: '16:00 CEST' },
    { at: '2021-06-16T10:12:00Z', zone: 'UTC', expected: '10:12 UTC' },
    { at: '2021-06-16T10:12:00Z', zone: 'Etc/UTC', expected: '10:12 UTC' },
    { at: '2021-06-16T10:12:00Z', zone: 'Z', expected: '10:12 UTC' },
    { at: '2021-06-16T10:21:00Z', zone: 'UTC+2', expected: '12:21 UTC+2' },
    { at: '2021-06-16T10:21:00Z', zone: 'UTC+02:00', expected: '12:21 UTC+2' },
    { at: '2021-06-16T10:21:00Z', zone: 'CET', expected: '11:21 CET' },
    { at: '2025-03-03T14:02:30Z', zone: 'Europe/Paris', expected: '15:02:30 CET' },
    { at: '2025-01-15T12:00:00Z', zone: 'Europe/London', expected: '12:00 GMT' },
    { at: '2025-07-15T12:00:00Z', zone: 'Europe/London', expected: '13:00 BST' },
    { at: '2025-01-15T12:00:00Z', zone: 'America/New_York', expected: '07:00 EST' },
    // No unambiguous abbreviation: the offset, which reads back to the same instant.
    { at: '2025-01-15T12:00:00Z', zone: 'Asia/Tokyo', expected: '21:00 UTC+9' },
    { at: '2025-01-15T12:00:00Z', zone: 'Asia/Kolkata', expected: '17:30 UTC+5:30' },
    { at: '2025-01-15T12:00:00Z', zone: 'America/Sao_Paulo', expected: '09:00 UTC-3' },
    // Either pass of the repeated hour is told apart.
    { at: '2025-10-26T00:30:00Z', zone: 'Europe/Paris', expected: '02:30 CEST' },
    { at: '2025-10-26T01:30:00Z', zone: 'Europe/Paris', expected: '02:30 CET' },
  ])('$at in $zone → $expected', ({ at, zone, expected }) => {
    expect(formatZoned(utc(at), zone)).toBe(expected);
  });

  it('writes what parseZonedTime reads back to the same instant', () => {
    const zones = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Chatham', 'UTC'];
    const instants = ['2025-03-30T00:59:00Z', '2025-03-30T01:00:00Z', '2025-10-26T00:30:00Z', '2025-10-26T01:30:00Z', '2021-06-16T10:12:45Z'];
    for (const timeZone of zones) {
      for (const at of instants) {
        const date = new Intl.DateTimeFormat('en-CA', { timeZone }).format(utc(at));
        expect(parseZonedTime(formatZoned(utc(at), timeZone), { date, timeZone }), `${at} in ${timeZone}`).toBe(utc(at));
      }
    }
  });

  it('refuses an unknown zone', () => {
    expect(() => formatZoned(0, 'XYZ')).toThrow("unknown zone 'XYZ'");
  });
});
