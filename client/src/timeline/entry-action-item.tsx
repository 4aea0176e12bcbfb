import { useState, useSyncExternalStore } from 'react';
import type { Entry } from '#shared/timeline';
import { currentNow, subscribeToNow } from '../lib/use-now';
import { UTC, zonedClock } from './entry-format';
import { reviseEntry } from './entry-actions';

const noSubscription = () => () => {};

/**
 * Whether `dueMs` has passed: read from the one shared clock, as a boolean, so a row redraws
 * when it becomes overdue, not every second. Done actions do not watch the clock at all.
 */
function usePast(dueMs: number, watch: boolean): boolean {
  const past = () => watch && currentNow() > dueMs;
  return useSyncExternalStore(watch ? subscribeToNow : noSubscription, past, past);
}

/** An action's owner, due time (UTC and the incident's zone; OVERDUE when past and open) and Done mark. */
export function EntryActionItem({ entry, timeZone, canEdit }: { entry: Entry; timeZone: string; canEdit: boolean }) {
  const action = entry.action ?? { owner: null, due: null, done: false };
  const [pending, setPending] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = pending ?? action.done;
  const retracted = entry.retracted !== null;

  const toggle = async (next: boolean) => {
    setPending(next);
    setError(null);
    const refusal = await reviseEntry(entry, { done: next });
    setPending(null);
    if (refusal) setError(refusal);
  };

  return (
    <div className="entry-action">
      <span className={action.owner ? 'entry-action__owner' : 'entry-action__owner entry-action__owner--none'}>
        {action.owner ? `Owner: ${action.owner}` : 'No owner'}
      </span>
      {action.due ? <Due due={action.due} done={done || retracted} timeZone={timeZone} /> : <span className="entry-action__due">no due time</span>}
      {canEdit && !retracted ? (
        <label className="entry-action__done">
          <input type="checkbox" checked={done} disabled={pending !== null} onChange={(e) => void toggle(e.target.checked)} /> Done
          {pending !== null && <span className="entry-action__saving"> saving…</span>}
        </label>
      ) : (
        <span className="entry-action__done">{action.done ? 'DONE' : 'open'}</span>
      )}
      {error && (
        <p className="entry__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Due({ due, done, timeZone }: { due: string; done: boolean; timeZone: string }) {
  const overdue = usePast(Date.parse(due), !done);
  return (
    <span className={overdue ? 'entry-action__due entry-action__due--overdue' : 'entry-action__due'}>
      {overdue && 'OVERDUE · '}due <time dateTime={due}>{zonedClock(due, UTC)}</time> / {zonedClock(due, timeZone)}
    </span>
  );
}
