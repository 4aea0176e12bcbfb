import { type FormEvent, useId, useState } from 'react';
import { useInlineForm } from './inline-form';
import type { Entry } from '#shared/timeline';
import { retractEntry } from './entry-actions';

/** Reasons being typed, by entry id: they outlive a row scrolled out of the virtualised list. */
const reasons = new Map<number, string>();
export const hasRetractDraft = (entryId: number): boolean => reasons.has(entryId);

/**
 * Retracting strikes an entry through, for everyone, with a reason that stays beside it: the
 * reason is required. Enter retracts, Esc cancels. `onDone` closes the form (true once done).
 */
export function EntryRetractForm({ entry, onDone }: { entry: Entry; onDone: (retracted: boolean) => void }) {
  const [reason, setReasonState] = useState(() => reasons.get(entry.id) ?? '');
  const id = useId();

  const close = (retracted: boolean) => {
    reasons.delete(entry.id);
    onDone(retracted);
  };
  const { error, setError, busy, send, onKeyDown } = useInlineForm(close);
  const setReason = (next: string) => {
    reasons.set(entry.id, next);
    setReasonState(next);
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setError('Say why it is retracted: the reason stays with the entry.');
      return;
    }
    await send(() => retractEntry(entry, reason.trim()));
  };

  return (
    <form className="entry-retract" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-label={`Retract entry ${entry.id}`}>
      <label htmlFor={`${id}-reason`}>Retract: why?</label>
      <input
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        required
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        placeholder="e.g. wrong hypervisor: it was PAR5"
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Retracting…' : 'Retract'}
      </button>
      <button type="button" onClick={() => close(false)}>
        Cancel
      </button>
      <span id={`${id}-hint`} className="entry-edit__hint">
        It stays readable, struck through, with your reason.
      </span>
      {error && (
        <p id={`${id}-error`} className="entry__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
