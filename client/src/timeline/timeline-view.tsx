import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Entry } from '#shared/timeline';
import { loadOlderEntries } from '../socket/room';
import { useStore } from '../store/store';
import { DraftRow } from './draft-row';
import { EntryRow, rowAttributes } from './entry-row';

const NO_ENTRIES: Entry[] = [];
/** The 'Load older entries' bar sits above the list, outside it, so a prepend anchors on an entry. */
const OLDER_BAR_PX = 48;
/** A one-line entry; rows are measured once rendered. */
const estimateRow = () => 64;

/**
 * Chat-style: oldest at the top, newest at the bottom, following new entries while scrolled
 * down and keeping its place when older ones are prepended. Virtualised: an incident's
 * thousands of entries cost only the rows on screen. Rows: the entries, then a note while
 * entries missed during a disconnection are fetched, then the unsent drafts.
 */
export function TimelineView({ incidentId, timeZone }: { incidentId: number; timeZone: string }) {
  const entries = useStore((s) => s.room?.entries) ?? NO_ENTRIES;
  const hasOlder = useStore((s) => s.room?.hasOlder ?? false);
  const fillingHole = useStore((s) => s.room?.hole != null);
  // Only this token's: another token's drafts left in this browser are never sent under our name.
  const tokenId = useStore((s) => s.session.actor?.tokenId);
  const drafts = useStore(useShallow((s) => Object.values(s.drafts).filter((d) => d.incidentId === incidentId && d.tokenId === tokenId)));
  const scroller = useRef<HTMLDivElement>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const holeAt = fillingHole ? entries.length : -1;
  const draftsFrom = entries.length + (fillingHole ? 1 : 0);
  const empty = draftsFrom + drafts.length === 0;
  const count = empty ? 1 : draftsFrom + drafts.length;
  // Stable while the rows are: a new key function makes the virtualiser re-measure every row.
  const keyOf = useCallback(
    (i: number) => (empty ? 'empty' : i < entries.length ? entries[i]!.id : i === holeAt ? 'hole' : drafts[i - draftsFrom]!.clientId),
    [empty, entries, holeAt, drafts, draftsFrom],
  );

  // No React Compiler here: the virtualiser re-renders this component itself, and the one function
  // passed down to memoised rows, measureElement, is stable for the virtualiser's life.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: estimateRow,
    getItemKey: keyOf,
    scrollMargin: hasOlder ? OLDER_BAR_PX : 0,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 40,
    overscan: 6,
  });

  // Open at the newest entry.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  const older = async () => {
    setLoadingOlder(true);
    try {
      await loadOlderEntries();
    } finally {
      setLoadingOlder(false);
    }
  };

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
      {hasOlder && (
        <div className="timeline__older" style={{ height: OLDER_BAR_PX }}>
          <button type="button" onClick={() => void older()} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older entries'}
          </button>
        </div>
      )}
      <ol className="timeline__list" style={padding} aria-label="Incident timeline" aria-live="polite">
        {items.map(({ index, key }) => {
          const entry = entries[index];
          if (entry && !empty) {
            return <EntryRow key={key} ref={virtualizer.measureElement} index={index} setSize={count} entry={entry} timeZone={timeZone} />;
          }
          const draft = drafts[index - draftsFrom];
          if (draft && !empty) {
            return <DraftRow key={key} ref={virtualizer.measureElement} index={index} setSize={count} draft={draft} />;
          }
          return (
            <li key={key} ref={virtualizer.measureElement} {...rowAttributes(index, count)} className="timeline__note" role={empty ? undefined : 'status'}>
              {empty ? 'No entries yet. Post the first one below.' : 'Fetching entries posted while this screen was away…'}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
