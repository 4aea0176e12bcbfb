/**
 * Jumps within the timeline's list: to an entry (a pinned one, one a search found) or to a wall
 * time. Older pages load until the target is held; then the list scrolls to its row and flashes it.
 */
import { type Dispatch, type Ref, type RefObject, type SetStateAction, useCallback, useEffect, useImperativeHandle, useRef } from 'react';
import { compareEntries, isSystemKind, type Entry } from '#shared/timeline';
import { clockTime } from '../lib/time';
import { firstAtOrAfter, indexOfEntry } from './timeline-rows';

/** A jump to a time loads at most this many pages (500 entries each) before saying how far it got. */
const MAX_JUMP_PAGES = 40;

export type TimelineHandle = {
  /** Scrolls to the first entry at or after `at` (loading older pages as needed) and flashes it; says what it found. */
  jumpToTime: (at: number, label: string) => Promise<string>;
  /** Scrolls to an entry (loading older pages as needed) and flashes it; empty when found. */
  jumpToEntry: (entry: Entry) => Promise<string>;
};

/** What the list holds now, for loops that await pages. */
export type Held = { entries: Entry[]; hasOlder: boolean };
/** A scroll waiting for the rows it aims at: to an entry (flashed or not) or to the end. */
export type Pending = { entry: Entry; flash: boolean } | { end: true };
type Reach = 'reached' | 'limit' | 'failed' | 'cancelled';

type JumpsDeps = {
  held: RefObject<Held>;
  /** Loads the page before the oldest held entry; true once it is in the list. */
  loadPage: () => Promise<boolean>;
  folded: boolean;
  timeZone: string;
  /** Opens the folded runs holding these entry ids. */
  setExpanded: Dispatch<SetStateAction<ReadonlySet<number>>>;
  setPending: (pending: Pending) => void;
};

/** Gives `ref` the list's jumps. A jump still loading pages stops when another starts or the list goes. */
export function useTimelineJumps(ref: Ref<TimelineHandle> | undefined, { held, loadPage, folded, timeZone, setExpanded, setPending }: JumpsDeps): void {
  const jumps = useRef(0);
  useEffect(() => {
    const cancelJumps = jumps;
    return () => {
      cancelJumps.current++;
    };
  }, []);

  /** Loads older pages until `reached` holds for the oldest held entry, or there are none, or the bound. */
  const reachBack = useCallback(
    async (reached: (oldest: Entry) => boolean, jump: number): Promise<Reach> => {
      for (let pages = 0; ; pages++) {
        const oldest = held.current.entries[0];
        if (oldest === undefined || !held.current.hasOlder || reached(oldest)) return 'reached';
        if (pages >= MAX_JUMP_PAGES) return 'limit';
        const loaded = await loadPage();
        if (jump !== jumps.current) return 'cancelled';
        if (!loaded) return 'failed';
      }
    },
    [held, loadPage],
  );
  const reveal = useCallback(
    (entry: Entry) => {
      if (folded && isSystemKind(entry.kind)) setExpanded((x) => (x.has(entry.id) ? x : new Set(x).add(entry.id)));
      setPending({ entry, flash: true });
    },
    [folded, setExpanded, setPending],
  );

  useImperativeHandle(
    ref,
    () => ({
      async jumpToEntry(target) {
        const reach = await reachBack((oldest) => compareEntries(oldest, target) <= 0, ++jumps.current);
        if (reach === 'cancelled') return '';
        const all = held.current.entries;
        const i = indexOfEntry(all, target);
        if (i >= 0) {
          reveal(all[i]!);
          return '';
        }
        return reach === 'failed' ? 'Could not load the older entries to reach it; try again.' : 'That entry is not in this list.';
      },
      async jumpToTime(at, label) {
        const iso = new Date(at).toISOString();
        const reach = await reachBack((oldest) => oldest.occurredAt < iso, ++jumps.current);
        if (reach === 'cancelled') return '';
        const all = held.current.entries;
        if (all.length === 0) return 'Nothing to jump to yet.';
        if (reach === 'failed') return `Could not load the older entries to reach ${label}; try again.`;
        if (reach === 'limit') {
          reveal(all[0]!);
          return `Loaded ${MAX_JUMP_PAGES} older pages without reaching ${label}: showing the oldest loaded. Jump again to go further.`;
        }
        const i = firstAtOrAfter(all, iso);
        const found = all[i];
        if (found === undefined) return `Nothing at or after ${label}: the latest is at ${clockTime(all.at(-1)!.occurredAt, timeZone)}.`;
        reveal(found);
        return i === 0 && all[0]!.occurredAt > iso && !held.current.hasOlder
          ? `Nothing before ${clockTime(found.occurredAt, timeZone)}: showing the first entry.`
          : `${label}: first entry at ${clockTime(found.occurredAt, timeZone)}.`;
      },
    }),
    [held, reachBack, reveal, timeZone],
  );
}
