/** Rows of the virtual timeline: folded runs of system entries, and finding entries among them (client/src/timeline/timeline-rows.ts). */
import { describe, expect, it } from 'vitest';
import type { Entry, EntryKind } from '#shared/timeline';
import { firstAtOrAfter, foldLabel, indexOfEntry, timelineRows, timeSpan, toggleRun, type FoldRowSpec, type TimelineRow } from '../../client/src/timeline/timeline-rows';
import { makeEntry } from '../support/factories';

/** One entry per letter, ids 1…n in timeline order: n note, d decision, s status, a alert, m metric, f feed. */
const KINDS: Record<string, EntryKind> = { n: 'note', d: 'decision', s: 'status', a: 'alert', m: 'metric', f: 'feed' };
const timeline = (letters: string): Entry[] => [...letters].map((c, i) => makeEntry({ id: i + 1, kind: KINDS[c]! }));

/** A row as the test reads it: `#3` an entry, `▸1-2(alert,feed)` a folded run, `▾…` an open one. */
function show(entries: Entry[], row: TimelineRow): string {
  if (row.type === 'entry') return `#${entries[row.index]!.id}`;
  return `${row.expanded ? '▾' : '▸'}${entries[row.from]!.id}-${entries[row.to - 1]!.id}(${row.kinds.join(',')})`;
}

describe('timelineRows', () => {
  const cases: { name: string; letters: string; folded: boolean; expanded?: number[]; rows: string[] }[] = [
    { name: 'empty', letters: '', folded: true, rows: [] },
    { name: 'shown: one row per entry', letters: 'nasn', folded: false, rows: ['#1', '#2', '#3', '#4'] },
    { name: 'no system entries', letters: 'ndn', folded: true, rows: ['#1', '#2', '#3'] },
    { name: 'a run between notes', letters: 'naafn', folded: true, rows: ['#1', '▸2-4(alert,feed)', '#5'] },
    { name: 'kinds in order of first appearance', letters: 'fasam', folded: true, rows: ['▸1-5(feed,alert,status,metric)'] },
    { name: 'a run of one folds too', letters: 'nsn', folded: true, rows: ['#1', '▸2-2(status)', '#3'] },
    { name: 'all system', letters: 'saaf', folded: true, rows: ['▸1-4(status,alert,feed)'] },
    { name: 'runs at both ends', letters: 'anda', folded: true, rows: ['▸1-1(alert)', '#2', '#3', '▸4-4(alert)'] },
    { name: 'two runs', letters: 'aanmf', folded: true, rows: ['▸1-2(alert)', '#3', '▸4-5(metric,feed)'] },
    { name: 'an expanded run shows its entries after its row', letters: 'naafn', folded: true, expanded: [3], rows: ['#1', '▾2-4(alert,feed)', '#2', '#3', '#4', '#5'] },
    { name: 'only the run holding the id opens', letters: 'aanaa', folded: true, expanded: [5], rows: ['▸1-2(alert)', '#3', '▾4-5(alert)', '#4', '#5'] },
    { name: 'an id of a non-system entry opens nothing', letters: 'nan', folded: true, expanded: [1], rows: ['#1', '▸2-2(alert)', '#3'] },
    { name: 'shown ignores the expanded set', letters: 'aa', folded: false, expanded: [1], rows: ['#1', '#2'] },
  ];
  it.each(cases)('$name', ({ letters, folded, expanded = [], rows }) => {
    const entries = timeline(letters);
    const result = timelineRows(entries, { folded, expanded: new Set(expanded) });
    expect(result.rows.map((r) => show(entries, r))).toEqual(rows);
    // Every entry maps to the row that shows it: its own, or its run's while the run is folded.
    result.rowOfEntry.forEach((row, i) => {
      const r = result.rows[row]!;
      if (r.type === 'entry') expect(r.index).toBe(i);
      else expect([r.from <= i, i < r.to, r.expanded]).toEqual([true, true, false]);
    });
  });

  it('keys a run by its newest entry, so a page that extends it backwards keeps its key', () => {
    const page = [makeEntry({ id: 1, kind: 'alert', occurredAt: '2025-03-03T13:00:00.000Z' })];
    const held = [makeEntry({ id: 7, kind: 'alert', occurredAt: '2025-03-03T14:00:00.000Z' }), makeEntry({ id: 9, kind: 'feed', occurredAt: '2025-03-03T14:01:00.000Z' })];
    const before = timelineRows(held, { folded: true, expanded: new Set() }).rows[0] as FoldRowSpec;
    const after = timelineRows([...page, ...held], { folded: true, expanded: new Set() }).rows[0] as FoldRowSpec;
    expect([before.key, after.key]).toEqual(['fold-9', 'fold-9']);
    expect(after.to - after.from).toBe(3);
  });
});

describe('toggleRun', () => {
  it('opens a run, and closing it forgets every id of the run', () => {
    const entries = timeline('naan');
    const fold = { folded: true, expanded: new Set<number>() };
    const run = timelineRows(entries, fold).rows[1] as FoldRowSpec;
    const opened = toggleRun(fold.expanded, entries, run);
    const openRun = timelineRows(entries, { folded: true, expanded: opened }).rows[1] as FoldRowSpec;
    expect(openRun.expanded).toBe(true);
    // Opened by a jump to its first entry, then closed: closed for good.
    const closed = toggleRun(new Set([...opened, 2]), entries, openRun);
    expect([...closed]).toEqual([]);
  });
});

const at = (t: string) => makeEntry({ occurredAt: `2025-03-03T${t}:00.000Z` });

describe('firstAtOrAfter', () => {
  const entries = [at('14:00'), at('14:02'), at('14:02'), at('14:05')];
  it.each([
    { t: '13:00', expected: 0 },
    { t: '14:00', expected: 0 },
    { t: '14:01', expected: 1 },
    { t: '14:02', expected: 1 },
    { t: '14:03', expected: 3 },
    { t: '14:05', expected: 3 },
    { t: '14:06', expected: 4 },
  ])('$t', ({ t, expected }) => expect(firstAtOrAfter(entries, `2025-03-03T${t}:00.000Z`)).toBe(expected));
  it('finds nothing in nothing', () => expect(firstAtOrAfter([], '2025-03-03T14:00:00.000Z')).toBe(0));
});

describe('indexOfEntry', () => {
  const entries = [1, 2, 3, 4, 5].map((id) => makeEntry({ id }));
  it.each([1, 3, 5])('finds #%i by timeline order', (id) => expect(indexOfEntry(entries, makeEntry({ id }))).toBe(id - 1));
  it('finds an entry whose time was revised since, by id', () => {
    expect(indexOfEntry(entries, { id: 4, occurredAt: '2020-01-01T00:00:00.000Z' })).toBe(3);
  });
  it('says -1 for an entry not held', () => expect(indexOfEntry(entries, makeEntry({ id: 9 }))).toBe(-1));
});

describe('foldLabel', () => {
  it.each([
    { from: 0, to: 1, kinds: ['status' as const], expected: '1 system entry (status)' },
    { from: 2, to: 7, kinds: ['alert' as const, 'feed' as const], expected: '5 system entries (alert, feed)' },
  ])('$expected', ({ expected, ...run }) => expect(foldLabel(run, (k) => k)).toBe(expected));
});

describe('timeSpan', () => {
  it.each([
    { from: '2025-03-03T13:55:00.000Z', to: '2025-03-03T14:02:10.000Z', expected: '14:55:00–15:02:10 CET' },
    { from: '2025-03-03T13:55:00.000Z', to: '2025-03-03T13:55:00.000Z', expected: '14:55:00 CET' },
    // Across the switch to summer time, each end keeps its own zone name.
    { from: '2025-03-30T00:59:00.000Z', to: '2025-03-30T01:01:00.000Z', expected: '01:59:00 CET – 03:01:00 CEST' },
  ])('$expected', ({ from, to, expected }) => expect(timeSpan(from, to, 'Europe/Paris')).toBe(expected));
});
