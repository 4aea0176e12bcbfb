import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useInlineForm } from './inline-form';
import { Component, type Entry, type ReviseEntryInput } from '#shared/timeline';
import { parseZonedTime } from '#shared/zoned-time';
import { editableTime, isoDate } from './entry-format';
import { reviseEntry } from './entry-actions';

type Fields = { text: string; component: string; occurred: string; owner: string; due: string };
/** What is being typed, and the version it was typed against. */
type EditDraft = { base: Entry; fields: Fields };

/**
 * Edits in progress, by entry id, outside React: a row scrolled out of the virtualised list
 * unmounts, and what was typed in it must be there when it scrolls back.
 */
const drafts = new Map<number, EditDraft>();
export const hasEditDraft = (entryId: number): boolean => drafts.has(entryId);

function fieldsOf(entry: Entry, timeZone: string): Fields {
  return {
    text: entry.text,
    component: entry.component ?? '',
    occurred: editableTime(entry.occurredAt, timeZone),
    owner: entry.action?.owner ?? '',
    due: entry.action?.due ? editableTime(entry.action.due, timeZone) : '',
  };
}

const KEYS = ['text', 'component', 'occurred', 'owner', 'due'] as const;

/**
 * The entry changed on the server while it was being edited: fields the person did not touch
 * follow the new version; `conflicts` are those both sides changed.
 */
function rebase(draft: EditDraft, entry: Entry, timeZone: string): { draft: EditDraft; conflicts: (keyof Fields)[] } {
  const was = fieldsOf(draft.base, timeZone);
  const now = fieldsOf(entry, timeZone);
  const fields = { ...draft.fields };
  const conflicts: (keyof Fields)[] = [];
  for (const k of KEYS) {
    const touched = draft.fields[k] !== was[k];
    if (!touched) fields[k] = now[k];
    else if (now[k] !== was[k] && now[k] !== draft.fields[k]) conflicts.push(k);
  }
  return { draft: { base: entry, fields }, conflicts };
}

type Changes = Omit<ReviseEntryInput, 'version'>;

/** The revision to send: only what differs from the version edited. Throws a sentence to show. */
function changesOf({ base, fields }: EditDraft, timeZone: string): Changes {
  const was = fieldsOf(base, timeZone);
  const changes: Changes = {};
  if (fields.text !== was.text) {
    if (!fields.text.trim()) throw new Error('The text must not be blank. To withdraw the entry, retract it.');
    changes.text = fields.text;
  }
  if (fields.component !== was.component) changes.component = fields.component ? Component.parse(fields.component) : null;
  const at = (written: string, near: string) =>
    new Date(parseZonedTime(written, { date: isoDate(near, timeZone), timeZone })).toISOString();
  if (fields.occurred !== was.occurred) {
    const occurredAt = at(fields.occurred, base.occurredAt);
    if (Date.parse(occurredAt) !== Date.parse(base.occurredAt)) changes.occurredAt = occurredAt;
  }
  if (base.kind === 'action') {
    if (fields.owner !== was.owner) changes.owner = fields.owner.trim() || null;
    if (fields.due !== was.due) changes.due = fields.due.trim() ? at(fields.due, base.action?.due ?? new Date().toISOString()) : null;
  }
  return changes;
}

/**
 * Inline edit of an entry: Enter saves, Shift+Enter is a new line, Esc cancels. Times are
 * written as the post-mortems write them (`15:02 CET`, `2025-03-03 14:02 UTC`); a time without
 * a zone is in the incident's. `onDone` closes the form (true once saved).
 */
export function EntryEditForm({ entry, timeZone, onDone }: { entry: Entry; timeZone: string; onDone: (saved: boolean) => void }) {
  const [draft, setDraftState] = useState<EditDraft>(() => drafts.get(entry.id) ?? { base: entry, fields: fieldsOf(entry, timeZone) });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  const stale = draft.base.version === entry.version ? null : rebase(draft, entry, timeZone);
  const conflicts = stale?.conflicts ?? [];
  // Nothing both sides changed: follow the new version quietly (a pin, a done mark, another field).
  const current = stale && conflicts.length === 0 ? stale.draft : draft;

  const close = (saved: boolean) => {
    drafts.delete(entry.id);
    onDone(saved);
  };
  const { error, setError, busy, send, onKeyDown } = useInlineForm(close);

  const setDraft = (next: EditDraft) => {
    drafts.set(entry.id, next);
    setDraftState(next);
  };
  const set = (k: keyof Fields, value: string) => {
    setDraft({ ...current, fields: { ...current.fields, [k]: value } });
    setError(null);
  };

  useEffect(() => {
    const el = textRef.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (conflicts.length > 0) {
      setError('Changed meanwhile: read the new version above, then keep yours or cancel.');
      return;
    }
    let changes: Changes;
    try {
      changes = changesOf(current, timeZone);
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    if (Object.keys(changes).length === 0) return close(false);
    // The version typed against: a change made meanwhile by someone else is refused, not overwritten.
    await send(() => reviseEntry(current.base, changes));
  };
  const onTextKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  };

  const { fields } = current;
  return (
    <form className="entry-edit" onSubmit={(e) => void save(e)} onKeyDown={onKeyDown} aria-label={`Edit entry ${entry.id}`}>
      {conflicts.length > 0 && (
        <div className="entry-edit__conflict" role="status">
          Changed by {entry.revisedBy ?? 'someone'} while you were editing ({conflicts.join(', ')}). It now reads: <q>{entry.text}</q>{' '}
          <button type="button" onClick={() => stale && setDraft(stale.draft)}>
            Keep my version
          </button>
        </div>
      )}
      <textarea
        ref={textRef}
        value={fields.text}
        onChange={(e) => set('text', e.target.value)}
        onKeyDown={onTextKeyDown}
        rows={Math.min(8, Math.max(2, fields.text.split('\n').length))}
        maxLength={4000}
        aria-label="Entry text"
        aria-describedby={`${id}-hint`}
      />
      <div className="entry-edit__row">
        <label>
          Component{' '}
          <select value={fields.component} onChange={(e) => set('component', e.target.value)}>
            <option value="">none</option>
            {Component.options.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Occurred <input value={fields.occurred} onChange={(e) => set('occurred', e.target.value)} size={24} spellCheck={false} />
        </label>
        {entry.kind === 'action' && (
          <>
            <label>
              Owner <input value={fields.owner} onChange={(e) => set('owner', e.target.value)} size={14} maxLength={80} />
            </label>
            <label>
              Due <input value={fields.due} onChange={(e) => set('due', e.target.value)} size={24} spellCheck={false} placeholder="none" />
            </label>
          </>
        )}
      </div>
      <div className="entry-edit__row">
        <button type="submit" disabled={busy || conflicts.length > 0}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => close(false)}>
          Cancel
        </button>
        <span id={`${id}-hint`} className="entry-edit__hint">
          <kbd>Enter</kbd> save · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>Esc</kbd> cancel · times like 15:02 CET (bare: {timeZone})
        </span>
      </div>
      {error && (
        <p className="entry__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
