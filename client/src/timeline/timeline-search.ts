/**
 * Finding things in a long timeline: the filters a person sets, the query the server gets
 * (search runs over the whole timeline there, not over what this browser loaded), the results
 * as pages of it, and wall times typed to jump to.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Temporal } from 'temporal-polyfill';
import { mergeEntries } from '#shared/entry-merge';
import type { Component, Entry, EntryKind, TimelinePage, TimelineQuery } from '#shared/timeline';
import { formatZoned, parseWallTime, resolveWallTime, ZonedTimeError } from '#shared/zoned-time';

export type SearchFilters = {
  /** As typed; sent once typing pauses. */
  q: string;
  kind: EntryKind | null;
  component: Component | null;
  author: string | null;
  pinned: boolean;
};
export const NO_FILTERS: SearchFilters = { q: '', kind: null, component: null, author: null, pinned: false };

export type SearchQuery = Partial<Pick<TimelineQuery, 'q' | 'kind' | 'component' | 'author' | 'pinned'>>;
export type FetchPage = (incidentId: number, query: SearchQuery & { before?: number; limit: number }) => Promise<TimelinePage>;

/** The server refuses a search with no letter or digit in it; such text is no search yet. */
export const hasWord = (q: string): boolean => /[\p{L}\p{N}]/u.test(q);

/** What to ask the server; null when nothing is asked, and the live timeline shows. */
export function searchQuery(f: SearchFilters): SearchQuery | null {
  const q = f.q.trim();
  const query: SearchQuery = {
    ...(hasWord(q) ? { q } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.component ? { component: f.component } : {}),
    ...(f.author ? { author: f.author } : {}),
    ...(f.pinned ? { pinned: true } : {}),
  };
  return Object.keys(query).length === 0 ? null : query;
}

/** `“postgres”, decision, DBaaS, by Rita, pinned`: what the results are for, in the header's words. */
export function describeSearch(query: SearchQuery, kindLabel: (kind: EntryKind) => string): string {
  return [
    query.q !== undefined ? `“${query.q}”` : null,
    query.kind ? kindLabel(query.kind) : null,
    query.component ?? null,
    query.author ? `by ${query.author}` : null,
    query.pinned ? 'pinned' : null,
  ]
    .filter((part) => part !== null)
    .join(', ');
}

/**
 * Results as they are now: a result the room has since seen at a newer version (edited,
 * retracted, pinned) shows that version. The same array when nothing changed.
 */
export function withRevisions(results: Entry[], ...known: readonly (readonly Entry[])[]): Entry[] {
  if (results.length === 0) return results;
  const wanted = new Map(results.map((e) => [e.id, e]));
  const newer = new Map<number, Entry>();
  for (const list of known) {
    for (const e of list) {
      const held = wanted.get(e.id);
      if (held && e.version > held.version && e.version > (newer.get(e.id)?.version ?? 0)) newer.set(e.id, e);
    }
  }
  if (newer.size === 0) return results;
  return mergeEntries(results, [...newer.values()]);
}

/** Who wrote the loaded entries, and whoever is signed in here, in alphabetical order. */
export function distinctAuthors(entries: readonly Pick<Entry, 'author'>[], me: string | null): string[] {
  const names = new Set<string>();
  for (const e of entries) names.add(e.author);
  if (me) names.add(me);
  return [...names].toSorted((a, b) => a.localeCompare(b));
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dayIn(at: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

export type JumpTime = { at: number; label: string } | { error: string };

/**
 * A typed time to jump to: `15:02` in the incident's zone, `15:02 CET`, `14:02Z`, or with a date.
 * Without a date it is on the day of the latest loaded entry (or today); if that lands in the
 * future, the day before is meant (an incident that ran past midnight).
 */
export function resolveJumpTime(text: string, context: { timeZone: string; latest: string | null; now: number }): JumpTime {
  if (text.trim() === '') return { error: 'Type a time, e.g. 15:02 or 14:02Z' };
  try {
    const wall = parseWallTime(text);
    const day = dayIn(context.latest === null ? context.now : Date.parse(context.latest), context.timeZone);
    let at = resolveWallTime(wall, { date: day, timeZone: context.timeZone });
    if (wall.date === null && at > context.now + 60_000) {
      const before = Temporal.PlainDate.from(day).subtract({ days: 1 }).toString();
      at = resolveWallTime(wall, { date: before, timeZone: context.timeZone });
    }
    // Said back in the zone it was written in: `15:02 CET on 2025-03-03`.
    const zone = wall.zone;
    const zoneId = zone === null ? context.timeZone : zone.kind === 'fixed' ? zone.offset : zone.id;
    return { at, label: `${formatZoned(at, zone?.written ?? context.timeZone)} on ${dayIn(at, zoneId)}` };
  } catch (error) {
    if (error instanceof ZonedTimeError) return { error: error.message };
    throw error;
  }
}

export const SEARCH_DEBOUNCE_MS = 250;
const RESULTS_PAGE = 200;

export type SearchResults = {
  /** The query these entries answer (results of the previous query stay up while the next loads). */
  key: string;
  entries: Entry[];
  hasMore: boolean;
  loading: boolean;
  error: string | null;
};

export type TimelineSearch = {
  filters: SearchFilters;
  setFilters: (change: Partial<SearchFilters>) => void;
  clear: () => void;
  /** The query the results answer; null: the live timeline shows. */
  query: SearchQuery | null;
  results: SearchResults | null;
  loadOlder: () => Promise<void>;
};

/** Filters and their results for one incident; `fetchPage` is searchTimeline (injected so this file stays pure to import). */
export function useTimelineSearch(incidentId: number, fetchPage: FetchPage): TimelineSearch {
  const [filters, setAll] = useState<SearchFilters>(NO_FILTERS);
  // The text as sent: debounced, except that emptying the box returns at once.
  const [sentQ, setSentQ] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const latest = useRef<SearchResults | null>(null);

  useEffect(() => {
    if (filters.q.trim() === '') {
      setSentQ('');
      return;
    }
    const timer = setTimeout(() => setSentQ(filters.q), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filters.q]);

  const { kind, component, author, pinned } = filters;
  const query = useMemo(() => searchQuery({ q: sentQ, kind, component, author, pinned }), [sentQ, kind, component, author, pinned]);
  const key = query === null ? null : JSON.stringify(query);

  useEffect(() => {
    latest.current = results;
  }, [results]);

  useEffect(() => {
    if (query === null || key === null) {
      setResults(null);
      return;
    }
    let stale = false;
    setResults((prev) => (prev ? { ...prev, loading: true, error: null } : { key, entries: [], hasMore: false, loading: true, error: null }));
    fetchPage(incidentId, { ...query, limit: RESULTS_PAGE }).then(
      (page) => !stale && setResults({ key, entries: page.entries, hasMore: page.hasMore, loading: false, error: null }),
      (error: unknown) => !stale && setResults({ key, entries: [], hasMore: false, loading: false, error: errorText(error) }),
    );
    return () => {
      stale = true;
    };
    // `key` stands for `query`: a new object with the same filters is the same search.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentId, key, fetchPage]);

  const loadOlder = useCallback(async () => {
    const shown = latest.current;
    const oldest = shown?.entries[0];
    if (!shown || !oldest || query === null || shown.key !== key) return;
    const page = await fetchPage(incidentId, { ...query, before: oldest.id, limit: RESULTS_PAGE });
    setResults((prev) => (prev?.key === shown.key ? { ...prev, entries: mergeEntries(prev.entries, page.entries), hasMore: page.hasMore } : prev));
  }, [incidentId, query, key, fetchPage]);

  const setFilters = useCallback((change: Partial<SearchFilters>) => setAll((f) => ({ ...f, ...change })), []);
  const clear = useCallback(() => {
    setAll(NO_FILTERS);
    setSentQ('');
  }, []);

  return { filters, setFilters, clear, query, results: query === null ? null : results, loadOlder };
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'the search failed');
