/** Search filters, results kept current, and typed jump times (client/src/timeline/timeline-search.ts). */
import { describe, expect, it } from 'vitest';
import {
  describeSearch,
  distinctAuthors,
  NO_FILTERS,
  resolveJumpTime,
  searchQuery,
  withRevisions,
  type SearchFilters,
} from '../../client/src/timeline/timeline-search';
import { makeEntry } from '../support/factories';

const filters = (o: Partial<SearchFilters>): SearchFilters => ({ ...NO_FILTERS, ...o });

describe('searchQuery', () => {
  it.each([
    { name: 'nothing set: the live timeline', f: filters({}), expected: null },
    { name: 'blank text', f: filters({ q: '   ' }), expected: null },
    { name: 'no word in it (the server would refuse it)', f: filters({ q: '*()' }), expected: null },
    { name: 'text, trimmed', f: filters({ q: ' postgres ' }), expected: { q: 'postgres' } },
    { name: 'filters only', f: filters({ kind: 'decision', component: 'DBaaS' }), expected: { kind: 'decision', component: 'DBaaS' } },
    { name: 'author and pinned', f: filters({ author: 'Rita', pinned: true }), expected: { author: 'Rita', pinned: true } },
    { name: 'a wordless search with a filter keeps the filter', f: filters({ q: '-', kind: 'note' }), expected: { kind: 'note' } },
  ])('$name', ({ f, expected }) => expect(searchQuery(f)).toEqual(expected));
});

const upper = (k: string) => k.toUpperCase();

describe('describeSearch', () => {
  it.each([
    { query: { q: 'postgres' }, expected: '“postgres”' },
    { query: { q: 'reboot', kind: 'decision' as const, component: 'DBaaS' as const, author: 'Rita', pinned: true }, expected: '“reboot”, DECISION, DBaaS, by Rita, pinned' },
    { query: { pinned: true }, expected: 'pinned' },
  ])('$expected', ({ query, expected }) => expect(describeSearch(query, upper)).toBe(expected));
});

describe('withRevisions', () => {
  const v1 = makeEntry({ id: 2, text: 'kernel panic' });
  const other = makeEntry({ id: 5 });
  it('shows the newer version the room has seen', () => {
    const v2 = { ...v1, version: 2, text: 'firmware bug' };
    expect(withRevisions([v1, other], [makeEntry({ id: 1 }), v2]).map((e) => e.text)).toEqual(['firmware bug', other.text]);
  });
  it('takes the newest of several lists (the loaded timeline, the pinned entries)', () => {
    const v2 = { ...v1, version: 2, text: 'v2' };
    const v3 = { ...v1, version: 3, text: 'v3', pinned: true };
    expect(withRevisions([v1], [v2], [v3])[0]!.text).toBe('v3');
  });
  it('keeps results in timeline order when a revision moves one', () => {
    const moved = { ...v1, version: 2, occurredAt: '2030-01-01T00:00:00.000Z' };
    expect(withRevisions([v1, other], [moved]).map((e) => e.id)).toEqual([5, 2]);
  });
  it('is the same array when nothing is newer, and never adds an entry', () => {
    const results = [v1, other];
    expect(withRevisions(results, [v1, makeEntry({ id: 9, version: 4 })])).toBe(results);
  });
});

describe('distinctAuthors', () => {
  it('lists each author once, with whoever is signed in, alphabetically', () => {
    const entries = ['ic', 'Rita', 'ic', 'alertmanager'].map((author) => makeEntry({ author }));
    expect(distinctAuthors(entries, 'Zoe')).toEqual(['alertmanager', 'ic', 'Rita', 'Zoe']);
    expect(distinctAuthors([], null)).toEqual([]);
  });
});

describe('resolveJumpTime', () => {
  const paris = { timeZone: 'Europe/Paris', latest: '2025-03-03T16:40:00.000Z', now: Date.parse('2025-03-03T16:45:00Z') };
  it.each([
    { text: '15:02', context: paris, at: '2025-03-03T14:02:00.000Z', label: '15:02 CET on 2025-03-03' },
    { text: '15:02 CET', context: paris, at: '2025-03-03T14:02:00.000Z', label: '15:02 CET on 2025-03-03' },
    { text: '14:02Z', context: paris, at: '2025-03-03T14:02:00.000Z', label: '14:02 UTC on 2025-03-03' },
    { text: '2025-03-02 23:10', context: paris, at: '2025-03-02T22:10:00.000Z', label: '23:10 CET on 2025-03-02' },
    // The day is the latest loaded entry's, in the incident's zone (here already the 4th in Paris).
    { text: '00:30', context: { ...paris, latest: '2025-03-03T23:20:00.000Z', now: Date.parse('2025-03-03T23:30:00Z') }, at: '2025-03-03T23:30:00.000Z', label: '00:30 CET on 2025-03-04' },
    // Past midnight, a time later than now means yesterday's.
    { text: '23:50', context: { ...paris, latest: '2025-03-03T23:05:00.000Z', now: Date.parse('2025-03-03T23:10:00Z') }, at: '2025-03-03T22:50:00.000Z', label: '23:50 CET on 2025-03-03' },
    // No entries loaded: today.
    { text: '17:00', context: { ...paris, latest: null }, at: '2025-03-03T16:00:00.000Z', label: '17:00 CET on 2025-03-03' },
  ])('$text', ({ text, context, at, label }) => {
    const time = resolveJumpTime(text, context);
    expect(time).toEqual({ at: Date.parse(at), label });
  });

  it.each([
    { text: '', error: /Type a time/ },
    { text: 'lunch', error: /not a time/ },
    { text: '25:00', error: /not a time/ },
    { text: '15:02 IST', error: /ambiguous/ },
    // The spring-forward gap: no clock in Paris showed 02:30 on 30 March 2025.
    { text: '2025-03-30 02:30', error: /does not exist/ },
  ])('refuses $text', ({ text, error }) => {
    const time = resolveJumpTime(text, paris);
    expect('error' in time && time.error).toMatch(error);
  });
});
