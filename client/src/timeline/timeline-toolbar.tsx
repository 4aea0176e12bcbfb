import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Component, EntryKind } from '#shared/timeline';
import { useStore } from '../store/store';
import { kindWord } from './entry-format';
import { distinctAuthors, hasWord, type TimelineSearch } from './timeline-search';
import './timeline.css';

const FOLD_KEY = 'warroom:timeline-system-entries';
/** How this computer asks for find: named as the person would press it. */
const FIND_KEYS = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘F' : 'Ctrl+F';
const NO_AUTHORS: { author: string }[] = [];

function storedFold(): boolean {
  try {
    return localStorage.getItem(FOLD_KEY) === 'folded';
  } catch {
    return false; // storage disabled: shown, as on a first visit
  }
}

/** "System entries: shown / folded", kept in this browser. */
export function useSystemEntriesFolded(): [boolean, (folded: boolean) => void] {
  const [folded, setFolded] = useState(storedFold);
  const set = useCallback((next: boolean) => {
    setFolded(next);
    try {
      localStorage.setItem(FOLD_KEY, next ? 'folded' : 'shown');
    } catch {
      // full or disabled storage: the choice still holds for this page
    }
  }, []);
  return [folded, set];
}

/** Esc returns to the live timeline from the toolbar, the results, or nowhere in particular; not from a field or a row's own controls. */
function escapesToLive(e: KeyboardEvent, toolbar: HTMLElement | null): boolean {
  const target = e.target;
  if (e.defaultPrevented) return false;
  if (!(target instanceof HTMLElement) || target === document.body) return true;
  if (toolbar?.contains(target)) return true;
  const field = target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
  return !field && target.closest('[data-entry-id]') === null && target.closest('.incident__timeline') !== null;
}

type Props = {
  search: TimelineSearch;
  folded: boolean;
  onFoldedChange: (folded: boolean) => void;
  onJumpToTime: (text: string) => void;
  /** What the last jump found, or why it could not. */
  jumpNote: string | null;
  timeZone: string;
};

/**
 * Finding things in the whole timeline, not only the loaded part: full-text search and filters
 * (answered by the server), a jump to a wall time, and whether system entries are folded.
 * Ctrl+F (⌘F) comes here first: the browser's own find sees only the rows on screen.
 */
export function TimelineToolbar({ search, folded, onFoldedChange, onJumpToTime, jumpNote, timeZone }: Props) {
  const { filters, setFilters, clear, query } = search;
  const searching = query !== null;
  const bar = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLInputElement>(null);
  const [findKey, setFindKey] = useState<string | null>(null);
  const [time, setTime] = useState('');
  const noteId = useId();
  const jumpHintId = useId();

  const searchingNow = useRef(searching);
  useEffect(() => {
    searchingNow.current = searching;
  }, [searching]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        if (searchingNow.current && escapesToLive(e, bar.current)) {
          e.preventDefault();
          clear();
        } else if (e.target === box.current) box.current?.blur();
        return;
      }
      if (e.key.toLowerCase() !== 'f' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      // The second press, with the search box focused, is the browser's.
      if (document.activeElement === box.current) return;
      e.preventDefault();
      box.current?.focus();
      box.current?.select();
      setFindKey(e.metaKey ? '⌘F' : 'Ctrl+F');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [clear]);

  const me = useStore((s) => s.session.actor?.name ?? null);
  // Who wrote the loaded entries, read when the list is opened rather than on every new entry:
  // a live timeline of thousands would otherwise be scanned once per entry for a closed menu.
  const readAuthors = useCallback(() => distinctAuthors(useStore.getState().room?.entries ?? NO_AUTHORS, me), [me]);
  const [known, setKnown] = useState(readAuthors);
  const refreshAuthors = () => setKnown(readAuthors());
  const authors = filters.author && !known.includes(filters.author) ? [...known, filters.author] : known;
  const typedNoWord = filters.q.trim() !== '' && !hasWord(filters.q);

  return (
    <div className="timeline-toolbar" ref={bar}>
      <div className="timeline-toolbar__row" role="search" aria-label="Search the timeline">
        <input
          ref={box}
          type="search"
          className="timeline-toolbar__q"
          value={filters.q}
          onChange={(e) => setFilters({ q: e.target.value })}
          onBlur={() => setFindKey(null)}
          placeholder={`Search the whole timeline (${FIND_KEYS})`}
          aria-label="Search the timeline"
          aria-describedby={findKey ? noteId : undefined}
          maxLength={200}
        />
        <select aria-label="Filter by kind" value={filters.kind ?? ''} onChange={(e) => setFilters({ kind: e.target.value ? EntryKind.parse(e.target.value) : null })}>
          <option value="">Any kind</option>
          {EntryKind.options.map((k) => (
            <option key={k} value={k}>
              {kindWord(k)}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by component"
          value={filters.component ?? ''}
          onChange={(e) => setFilters({ component: e.target.value ? Component.parse(e.target.value) : null })}
        >
          <option value="">Any component</option>
          {Component.options.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select
          aria-label="Filter by author"
          value={filters.author ?? ''}
          onFocus={refreshAuthors}
          onPointerDown={refreshAuthors}
          onChange={(e) => setFilters({ author: e.target.value || null })}
        >
          <option value="">Anyone</option>
          {authors.map((a) => (
            <option key={a} value={a}>
              {a === me ? `${a} (you)` : a}
            </option>
          ))}
        </select>
        <label className="timeline-toolbar__check">
          <input type="checkbox" checked={filters.pinned} onChange={(e) => setFilters({ pinned: e.target.checked })} /> Pinned only
        </label>
      </div>
      {findKey && (
        <p id={noteId} className="timeline-toolbar__note">
          The browser's find sees only the rows on screen; this search covers the whole timeline. Press {findKey} again for the browser's find.
        </p>
      )}
      {typedNoWord && <p className="timeline-toolbar__note">Type a letter or a digit to search.</p>}
      <div className="timeline-toolbar__row">
        <form
          className="timeline-toolbar__jump"
          onSubmit={(e) => {
            e.preventDefault();
            onJumpToTime(time);
          }}
        >
          <label>
            Jump to{' '}
            <input value={time} onChange={(e) => setTime(e.target.value)} placeholder="15:02" size={11} aria-describedby={jumpHintId} />
          </label>
          <button type="submit">Go</button>
          <span id={jumpHintId} className="sr-only">
            A time in {timeZone}, or with its zone: 15:02 CET, 14:02Z
          </span>
        </form>
        <label className="timeline-toolbar__fold" title={searching ? 'Search results are never folded' : undefined}>
          System entries{' '}
          <select value={folded ? 'folded' : 'shown'} onChange={(e) => onFoldedChange(e.target.value === 'folded')} disabled={searching}>
            <option value="shown">shown</option>
            <option value="folded">folded</option>
          </select>
        </label>
        <span className="timeline-toolbar__jumped" role="status">
          {jumpNote}
        </span>
      </div>
    </div>
  );
}
