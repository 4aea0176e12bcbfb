/**
 * The post-mortem as Markdown, in the shape of the 2025 PAR6 seed: title and summary, the impact
 * table, what was said publicly, the timeline table, the analysis left to write, the actions by
 * area. Pure: the route reads the store, this only writes text, so every part is unit-tested.
 * Times are written in one zone (the incident's, or the one the reader asks for).
 */
import { Temporal } from 'temporal-polyfill';
import type { FollowUp } from '#shared/follow-ups';
import { IMPACT_LABEL, productNamed, type ImpactCell, type ImpactChange, type ImpactStatus, isWorse, type Product } from '#shared/impact';
import type { Incident } from '#shared/incident';
import { publishedUpdates, type PublicUpdate } from '#shared/public-updates';
import { compareEntries, type Entry, isSystemKind } from '#shared/timeline';
import { updateStamp } from '#shared/update-stamp';
import { formatZoned, parseZone } from '#shared/zoned-time';

export type PostmortemInput = {
  incident: Incident;
  entries: Entry[];
  /** The board as it is now. */
  impacts: ImpactCell[];
  /** Every change of every cell, oldest first. */
  impactChanges: ImpactChange[];
  updates: PublicUpdate[];
  followUps: FollowUp[];
  /** In config order: the impact table keeps it. */
  products: Product[];
};

export type TimelineRow = { time: string; component: string; description: string };

/**
 * One table cell (or one line of text) that cannot break the table or the page: `|` would end
 * the cell and a line break the row; `<` could open HTML, and `&` is escaped first so that text
 * typed as "&lt;" still reads as typed. `>` is left alone: with `<` escaped it cannot close a tag,
 * and the seed's own timeline says "CPU load > 1", which must come out as the seed wrote it.
 * Backslashes right before a pipe are doubled, or the pipe's escape would be read as theirs.
 */
export function escapeCell(text: string): string {
  return text
    .trim()
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replace(/(\\*)\|/g, (_match, backslashes: string) => `${backslashes}${backslashes}\\|`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

const tableRow = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;

function localDate(epochMs: number, timeZone: string): string {
  const zone = parseZone(timeZone);
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone.kind === 'fixed' ? zone.offset : zone.id);
  return zoned.toPlainDate().toString();
}

/** "14:55 CET", or "2025-03-04 01:10 CET" off the incident's first day, so a multi-day incident reads right. */
function wallTime(epochMs: number, timeZone: string, firstDate: string | null): string {
  const date = localDate(epochMs, timeZone);
  const time = formatZoned(epochMs, timeZone);
  return date === firstDate ? time : `${date} ${time}`;
}

/** What people logged, in timeline order: the server's own entries and retracted ones are not the story. */
function loggedEntries(entries: readonly Entry[]): Entry[] {
  return entries.filter((e) => !isSystemKind(e.kind) && e.retracted === null).toSorted(compareEntries);
}

export function timelineRows(entries: readonly Entry[], timeZone: string): TimelineRow[] {
  const logged = loggedEntries(entries);
  const firstDate = logged[0] ? localDate(Date.parse(logged[0].occurredAt), timeZone) : null;
  return logged.map((e) => ({
    time: wallTime(Date.parse(e.occurredAt), timeZone, firstDate),
    component: e.component ?? '',
    description: e.text,
  }));
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const dayOf = (date: string) => `${WEEKDAYS[Temporal.PlainDate.from(date).dayOfWeek - 1]} ${date}`;

/** "6 h 25 min", "2 d 3 h", "0 min". */
function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const parts = [
    [Math.floor(minutes / 1440), 'd'],
    [Math.floor((minutes % 1440) / 60), 'h'],
    [minutes % 60, 'min'],
  ] as const;
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`).join(' ') || '0 min';
}

/** "15:00 CET" → "CET"; "2025-03-04 01:10 CET" → "CET". */
const zoneNameOf = (wall: string) => wall.slice(wall.lastIndexOf(' ') + 1);

const status = (s: ImpactStatus) => IMPACT_LABEL[s].toLowerCase();

function summary({ incident, impacts, products }: PostmortemInput, logged: readonly Entry[], timeZone: string, firstDate: string): string {
  const sentences: string[] = [];
  const first = logged[0];
  const last = logged.at(-1);
  if (first === undefined || last === undefined) {
    const opened = Date.parse(incident.createdAt);
    sentences.push(
      `Nothing was logged on the timeline, so when the incident started and ended is unknown; it was opened on ${dayOf(firstDate)} at ${formatZoned(opened, timeZone)}.`,
    );
  } else {
    const start = Date.parse(first.occurredAt);
    const end = Date.parse(last.occurredAt);
    sentences.push(`The incident started on ${dayOf(firstDate)} at ${formatZoned(start, timeZone)} (the first timeline entry).`);
    sentences.push(
      incident.status === 'resolved'
        ? `It ended at ${wallTime(end, timeZone, firstDate)} (the last timeline entry), ${duration(end - start)} later.`
        : `It is not resolved yet, so when it ended and how long it lasted are unknown; the last timeline entry is at ${wallTime(end, timeZone, firstDate)}.`,
    );
  }
  sentences.push(`Severity: ${incident.severity}. ${incident.status === 'resolved' ? 'Final status' : 'Status'}: ${incident.status}.`);
  const name = (id: string) => productNamed(products, id);
  const still = impacts.filter((c) => c.status !== 'operational').map((c) => `${name(c.product)} ${status(c.status)} in ${c.zone}`);
  if (still.length > 0) sentences.push(`The impact board still shows: ${still.join('; ')}.`);
  return escapeCell(sentences.join(' '));
}

/**
 * The tail of an impact cell: how bad it got, where, and for how long, e.g.
 * "Worst: partial outage in PAR6, PAR7 (15:00–19:35 CET)". The window runs from the first zone
 * reaching the worst status to the last one leaving it.
 */
function worstOf(changes: readonly ImpactChange[], timeZone: string, firstDate: string): string {
  const worst = changes.reduce<ImpactStatus>((w, c) => (isWorse(c.status, w) ? c.status : w), 'operational');
  const zones: string[] = [];
  const atWorstSince = new Map<string, number>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const c of changes) {
    const at = Date.parse(c.setAt);
    if (c.status === worst && !atWorstSince.has(c.zone)) {
      atWorstSince.set(c.zone, at);
      start = Math.min(start, at);
      if (!zones.includes(c.zone)) zones.push(c.zone);
    } else if (c.status !== worst && atWorstSince.delete(c.zone)) {
      end = Math.max(end, at);
    }
  }
  const from = wallTime(start, timeZone, firstDate);
  let window: string;
  if (atWorstSince.size > 0) {
    window = `from ${from}; no recovery recorded`;
  } else {
    const to = wallTime(end, timeZone, firstDate);
    // "15:00–19:35 CET" rather than "15:00 CET–19:35 CET"; kept whole when the zone's name changed (DST).
    window = zoneNameOf(from) === zoneNameOf(to) ? `${from.slice(0, from.lastIndexOf(' '))}–${to}` : `${from}–${to}`;
  }
  return `Worst: ${status(worst)} in ${zones.join(', ')} (${window})`;
}

/** One row per product that was ever not operational, in config order; products no longer configured last. */
function impactTable({ impactChanges, products }: PostmortemInput, timeZone: string, firstDate: string): string {
  const byProduct = new Map<string, ImpactChange[]>();
  for (const c of impactChanges.toSorted((a, b) => a.setAt.localeCompare(b.setAt))) {
    byProduct.set(c.product, [...(byProduct.get(c.product) ?? []), c]);
  }
  const configured = new Set(products.map((p) => p.id));
  const ordered = [...products, ...[...byProduct.keys()].filter((id) => !configured.has(id)).map((id) => ({ id, name: id }))];
  const rows: string[] = [];
  for (const product of ordered) {
    const changes = byProduct.get(product.id) ?? [];
    if (!changes.some((c) => c.status !== 'operational')) continue;
    const said = changes.map((c) => c.description.trim()).filter((d) => d !== '');
    // The same words set on several zones, or set again, are said once: where they were said last.
    const descriptions = said.filter((d, i) => said.lastIndexOf(d) === i);
    rows.push(tableRow([product.name, [...descriptions, worstOf(changes, timeZone, firstDate)].join('\n')]));
  }
  if (rows.length === 0) return '*No product was marked as impacted on the impact board.*';
  return ['| Product | Impact |', '|---|---|', ...rows].join('\n');
}

/** As the status page showed them: "12:10 UTC+2: …", then "EDIT 12:21 UTC+2: …"; a status change is noted. */
function publicUpdates(updates: readonly PublicUpdate[], timeZone: string, firstDate: string): string {
  const published = publishedUpdates(updates);
  if (published.length === 0) return '*Nothing was published on the status page.*';
  return published
    .map((u, i) => {
      const day = localDate(Date.parse(u.publishedAt!), timeZone);
      const stamp = updateStamp(u, i === 0, timeZone);
      // Off the first day the date goes before the time: "EDIT 2025-03-04 12:00 UTC+1".
      const dated = day === firstDate ? stamp : stamp.replace(/^(EDIT )?/, `$1${day} `);
      const statusChanged = i === 0 || published[i - 1]!.status !== u.status;
      return `${dated}: ${escapeCell(u.text)}${statusChanged ? ` *(${u.status})*` : ''}`;
    })
    .join('\n\n');
}

function timelineTable(rows: readonly TimelineRow[]): string {
  if (rows.length === 0) return '*Nothing was logged on the timeline.*';
  return ['| Timeline | Component | Description |', '|---|---|---|', ...rows.map((r) => tableRow([r.time, r.component, r.description]))].join('\n');
}

const ANALYSIS = [
  ['What happened', 'The causes, and how one failure led to the next.'],
  ['What went well', 'What helped us detect, respond and recover.'],
  ['What went wrong', 'What slowed us down or made the impact worse.'],
] as const;

function analysis(): string {
  return ANALYSIS.map(([heading, prompt]) => `### ${heading}\n\n*To be written: ${prompt}*`).join('\n\n');
}

/** `- #856 Enforce guard I/O rules at Hypervisor level (Alice)`, grouped under `### <area>` in first-appearance order. */
function actions(followUps: readonly FollowUp[]): string {
  if (followUps.length === 0) return '*No actions were recorded.*';
  const byArea = new Map<string, FollowUp[]>();
  for (const f of followUps.toSorted((a, b) => a.id - b.id)) byArea.set(f.area, [...(byArea.get(f.area) ?? []), f]);
  return [...byArea]
    .map(([area, items]) => {
      const bullets = items.map((f) => {
        const what = escapeCell([f.ref ?? '', f.title].join(' '));
        return `- ${what}${f.owner ? ` (${escapeCell(f.owner)})` : ''}${f.done ? ' — done' : ''}`;
      });
      return [`### ${escapeCell(area)}`, '', ...bullets].join('\n');
    })
    .join('\n\n');
}

export function postmortemMarkdown(input: PostmortemInput, timeZone: string): string {
  const logged = loggedEntries(input.entries);
  // The day every time is read against: the first timeline entry's, else the day it was opened.
  const firstDate = localDate(Date.parse(logged[0]?.occurredAt ?? input.incident.createdAt), timeZone);
  return [
    `# ${escapeCell(input.incident.title)}`,
    summary(input, logged, timeZone, firstDate),
    impactTable(input, timeZone, firstDate),
    '## Public updates',
    publicUpdates(input.updates, timeZone, firstDate),
    '## Timeline',
    timelineTable(timelineRows(input.entries, timeZone)),
    '## Analysis',
    analysis(),
    '## Actions',
    actions(input.followUps),
  ].join('\n\n') + '\n';
}
