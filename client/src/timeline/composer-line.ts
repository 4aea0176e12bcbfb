/**
 * The composer's one-line syntax, pure (no React, no DOM, `now` passed in) so it is tested as a table.
 *
 *   [/kind] [head items…] text
 *
 * Head items come before the text, in any order, each optionally followed by a comma:
 *   #DBaaS, #dbaas, #LoadBalancers  the component (case, spaces and hyphens ignored)
 *   @15:02 [zone]                   when it happened: @15:02 CET, @14:02Z, @12:21 UTC+2, @15:02 (incident zone)
 *   15:02 [zone],                   the same as a leading field: `15:02 CET, DBaaS, decision: …`
 *   DBaaS,                          the component as a leading field
 *   decision:                       the kind (note, decision, action, comms), unless a /command set it
 *   @alice   due 16:30 [zone]       action entries only: owner, and due later today (or tomorrow)
 * After @time and `due time`, a zone counts only in capitals (CET, UTC), as an offset (UTC+2) or an
 * IANA name (Europe/Paris): a lower-case word there is the start of the text.
 * In the text, a `#Component` still sets the component (at the end it is dropped, mid-sentence it
 * loses its `#`); anything else is verbatim: `ticket #856`, `ETA @16:00`, `ping @bob`.
 */
import { Temporal } from 'temporal-polyfill';
import { type Entry, Component, FUTURE_SLACK_MS, isSystemKind, PostableKind } from '#shared/timeline';
import { formatZoned, parseWallTime, parseZone, resolveWallTime, type WallTime, type WrittenZone, ZonedTimeError } from '#shared/zoned-time';

export type ParsedLine = {
  ok: true;
  kind: PostableKind;
  /** May be empty (a line of syntax only): the composer does not post that. */
  text: string;
  component: Component | null;
  occurredAt: number | null;
  /** The zone as written with the occurred time (`CET`, `UTC+2`); null: the incident's zone. */
  occurredZone: string | null;
  owner: string | null;
  due: number | null;
  dueZone: string | null;
};
export type LineResult = ParsedLine | { ok: false; error: string };

export type LineContext = {
  /** The incident's zone: how a time written without one is read. */
  timeZone: string;
  now: number;
  /** The kinds this poster may post, in order: the commands the unknown-command message lists. */
  kinds?: readonly PostableKind[];
  /** The kind when the line names none (default: the first of `kinds`). */
  defaultKind?: PostableKind;
};

class LineError extends Error {}

const CLOCK = String.raw`(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?`;
const CLOCK_AT_START = new RegExp(`^${CLOCK}`);
const FIELD_TIME = new RegExp(`^(${CLOCK})(?:\\s*(\\S+))?$`);
/** A word as tags and commands spell it. */
export const WORD = /^[\p{L}\p{N}_-]+/u;
const OWNER = /^@(\p{L}(?:[\p{L}\p{N}._-]{0,78}[\p{L}\p{N}_])?)(?=[\s,]|$)/u;
const KIND_PREFIX = /^(note|decision|action|comms):(?=\s|$)/i;
const COMMAND = /^\/([^\s/]+)(?=\s|$)/;

/** Names compared without case, spaces, hyphens or underscores. */
export const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
/** How a component is written as a tag: `#LoadBalancers`, `#DBaaS`. */
export const componentTag = (c: Component) => `#${c.replace(/\s+/g, '')}`;
const isBoundary = (ch: string | undefined) => ch === undefined || !/[\p{L}\p{N}_-]/u.test(ch);

/** The component named at the start of `s` (the text after a `#`), and how many characters name it. */
function readComponent(s: string): { component: Component; length: number } | null {
  // Spelled with its space ("#Load Balancers") or squashed ("#loadbalancers", "#load-balancers").
  for (const c of Component.options) {
    if (s.slice(0, c.length).toLowerCase() === c.toLowerCase() && isBoundary(s[c.length])) return { component: c, length: c.length };
  }
  const word = WORD.exec(s)?.[0];
  const c = word === undefined ? undefined : Component.options.find((o) => squash(o) === squash(word));
  return c && word ? { component: c, length: word.length } : null;
}

const zoneId = (zone: WrittenZone) => (zone.kind === 'fixed' ? zone.offset : zone.id);

/**
 * Whether the word after a time is its zone. `strict` after @time and `due`, where text follows:
 * an abbreviation only in capitals. In a comma field any zone-shaped word is one, so a typo such
 * as `15:02 CTE,` is reported rather than posted as text.
 */
function isZoneWord(word: string, strict: boolean): boolean {
  if (/^(?:UTC|GMT)(?:[+\-−]\d|$)/i.test(word)) return true;
  const capitals = /^[A-Z]{1,5}$/.test(word);
  const iana = /^[A-Za-z_]+(?:\/[\w+-]+)+$/.test(word);
  if (!strict && (capitals || iana)) return true;
  if (!(capitals || iana || (!strict && /^[a-z]{1,5}$/i.test(word)))) return false;
  try {
    parseZone(word);
    return true;
  } catch (error) {
    // "@15:02 IST" is meant as a zone: let parseWallTime say why it cannot be read.
    return strict && capitals && error instanceof ZonedTimeError && error.message.includes('ambiguous');
  }
}

/** A time at the start of `s` (after `@` or `due `), with the zone that follows it if any. */
function readTime(s: string, sigil: string): { wall: WallTime; length: number } {
  const notATime = () => new LineError(`'${sigil}${/^[^\s,]*/.exec(s)?.[0] ?? ''}' is not a time (write e.g. ${sigil}14:55 CET)`);
  const clock = CLOCK_AT_START.exec(s)?.[0];
  if (clock === undefined) throw notATime();
  let text = clock;
  let length = clock.length;
  const after = s.slice(length);
  if (/^Z(?=[\s,]|$)/i.test(after)) {
    text += 'Z';
    length += 1;
  } else if (after && !/^[\s,]/.test(after)) {
    throw notATime();
  } else {
    const zone = /^\s+([^\s,]+)/.exec(after);
    if (zone?.[1] && isZoneWord(zone[1], true)) {
      text += ` ${zone[1]}`;
      length += zone[0].length;
    }
  }
  return { wall: parseWallTime(text), length };
}

/**
 * Places a wall time without a date on the day in its zone at `now`; if that is more than a
 * minute ahead (toward 'past') or not after now (toward 'future'), on the day before or after.
 */
function place(wall: WallTime, context: LineContext, toward: 'past' | 'future'): number {
  const { timeZone, now } = context;
  if (wall.date !== null) {
    const at = resolveWallTime(wall, { date: wall.date, timeZone });
    if (toward === 'past' && at - now > FUTURE_SLACK_MS) throw new LineError(`${wall.text} has not happened yet`);
    return at;
  }
  const nowThere = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(zoneId(wall.zone ?? parseZone(timeZone)));
  const today = nowThere.toPlainDate();
  const otherDay = today.add({ days: toward === 'past' ? -1 : 1 }).toString();
  let at: number;
  try {
    at = resolveWallTime(wall, { date: today.toString(), timeZone });
  } catch (error) {
    // Skipped today by a DST change: only the other day can hold it, and only if it lies that way.
    const order = Temporal.PlainTime.compare(new Temporal.PlainTime(wall.hour, wall.minute, wall.second), nowThere.toPlainTime());
    if (toward === 'past' ? order > 0 : order < 0) return resolveWallTime(wall, { date: otherDay, timeZone });
    throw error;
  }
  const wrongDay = toward === 'past' ? at - now > FUTURE_SLACK_MS : at <= now;
  return wrongDay ? resolveWallTime(wall, { date: otherDay, timeZone }) : at;
}

function unknownCommand(command: string, kinds: readonly PostableKind[]): string {
  const component = readComponent(command);
  const example = component && component.length === command.length ? component.component : 'DBaaS';
  return `Unknown command /${command}. Commands: ${kinds.map((k) => `/${k}`).join(' ')} — a component is written ${componentTag(example)}.`;
}

export function parseComposerLine(input: string, context: LineContext): LineResult {
  try {
    return parse(input, context);
  } catch (error) {
    if (error instanceof LineError || error instanceof ZonedTimeError) return { ok: false, error: error.message };
    throw error;
  }
}

function parse(input: string, context: LineContext): ParsedLine {
  const kinds = context.kinds ?? PostableKind.options;
  const fallbackKind = context.defaultKind ?? kinds[0] ?? 'note';
  let rest = input.trim();
  let kind: PostableKind | null = null;
  let component: Component | null = null;
  let occurred: WallTime | null = null;
  let owner: string | null = null;
  let due: WallTime | null = null;
  const setComponent = (c: Component) => {
    if (component && component !== c) throw new LineError(`One component per entry: ${componentTag(component)} or ${componentTag(c)}?`);
    component = c;
  };

  const command = COMMAND.exec(rest);
  if (command?.[1] !== undefined) {
    const known = PostableKind.safeParse(command[1].toLowerCase());
    if (!known.success) throw new LineError(unknownCommand(command[1], kinds));
    kind = known.data;
    rest = rest.slice(command[0].length).trimStart();
  }

  for (;;) {
    const isAction = (kind ?? fallbackKind) === 'action';
    let used = 0;
    let m: RegExpExecArray | null;
    const tag = rest.startsWith('#') ? readComponent(rest.slice(1)) : null;
    if (tag) {
      setComponent(tag.component);
      used = 1 + tag.length;
    } else if (occurred === null && /^@\d/.test(rest)) {
      const time = readTime(rest.slice(1), '@');
      occurred = time.wall;
      used = 1 + time.length;
    } else if (isAction && owner === null && (m = OWNER.exec(rest))) {
      owner = m[1] ?? null;
      used = m[0].length;
    } else if (isAction && due === null && (m = /^due\s+@?(?=\d)/i.exec(rest))) {
      const time = readTime(rest.slice(m[0].length), 'due ');
      due = time.wall;
      used = m[0].length + time.length;
    } else if (kind === null && (m = KIND_PREFIX.exec(rest))) {
      kind = PostableKind.parse(m[1]?.toLowerCase());
      used = m[0].length;
    } else if ((m = /^([^,\n]+),/.exec(rest)) && readField(m[1] ?? '')) {
      used = m[0].length;
    } else {
      break;
    }
    rest = rest.slice(used).replace(/^\s*,?\s*/, '');
  }

  /** A leading comma field: a time with an optional zone, or a component's name. */
  function readField(field: string): boolean {
    const f = field.trim();
    const time = FIELD_TIME.exec(f);
    if (time) {
      if (occurred !== null || (time[2] !== undefined && !isZoneWord(time[2], false))) return false;
      occurred = parseWallTime(f);
      return true;
    }
    const named = Component.options.find((c) => squash(c) === squash(f));
    if (named) setComponent(named);
    return named !== undefined;
  }

  const text = untag(rest, setComponent);
  const finalKind = kind ?? fallbackKind;
  const isAction = finalKind === 'action';
  const dueWall: WallTime | null = isAction ? due : null;
  const occurredWall: WallTime | null = occurred;
  return {
    ok: true,
    kind: finalKind,
    text,
    component,
    occurredAt: occurredWall ? place(occurredWall, context, 'past') : null,
    occurredZone: occurredWall?.zone?.written ?? null,
    owner: isAction ? owner : null,
    due: dueWall ? place(dueWall, context, 'future') : null,
    dueZone: dueWall?.zone?.written ?? null,
  };
}

/** `#Component` tags in the text: each sets the component; dropped at the end, `#` dropped mid-sentence. */
function untag(text: string, setComponent: (c: Component) => void): string {
  const tags: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/(^|[\s([{,;:])#/gu)) {
    const start = m.index + (m[1]?.length ?? 0);
    const tag = readComponent(text.slice(start + 1));
    if (!tag) continue;
    setComponent(tag.component);
    tags.push({ start, end: start + 1 + tag.length });
  }
  let out = text;
  for (const { start, end } of tags.toReversed()) {
    out = out.slice(end).trim() === '' ? out.slice(0, start).trimEnd() : out.slice(0, start) + out.slice(start + 1);
  }
  return out.trim();
}

/** The entry Up arrow edits: the newest (last stored) of the poster's own, not a system one, not retracted. */
export function lastOwnEntry(entries: readonly Entry[], author: string): Entry | null {
  let last: Entry | null = null;
  for (const e of entries) {
    if (e.author === author && !isSystemKind(e.kind) && !e.retracted && (!last || e.id > last.id)) last = e;
  }
  return last;
}

/** "15:02 CET (14:02 UTC)", "yesterday 23:50 CET (22:50 UTC)", "tomorrow 09:00 UTC". */
function when(at: number, zone: string, now: number): string {
  const text = formatZoned(at, zone);
  const utc = text.endsWith(' UTC') ? '' : ` (${formatZoned(at, 'UTC')})`;
  const id = zoneId(parseZone(zone));
  const day = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(id).toPlainDate();
  const days = day(now).until(day(at), { largestUnit: 'day' }).days;
  const prefix = days === 0 ? '' : days === -1 ? 'yesterday ' : days === 1 ? 'tomorrow ' : `${day(at).toString()} `;
  return `${prefix}${text}${utc}`;
}

/** What Enter will post, in words: "DECISION · DBaaS · occurred 15:02 CET (14:02 UTC), logged now". */
export function describeLine(line: ParsedLine, context: Pick<LineContext, 'timeZone' | 'now'>, label: (kind: PostableKind) => string): string {
  const { timeZone, now } = context;
  const parts = [label(line.kind)];
  if (line.component) parts.push(line.component);
  if (line.owner) parts.push(`owner ${line.owner}`);
  if (line.due !== null) parts.push(`due ${when(line.due, line.dueZone ?? timeZone, now)}`);
  parts.push(line.occurredAt === null ? 'logged now' : `occurred ${when(line.occurredAt, line.occurredZone ?? timeZone, now)}, logged now`);
  return parts.join(' · ');
}
