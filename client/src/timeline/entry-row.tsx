import { memo, type Ref, useId, useRef, useState } from 'react';
import type { Entry } from '#shared/timeline';
import { useStore } from '../store/store';
import { EntryActionItem } from './entry-action-item';
import { EntryActionsBar } from './entry-actions-bar';
import { EntryEditForm, hasEditDraft } from './entry-edit';
import { EntryEvidence } from './entry-evidence';
import { KIND_LABEL, retractionText, revisionMarker, rowAbilities } from './entry-format';
import { EntryHistory } from './entry-history';
import { EntryRetractForm, hasRetractDraft } from './entry-retract';
import { BackdatedBadge, EntryDay, EntryTime } from './entry-time';
import './entry.css';

export { KIND_LABEL } from './entry-format';

/** The token's name, and who it was written for when that is someone else. */
export function Author({ name, onBehalfOf }: { name: string; onBehalfOf: string | null }) {
  return (
    <span className="entry__author">
      {name}
      {onBehalfOf && <span className="entry__for"> for {onBehalfOf}</span>}
    </span>
  );
}

/** A row of the virtualised timeline: the index it is measured by, and its place in the whole list for assistive tech. */
export function rowAttributes(index: number, setSize: number) {
  return { 'data-index': index, 'aria-posinset': index + 1, 'aria-setsize': setSize };
}

export type RowProps = { ref: Ref<HTMLLIElement>; index: number; setSize: number };

type EntryProps = { entry: Entry; timeZone: string; showDate?: boolean };

function rowClass(entry: Entry): string {
  let c = `entry entry--${entry.kind}`;
  if (entry.retracted) c += ' entry--retracted';
  if (entry.pinned) c += ' entry--pinned';
  return c;
}

/**
 * One timeline line: when it happened (UTC, the incident's zone, the person's own), kind,
 * component, text, author; what changed since it was posted; the row's actions. `showDate`:
 * the first entry of a new day (firstOfDay in day-changes.ts).
 */
export const EntryRow = memo(function EntryRow({ entry, timeZone, ref, index, setSize, showDate = false }: RowProps & EntryProps) {
  return (
    <li ref={ref} {...rowAttributes(index, setSize)} className={rowClass(entry)} data-entry-id={entry.id}>
      <EntryContent entry={entry} timeZone={timeZone} showDate={showDate} />
    </li>
  );
});

type Mode = 'edit' | 'retract' | null;

/**
 * Memoised apart from the row: the row re-renders as the list grows (its aria-setsize), its
 * content does not. It reads two primitives from the store (the actor's name and role), never
 * a list; what is heavy (history, evidence, forms) exists only while open.
 */
const EntryContent = memo(function EntryContent({ entry, timeZone, showDate = false }: EntryProps) {
  const name = useStore((s) => s.session.actor?.name ?? null);
  const role = useStore((s) => s.session.actor?.role ?? null);
  const abilities = rowAbilities(entry, name !== null && role !== null ? { name, role } : null);
  // A row scrolled away and back reopens the form someone was typing in.
  const [mode, setMode] = useState<Mode>(() => (hasEditDraft(entry.id) ? 'edit' : hasRetractDraft(entry.id) ? 'retract' : null));
  const [historyOpen, setHistoryOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const historyId = useId();

  /** Back to the button that opened a form, or to History when that button is gone (retracted). */
  const refocus = (action: string) => {
    requestAnimationFrame(() => {
      const row = body.current?.closest('li');
      (row?.querySelector<HTMLElement>(`[data-action="${action}"]`) ?? row?.querySelector<HTMLElement>('[data-action="history"]'))?.focus();
    });
  };
  const open = (next: Exclude<Mode, null>) => {
    setError(null);
    setMode(next);
  };
  const toggleHistory = () => setHistoryOpen((v) => !v);
  const marker = revisionMarker(entry);
  const retracted = entry.retracted;

  return (
    <>
      {showDate && <EntryDay occurredAt={entry.occurredAt} timeZone={timeZone} />}
      <EntryTime occurredAt={entry.occurredAt} timeZone={timeZone} />
      <div className="entry__body" ref={body}>
        <div className="entry__meta">
          <span className={`kind kind--${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
          {entry.component && <span className="tag">{entry.component}</span>}
          {entry.pinned && <span className="entry__pinned">PINNED</span>}
          {entry.simulated && <span className="badge badge--sim">SIMULATED</span>}
          <BackdatedBadge entry={entry} />
          {marker && (
            <button type="button" className="entry__edited" title={marker.title} onClick={toggleHistory} aria-expanded={historyOpen} aria-controls={historyOpen ? historyId : undefined}>
              {marker.label}
            </button>
          )}
          <Author name={entry.author} onBehalfOf={entry.onBehalfOf} />
        </div>
        {mode === 'edit' ? (
          <EntryEditForm
            entry={entry}
            timeZone={timeZone}
            onDone={() => {
              setMode(null);
              refocus('edit');
            }}
          />
        ) : (
          <p className={retracted ? 'entry__text entry__text--retracted' : 'entry__text'}>{entry.text}</p>
        )}
        {retracted && <p className="entry__retraction">{retractionText(retracted)}</p>}
        {entry.kind === 'action' && <EntryActionItem entry={entry} timeZone={timeZone} canEdit={abilities.edit} />}
        {entry.evidence && <EntryEvidence evidence={entry.evidence} occurredAt={entry.occurredAt} timeZone={timeZone} />}
        {mode === 'retract' && (
          <EntryRetractForm
            entry={entry}
            onDone={() => {
              setMode(null);
              refocus('retract');
            }}
          />
        )}
        {error && (
          <p className="entry__error" role="alert">
            {error}{' '}
            <button type="button" className="entry__dismiss" onClick={() => setError(null)}>
              Dismiss
            </button>
          </p>
        )}
        {historyOpen && (
          <EntryHistory
            entry={entry}
            timeZone={timeZone}
            id={historyId}
            onClose={() => {
              setHistoryOpen(false);
              refocus('history');
            }}
          />
        )}
      </div>
      <EntryActionsBar
        entry={entry}
        // One form at a time: the open one is closed by its own Save or Cancel.
        abilities={mode ? { ...abilities, edit: false, retract: false } : abilities}
        historyId={historyId}
        historyOpen={historyOpen}
        onEdit={() => open('edit')}
        onRetract={() => open('retract')}
        onToggleHistory={toggleHistory}
        onError={setError}
      />
    </>
  );
});
