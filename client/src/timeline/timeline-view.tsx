import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type Ref, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Entry } from '#shared/timeline';
import { loadOlderEntries } from '../socket/room';
import { useStore } from '../store/store';
import type { Draft } from '../store/drafts-slice';
import { firstOfDay, sameDayIn, spansDays } from './day-changes';
import { DraftRow } from './draft-row';
import { kindWord } from './entry-format';
import { EntryRow, rowAttributes } from './entry-row';
import { FoldRow } from './fold-row';
import { indexOfEntry, timelineRows, toggleRun, type FoldRowSpec, type TimelineRow } from './timeline-rows';
import { describeSearch, withRevisions, type SearchQuery, type SearchResults } from './timeline-search';
import { useTimelineJumps, type Held, type Pending, type TimelineHandle } from './use-timeline-jumps';
import './timeline.css';

export type { TimelineHandle } from './use-timeline-jumps';

const NO_ENTRIES: Entry[] = [];
const NO_DRAFTS: Draft[] = [];
const NO_IDS: ReadonlySet<number> = new Set();
/** The bar above the list (load older / start of the timeline) sits outside it, always at this height, so a prepend anchors on a row. */
const OLDER_BAR_PX = 48;
/** Older entries load by themselves once the reader is this close to the top. */
const NEAR_TOP_PX = 1200;
/** How long a loaded page may take to reach the store (a frame, or 250 ms in a hidden tab). */
const COMMIT_WAIT_MS = 3000;
/** A one-line entry; rows are measured once rendered. */
const estimateRow = () => 64;

/** Search results in place of the live timeline. */
export type ResultsMode = { results: SearchResults; loadOlder: () => Promise<void>; onClear: () => void };

type ViewProps = { incidentId: number; timeZone: string; folded: boolean; search: ResultsMode | null; ref?: Ref<TimelineHandle> };

/**
 * Chat-style: oldest at the top, newest at the bottom, following new entries while scrolled
 * down and keeping its place when older ones are prepended (they load by themselves near the
 * top). Virtualised: an incident's thousands of entries cost only the rows on screen. The live
 * timeline, or search results in its place (a list of their own, so each opens at its newest).
 */
export const TimelineView = memo(function TimelineView({ incidentId, timeZone, folded, search, ref }: ViewProps) {
  if (search) return <ResultsTimeline key="results" timeZone={timeZone} search={search} ref={ref} />;
  return <LiveTimeline key="live" incidentId={incidentId} timeZone={timeZone} folded={folded} ref={ref} />;
});

const LIVE = { list: 'Incident timeline', unit: 'entries', load: 'Load older entries', start: 'Start of the timeline', empty: 'No entries yet. Post the first one below.' };
const RESULTS = { list: 'Search results', unit: 'results', load: 'Load older results', start: 'No older results', empty: 'Nothing found.' };
type Labels = typeof LIVE;

function LiveTimeline({ incidentId, timeZone, folded, ref }: { incidentId: number; timeZone: string; folded: boolean; ref?: Ref<TimelineHandle> | undefined }) {
  const entries = useStore((s) => s.room?.entries) ?? NO_ENTRIES;
  const hasOlder = useStore((s) => s.room?.hasOlder ?? false);
  const fillingHole = useStore((s) => s.room?.hole != null);
  // Only this token's: another token's drafts left in this browser are never sent under our name.
  const tokenId = useStore((s) => s.session.actor?.tokenId);
  const drafts = useStore(useShallow((s) => Object.values(s.drafts).filter((d) => d.incidentId === incidentId && d.tokenId === tokenId)));
  return (
    <RowsList
      ref={ref}
      entries={entries}
      hasOlder={hasOlder}
      loadOlder={loadOlderEntries}
      timeZone={timeZone}
      folded={folded}
      drafts={drafts}
      fillingHole={fillingHole}
      labels={LIVE}
    />
  );
}

function ResultsTimeline({ timeZone, search, ref }: { timeZone: string; search: ResultsMode; ref?: Ref<TimelineHandle> | undefined }) {
  const { results, loadOlder, onClear } = search;
  // An entry edited, retracted or pinned since the search shows as it is now.
  const roomEntries = useStore((s) => s.room?.entries) ?? NO_ENTRIES;
  const pinned = useStore((s) => s.room?.pinned) ?? NO_ENTRIES;
  const entries = useMemo(() => withRevisions(results.entries, roomEntries, pinned), [results.entries, roomEntries, pinned]);
  const what = describeSearch(JSON.parse(results.key) as SearchQuery, kindWord);
  const n = entries.length;
  const found = `${results.hasMore ? 'Latest ' : ''}${n} ${n === 1 ? 'result' : 'results'} for ${what}`;
  return (
    <>
      <div className="timeline-results" role="status">
        <span className="timeline-results__count">
          {results.error ? `Search failed: ${results.error}` : results.loading && n === 0 ? `Searching for ${what}…` : found}
          {results.loading && n > 0 && <span className="timeline-results__busy"> · updating…</span>}
        </span>{' '}
        <span className="timeline-results__back">
          — <kbd>Esc</kbd> or{' '}
          <button type="button" onClick={onClear}>
            Clear
          </button>{' '}
          to return to the live timeline
        </span>
      </div>
      <RowsList
        key={results.key}
        ref={ref}
        entries={entries}
        hasOlder={results.hasMore}
        loadOlder={loadOlder}
        timeZone={timeZone}
        folded={false}
        drafts={NO_DRAFTS}
        fillingHole={false}
        labels={RESULTS}
      />
    </>
  );
}

type ListProps = {
  entries: Entry[];
  hasOlder: boolean;
  /** Fetches the page before the oldest held entry; the new entries arrive through `entries`. */
  loadOlder: () => Promise<void>;
  timeZone: string;
  folded: boolean;
  drafts: Draft[];
  fillingHole: boolean;
  labels: Labels;
  ref?: Ref<TimelineHandle> | undefined;
};

const rowKey = (row: TimelineRow, entries: Entry[]) => (row.type === 'entry' ? entries[row.index]!.id : row.key);

/** The rows (entries, folded runs, the hole note, drafts) in one virtual list, and the jumps within it. */
function RowsList({ entries, hasOlder, loadOlder, timeZone, folded, drafts, fillingHole, labels, ref }: ListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState(NO_IDS);
  const { rows, rowOfEntry } = useMemo(() => timelineRows(entries, { folded, expanded }), [entries, folded, expanded]);
  const sameDay = useMemo(() => sameDayIn(timeZone), [timeZone]);
  const dated = spansDays(entries, sameDay);

  const holeAt = fillingHole ? rows.length : -1;
  const draftsFrom = rows.length + (fillingHole ? 1 : 0);
  const empty = draftsFrom + drafts.length === 0;
  const count = empty ? 1 : draftsFrom + drafts.length;
  // Stable while the rows are: a new key function makes the virtualiser re-measure every row.
  const keyOf = useCallback(
    (i: number) => (empty ? 'empty' : i < rows.length ? rowKey(rows[i]!, entries) : i === holeAt ? 'hole' : `draft:${drafts[i - draftsFrom]!.clientId}`),
    [empty, rows, entries, holeAt, drafts, draftsFrom],
  );

  // No React Compiler here: the virtualiser re-renders this component itself, and the one function
  // passed down to memoised rows, measureElement, is stable for the virtualiser's life.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: estimateRow,
    getItemKey: keyOf,
    scrollMargin: OLDER_BAR_PX,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 40,
    overscan: 6,
  });

  // Open at the newest entry.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  // What the list holds now, for loops that await pages; waiters check it each time it changes.
  const held = useRef<Held>({ entries, hasOlder });
  const waiters = useRef(new Set<() => void>());
  useLayoutEffect(() => {
    held.current = { entries, hasOlder };
    for (const check of waiters.current) check(); // one that is done removes itself: a Set iterates safely past that
  }, [entries, hasOlder]);

  const [older, setOlder] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const inflight = useRef<Promise<boolean> | null>(null);
  /** One page at a time, shared by the scroll, the button and jumps; true once it is in the list. */
  const loadPage = useCallback((): Promise<boolean> => {
    inflight.current ??= (async () => {
      const before = held.current;
      setOlder({ loading: true, error: null });
      try {
        await loadOlder();
        const arrived = await rendered(held, waiters.current, before);
        setOlder({ loading: false, error: arrived ? null : 'they did not arrive in time' });
        return arrived;
      } catch (error) {
        setOlder({ loading: false, error: error instanceof Error ? error.message : 'no answer' });
        return false;
      } finally {
        inflight.current = null;
      }
    })();
    return inflight.current;
  }, [loadOlder]);

  // Near the top, the next page loads by itself; after a failure only the button retries.
  const nearTop = hasOlder && !older.loading && older.error === null && (virtualizer.scrollOffset ?? 0) < NEAR_TOP_PX;
  useEffect(() => {
    // The element's offset, not the render's: the first render comes before the scroll to the end.
    if (nearTop && (scroller.current?.scrollTop ?? Infinity) < NEAR_TOP_PX) void loadPage();
  }, [nearTop, loadPage]);

  // Scrolls wait for the rows they aim at: set with the state that makes those rows, done once rendered.
  const [pending, setPending] = useState<Pending | null>(null);
  useLayoutEffect(() => {
    if (pending === null) return;
    setPending(null);
    if ('end' in pending) {
      virtualizer.scrollToEnd();
      return;
    }
    const i = indexOfEntry(entries, pending.entry);
    if (i < 0) return;
    virtualizer.scrollToIndex(rowOfEntry[i]!, { align: 'start' });
    if (pending.flash && scroller.current) flashEntry(scroller.current, entries[i]!.id);
  }, [pending, entries, rowOfEntry, virtualizer]);

  // Folding or unfolding everything keeps the entry at the top of the screen there (or the end, if at the end).
  const reading = useRef<{ folded: boolean; top: Entry | null; atEnd: boolean }>({ folded, top: null, atEnd: true });
  useLayoutEffect(() => {
    const before = reading.current;
    if (before.folded === folded) return;
    setPending(before.atEnd || before.top === null ? { end: true } : { entry: before.top, flash: false });
  }, [folded]);
  useEffect(() => {
    const item = virtualizer.getVirtualItemForOffset(virtualizer.scrollOffset ?? 0);
    const row = item ? rows[item.index] : undefined;
    const top = row === undefined ? null : (entries[row.type === 'entry' ? row.index : row.from] ?? null);
    reading.current = { folded, top, atEnd: nearEnd(virtualizer) };
  });

  const toggle = useCallback((run: FoldRowSpec) => setExpanded((x) => toggleRun(x, entries, run)), [entries]);

  useTimelineJumps(ref, { held, loadPage, folded, timeZone, setExpanded, setPending });

  const items = virtualizer.getVirtualItems();
  const margin = virtualizer.options.scrollMargin;
  const first = items[0];
  const last = items[items.length - 1];
  const padding = {
    paddingTop: first ? first.start - margin : 0,
    paddingBottom: last ? virtualizer.getTotalSize() - (last.end - margin) : 0,
  };

  return (
    <div className="timeline" ref={scroller}>
      <div className="timeline__older" style={{ height: OLDER_BAR_PX }}>
        {!hasOlder ? (
          entries.length > 0 && <span className="timeline__start">{labels.start}</span>
        ) : older.error !== null ? (
          <span role="alert">
            Could not load older {labels.unit} ({older.error}).{' '}
            <button type="button" onClick={() => void loadPage()}>
              Retry
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => void loadPage()} disabled={older.loading}>
            {older.loading ? 'Loading…' : labels.load}
          </button>
        )}
      </div>
      <ol className="timeline__list" style={padding} aria-label={labels.list} aria-live="polite">
        {items.map(({ index, key }) => {
          const row = empty ? undefined : rows[index];
          if (row?.type === 'entry') {
            const entry = entries[row.index]!;
            return (
              <EntryRow key={key} ref={virtualizer.measureElement} index={index} setSize={count} entry={entry} timeZone={timeZone} showDate={dated && firstOfDay(entries, row.index, sameDay)} />
            );
          }
          if (row?.type === 'fold') {
            return <FoldRow key={key} ref={virtualizer.measureElement} index={index} setSize={count} run={row} entries={entries} timeZone={timeZone} onToggle={toggle} />;
          }
          const draft = empty ? undefined : drafts[index - draftsFrom];
          if (draft) return <DraftRow key={key} ref={virtualizer.measureElement} index={index} setSize={count} draft={draft} />;
          return (
            <li key={key} ref={virtualizer.measureElement} {...rowAttributes(index, count)} className="timeline__note" role={empty ? undefined : 'status'}>
              {empty ? labels.empty : 'Fetching entries posted while this screen was away…'}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * Whether the list is scrolled to within its end threshold, from the virtualiser's own sizes.
 * Not `isAtEnd()`: that reads the element's scrollHeight, a forced layout after every render
 * (every new entry) for a figure needed only when folding changes.
 */
function nearEnd(v: Virtualizer<HTMLDivElement, Element>): boolean {
  const end = v.options.scrollMargin + v.getTotalSize() - (v.scrollRect?.height ?? 0);
  return end - (v.scrollOffset ?? 0) <= v.options.scrollEndThreshold;
}

/**
 * Whether the list has rendered the page asked for: a new oldest entry, or the news that none
 * is left. Any other change (a live entry meanwhile) is not it. Gives up (false) after a while.
 */
function rendered(held: RefObject<Held>, waiters: Set<() => void>, before: Held): Promise<boolean> {
  const arrived = () => held.current.entries[0] !== before.entries[0] || held.current.hasOlder !== before.hasOlder;
  return new Promise((resolve) => {
    if (arrived()) return resolve(true);
    const done = () => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve(arrived());
    };
    const check = () => {
      if (arrived()) done();
    };
    const timer = setTimeout(done, COMMIT_WAIT_MS);
    waiters.add(check);
  });
}

/** Draws the eye to a row the list just scrolled to, once it is rendered (a few frames at most). */
function flashEntry(list: HTMLElement, id: number, frames = 60): void {
  const row = list.querySelector<HTMLElement>(`[data-entry-id="${id}"]`);
  if (row) {
    // The Web Animations API, not a class: the row belongs to EntryRow, and the page's CSP allows no inline styles.
    row.animate(
      [
        { backgroundColor: '#1f4a7a', boxShadow: 'inset 6px 0 0 #58a6ff', offset: 0 },
        { backgroundColor: '#1f4a7a', boxShadow: 'inset 6px 0 0 #58a6ff', offset: 0.4 },
      ],
      { duration: 2400, easing: 'ease-in' },
    );
    return;
  }
  if (frames > 0) requestAnimationFrame(() => flashEntry(list, id, frames - 1));
}
