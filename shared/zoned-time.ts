/**
 * Wall times as post-mortems write them (`15:02 CET`, `14:02Z`, `12:21 UTC+2`, or a bare
 * `15:02` read in a given IANA zone), resolved on a calendar date to an instant, and back.
 * Temporal does every conversion: offsets are only ever written out as `+HH:MM` strings.
 *
 * Abbreviations are fixed offsets: `CET` is UTC+1 even in July (a post-mortem that writes
 * CET in summer means UTC+1), whereas a bare time follows the zone's DST rules.
 * DST rule for bare times: an ambiguous local time (the repeated hour in autumn) is the
 * EARLIER instant, the first pass, still on summer time; a nonexistent one (the skipped hour
 * in spring) is an error, because no clock ever showed it and guessing would shift it by an hour.
 */
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';

export class ZonedTimeError extends Error {
  override readonly name = 'ZonedTimeError';
}

/**
 * Abbreviations written in English-language post-mortems, as fixed offsets. Left out on
 * purpose because they name several zones: IST (India, Ireland, Israel), CST (US Central,
 * China), AST (Atlantic, Arabia). BST is British Summer Time, as en-GB formats London.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  Z: '+00:00', UTC: '+00:00', GMT: '+00:00', WET: '+00:00', WEST: '+01:00', BST: '+01:00',
  CET: '+01:00', CEST: '+02:00', MET: '+01:00', MEST: '+02:00', EET: '+02:00', EEST: '+03:00', MSK: '+03:00',
  EST: '-05:00', EDT: '-04:00', CDT: '-05:00', MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00',
  AKST: '-09:00', AKDT: '-08:00', HST: '-10:00', JST: '+09:00', KST: '+09:00', HKT: '+08:00', SGT: '+08:00',
  AWST: '+08:00', ACST: '+09:30', ACDT: '+10:30', AEST: '+10:00', AEDT: '+11:00', NZST: '+12:00', NZDT: '+13:00',
};
const AMBIGUOUS = new Set(['IST', 'CST', 'AST']);

/**
 * A zone as written after a time: a fixed offset (from an abbreviation or `UTC+2`) or an IANA
 * zone. `name` is how formatZoned writes a fixed zone: `CET`, `UTC` (for Z), `UTC+2`.
 */
/** Read-only: parseZone hands the same object to every caller that reads the same text. */
export type WrittenZone =
  | { readonly kind: 'fixed'; readonly offset: string; readonly name: string; readonly written: string }
  | { readonly kind: 'iana'; readonly id: string; readonly written: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** `UTC+2`, `GMT-03:30`, `UTC+0200`, `+01:00` (a Unicode minus too). */
const OFFSET = /^(?:UTC|GMT)?\s*([+\-−])(\d{1,2})(?::?(\d{2}))?$/i;

function offsetZone(written: string): WrittenZone | null {
  const m = OFFSET.exec(written);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) {
    throw new ZonedTimeError(`'${written}' is not a UTC offset (from UTC-14 to UTC+14)`);
  }
  const offset = `${m[1] === '+' ? '+' : '-'}${pad(hours)}:${pad(minutes)}`;
  return { kind: 'fixed', offset, name: offsetName(offset), written };
}

function isIanaZone(id: string): boolean {
  try {
    Temporal.PlainDate.from('2000-01-01').toZonedDateTime(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Zones already read. Screens format with the same one or two zones many times a second (every
 * tile's time axis, every timeline row), and recognising an IANA name costs a Temporal lookup.
 * Bounded: zones typed into a jump box are few, but never trusted to be.
 */
const readZones = new Map<string, WrittenZone>();
const READ_ZONES_MAX = 64;

/** Reads a zone as written: an abbreviation, a UTC offset or an IANA name. */
export function parseZone(text: string): WrittenZone {
  let zone = readZones.get(text);
  if (!zone) {
    zone = readZone(text);
    if (readZones.size >= READ_ZONES_MAX) readZones.clear();
    readZones.set(text, zone);
  }
  return zone;
}

function readZone(text: string): WrittenZone {
  const written = text.trim();
  const upper = written.toUpperCase();
  const fixed = ABBREVIATIONS[upper];
  if (fixed) return { kind: 'fixed', offset: fixed, name: upper === 'Z' ? 'UTC' : upper, written };
  if (AMBIGUOUS.has(upper)) {
    throw new ZonedTimeError(`zone '${written}' is ambiguous: write an offset such as UTC+5:30 or a zone such as Asia/Kolkata`);
  }
  const offset = offsetZone(written);
  if (offset) return offset;
  // Only names with a slash: legacy IANA ids such as "CET" or "EST5EDT" would bring DST to an abbreviation.
  if (written.includes('/') && isIanaZone(written)) return { kind: 'iana', id: written, written };
  throw new ZonedTimeError(`unknown zone '${written}' (write e.g. CET, UTC, UTC+2 or Europe/Paris)`);
}

const zoneId = (zone: WrittenZone) => (zone.kind === 'fixed' ? zone.offset : zone.id);

/** A wall time as written, not yet placed on a date. `date` is set only if the text carries one. */
export type WallTime = {
  text: string;
  date: string | null;
  hour: number;
  minute: number;
  second: number;
  zone: WrittenZone | null;
};

const WALL_TIME = /^(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(\S.*))?$/;

/** `15:02 CET`, `14:02Z`, `2021-06-17 00:10 UTC`, `15:02` (no zone). Throws ZonedTimeError. */
export function parseWallTime(input: string): WallTime {
  const text = input.trim();
  const m = WALL_TIME.exec(text);
  if (!m) throw new ZonedTimeError(`'${text}' is not a time (write e.g. 14:55 CET)`);
  const [, date, h, min, s, zone] = m;
  const hour = Number(h);
  const minute = Number(min);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) {
    throw new ZonedTimeError(`${h}:${min}${s === undefined ? '' : `:${s}`} is not a time`);
  }
  if (date !== undefined) plainDate(date);
  return { text, date: date ?? null, hour, minute, second, zone: zone === undefined ? null : parseZone(zone) };
}

function plainDate(date: string): Temporal.PlainDate {
  try {
    return Temporal.PlainDate.from(date, { overflow: 'reject' });
  } catch {
    throw new ZonedTimeError(`'${date}' is not a date (write e.g. 2025-03-03)`);
  }
}

export type ZoneContext = {
  /** The calendar date (YYYY-MM-DD) of a time written without one. */
  date: string;
  /** How a time written without a zone is read: an IANA zone, an abbreviation or an offset. */
  timeZone: string;
};

/** Places a wall time on its date, in its own zone or else the context's; epoch ms. */
export function resolveWallTime(wall: WallTime, context: ZoneContext): number {
  const zone = wall.zone ?? parseZone(context.timeZone);
  const date = plainDate(wall.date ?? context.date);
  const local = date.toPlainDateTime({ hour: wall.hour, minute: wall.minute, second: wall.second });
  const zoned = local.toZonedDateTime(zoneId(zone), { disambiguation: 'earlier' });
  if (!zoned.toPlainDateTime().equals(local)) {
    const before = formatZoned(zoned.epochMilliseconds, zone.written).split(' ')[1];
    throw new ZonedTimeError(
      `${clock(local)} does not exist in ${zone.written} on ${date.toString()} (the clocks skipped it); write its zone, e.g. ${clock(local)} ${before}`,
    );
  }
  return zoned.epochMilliseconds;
}

/** Parses and resolves in one step: `parseZonedTime('15:02 CET', {date: '2025-03-03', timeZone: 'Europe/Paris'})`. */
export function parseZonedTime(text: string, context: ZoneContext): number {
  return resolveWallTime(parseWallTime(text), context);
}

/** A wall time in a schema: the text is checked here, the date and default zone come later. */
export const WallTimeText = z.string().transform((text, ctx): WallTime => {
  try {
    return parseWallTime(text);
  } catch (error) {
    ctx.issues.push({ code: 'custom', message: (error as Error).message, input: text });
    return z.NEVER;
  }
});

const clock = (t: { hour: number; minute: number; second: number }) =>
  `${pad(t.hour)}:${pad(t.minute)}${t.second === 0 ? '' : `:${pad(t.second)}`}`;

/** `+02:00` → `UTC+2`, `+05:30` → `UTC+5:30`, `+00:00` → `UTC`. */
function offsetName(offset: string): string {
  if (offset === '+00:00') return 'UTC';
  const [hours, minutes] = offset.slice(1).split(':');
  return `UTC${offset[0]}${Number(hours)}${minutes === '00' ? '' : `:${minutes}`}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function nameFormatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })));
  return f;
}

/**
 * The zone's short name at that instant, if it reads back as the same offset: CET, CEST, BST,
 * EST… Otherwise the offset (`UTC+9`), so that parsing what this writes gives the same instant.
 */
function shortName(zoned: Temporal.ZonedDateTime): string {
  // A zone has one name per offset (CET, CEST): worked out once, not on every time shown.
  const key = `${zoned.timeZoneId}|${zoned.offset}`;
  let name = shortNames.get(key);
  if (name === undefined) shortNames.set(key, (name = nameAt(zoned)));
  return name;
}
const shortNames = new Map<string, string>();

function nameAt(zoned: Temporal.ZonedDateTime): string {
  for (const locale of ['en-GB', 'en-US']) {
    const parts = nameFormatter(locale, zoned.timeZoneId).formatToParts(zoned.epochMilliseconds);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (ABBREVIATIONS[name] === zoned.offset && name !== 'Z') return name;
  }
  return offsetName(zoned.offset);
}

/**
 * "14:55 CET", "16:00 CEST", "10:12 UTC": the time at `epochMs` in `timeZone` (IANA,
 * abbreviation or offset) with its short zone name; seconds only when not zero.
 * A fixed zone keeps its abbreviation (`CET` stays CET in July); an offset reads `UTC+2`.
 */
export function formatZoned(epochMs: number, timeZone: string): string {
  const zone = parseZone(timeZone);
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zoneId(zone));
  return `${clock(zoned)} ${zone.kind === 'iana' ? shortName(zoned) : zone.name}`;
}

/**
 * "12:21 UTC+2", "10:12 UTC", "12:21 UTC+5:30": the time at `epochMs` in `timeZone` with its
 * UTC offset, as the 2021 seed's status page stamps its updates ("EDIT 12:21 UTC+2: …"). An
 * offset reads the same to every customer, where CEST or IST need knowing the zone. Minutes
 * only, cut rather than rounded, as a status page's clock shows them: a stamp must never show a
 * minute that had not begun when the update went out.
 */
export function formatOffsetTime(epochMs: number, timeZone: string): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zoneId(parseZone(timeZone)));
  return `${pad(zoned.hour)}:${pad(zoned.minute)} ${offsetName(zoned.offset)}`;
}
