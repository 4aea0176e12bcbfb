import { useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { loadOlderEntries } from '../socket/room';
import { useStore } from '../store/store';
import { DraftRow } from './draft-row';
import { EntryRow } from './entry-row';

/** Chat-style: oldest at the top, newest at the bottom, following new entries while scrolled down. */
export function TimelineView({ incidentId, timeZone }: { incidentId: number; timeZone: string }) {
  const entries = useStore((s) => s.room?.entries);
  const hasOlder = useStore((s) => s.room?.hasOlder ?? false);
  const hole = useStore((s) => s.room?.hole ?? null);
  const drafts = useStore(useShallow((s) => Object.values(s.drafts).filter((d) => d.incidentId === incidentId)));
  const list = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const [loadingOlder, setLoadingOlder] = useState(false);

  // Re-run whenever the list grows, to follow it while scrolled to the bottom.
  // oxlint-disable-next-line react/exhaustive-deps
  useLayoutEffect(() => {
    const el = list.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [entries, drafts.length]);

  const onScroll = () => {
    const el = list.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  const older = async () => {
    setLoadingOlder(true);
    try {
      await loadOlderEntries();
    } finally {
      setLoadingOlder(false);
    }
  };

  return (
    <ol className="timeline" ref={list} onScroll={onScroll} aria-label="Incident timeline" aria-live="polite">
      {hasOlder && (
        <li className="timeline__older">
          <button type="button" onClick={() => void older()} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older entries'}
          </button>
        </li>
      )}
      {entries?.length === 0 && drafts.length === 0 && <li className="timeline__empty">No entries yet. Post the first one below.</li>}
      {entries?.map((e) => <EntryRow key={e.id} entry={e} timeZone={timeZone} />)}
      {hole && (
        <li className="timeline__older" role="status">
          Fetching entries posted while this screen was away…
        </li>
      )}
      {drafts.map((d) => (
        <DraftRow key={d.clientId} draft={d} />
      ))}
    </ol>
  );
}
