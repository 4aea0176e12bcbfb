/**
 * What the virtual list shows for a run of entries: one row per entry, except that runs of
 * system entries (status, alert, threshold, feed) may be folded into one row each. Pure, one
 * pass over the entries: it runs when the entries or the fold state change, never per frame.
 */
import { compareEntries, isSystemKind, type Entry, type SystemKind } from '#shared/timeline';
import { clockTime } from '../lib/time';

export type EntryRowSpec = { type: 'entry'; index: number };
/**
 * A run of consecutive system entries: entries[from, to). Folded, it stands for the whole run;
 * expanded, it heads the run and its entries follow it as rows of their own.
 */
export type FoldRowSpec = { type: 'fold'; key: string; from: number; to: number; kinds: SystemKind[]; expanded: boolean };
export type TimelineRow = EntryRowSpec | FoldRowSpec;

export type FoldState = {
  folded: boolean;
  /** Entry ids whose run the person opened: a run is open while it holds any of them. */
  expanded: ReadonlySet<number>;
};

export type TimelineRows = {
  rows: TimelineRow[];
  /** For each entry index, the row that shows it: its own, or its run's fold row while folded. */
  rowOfEntry: Int32Array;
};

export const SHOW_ALL: FoldState = { folded: false, expanded: new Set() };

/**
 * Entry rows are the same object for the same index, made once: the rows are rebuilt on every
 * new entry, and a fresh object per held entry (10,000 in B8) was most of what an append allocated.
 */
const entryRows: EntryRowSpec[] = [];
function entryRow(index: number): EntryRowSpec {
  for (let i = entryRows.length; i <= index; i++) entryRows.push(Object.freeze({ type: 'entry', index: i }));
  return entryRows[index]!;
}

export function timelineRows(entries: readonly Entry[], fold: FoldState): TimelineRows {
  const rows: TimelineRow[] = [];
  const rowOfEntry = new Int32Array(entries.length);
  let i = 0;
  while (i < entries.length) {
    if (!fold.folded || !isSystemKind(entries[i]!.kind)) {
      rowOfEntry[i] = rows.length;
      rows.push(entryRow(i));
      i++;
      continue;
    }
    let end = i;
    let expanded = false;
    const kinds: SystemKind[] = [];
    for (; end < entries.length; end++) {
      const e = entries[end]!;
      if (!isSystemKind(e.kind)) break;
      if (!kinds.includes(e.kind)) kinds.push(e.kind);
      if (fold.expanded.has(e.id)) expanded = true;
    }
    // Keyed by the run's newest entry: a page of older entries that extends the run backwards
    // leaves the key alone, so the virtual list keeps its place when that page is prepended.
    const foldRow = rows.length;
    rows.push({ type: 'fold', key: `fold-${entries[end - 1]!.id}`, from: i, to: end, kinds, expanded });
    for (; i < end; i++) {
      if (expanded) {
        rowOfEntry[i] = rows.length;
        rows.push(entryRow(i));
      } else rowOfEntry[i] = foldRow;
    }
  }
  return { rows, rowOfEntry };
}

/** Index of the first entry that occurred at or after `iso` (a UTC instant as the server writes it); entries.length if none. */
export function firstAtOrAfter(entries: readonly Pick<Entry, 'occurredAt'>[], iso: string): number {
  // Instants are all UTC with milliseconds, so text order is time order.
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.occurredAt < iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where an entry is held, found by timeline order; by id if it moved since (a revised time); -1 if not held. */
export function indexOfEntry(entries: readonly Pick<Entry, 'id' | 'occurredAt'>[], target: Pick<Entry, 'id' | 'occurredAt'>): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(entries[mid]!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (entries[lo]?.id === target.id) return lo;
  return entries.findIndex((e) => e.id === target.id);
}

/** The expanded set after opening or closing a run. */
export function toggleRun(expanded: ReadonlySet<number>, entries: readonly Pick<Entry, 'id'>[], run: FoldRowSpec): Set<number> {
  const next = new Set(expanded);
  if (run.expanded) for (let i = run.from; i < run.to; i++) next.delete(entries[i]!.id);
  else next.add(entries[run.to - 1]!.id);
  return next;
}

/** "5 system entries (alert, feed)": how many, and of which kinds, in order of first appearance. */
export function foldLabel(run: Pick<FoldRowSpec, 'from' | 'to' | 'kinds'>, kindWord: (kind: SystemKind) => string): string {
  const n = run.to - run.from;
  return `${n} system ${n === 1 ? 'entry' : 'entries'} (${run.kinds.map(kindWord).join(', ')})`;
}

/** "14:55:00–15:02:10 CET": when a run began and ended, the zone written once when both ends share it. */
export function timeSpan(from: string, to: string, timeZone: string): string {
  const a = clockTime(from, timeZone);
  const b = clockTime(to, timeZone);
  if (a === b) return a;
  const [timeA, zoneA] = a.split(' ');
  const [timeB, zoneB] = b.split(' ');
  return zoneA === zoneB ? `${timeA}–${timeB} ${zoneA}` : `${a} – ${b}`;
}
