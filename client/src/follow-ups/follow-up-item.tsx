import { useState } from 'react';
import { EditFollowUpInput, type FollowUp } from '#shared/follow-ups';
import { ApiError, errorText } from '../api/http';
import { httpUrl } from '../lib/safe-url';
import { editFollowUp, firstIssue } from './follow-ups-api';

type Draft = { title: string; owner: string; ref: string };

/** One action item: "#856 Enforce guard I/O rules at Hypervisor level — Ana", ticked when done. */
export function FollowUpItem({ incidentId, item, canWrite }: { incidentId: number; item: FollowUp; canWrite: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);

  const send = async (changes: Omit<EditFollowUpInput, 'version'>, after?: () => void) => {
    const parsed = EditFollowUpInput.safeParse({ version: item.version, ...changes });
    if (!parsed.success) return setError(firstIssue(parsed.error));
    setBusy(true);
    setError(null);
    try {
      await editFollowUp(incidentId, item.id, parsed.data);
      after?.();
    } catch (e) {
      // The room event has brought the newer version by now: what is shown is current, try again.
      const stale = e instanceof ApiError && e.status === 409;
      setError(stale ? 'Someone changed this item meanwhile: check it and try again.' : `Not saved: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const save = (d: Draft) => {
    if (d.title.trim() === '') return setError('The title cannot be empty.');
    // Only what changed is sent; an emptied owner or ref is removed (null).
    const owner = d.owner.trim() === '' ? null : d.owner;
    const ref = d.ref.trim() === '' ? null : d.ref;
    const changes = {
      ...(d.title !== item.title ? { title: d.title } : {}),
      ...(owner !== item.owner ? { owner } : {}),
      ...(ref !== item.ref ? { ref } : {}),
    };
    if (Object.keys(changes).length === 0) return setDraft(null);
    void send(changes, () => setDraft(null));
  };

  if (draft !== null) {
    const field = (name: keyof Draft, label: string, className: string) => (
      <input
        className={className}
        aria-label={label}
        value={draft[name]}
        readOnly={busy}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    );
    return (
      <li className="follow-up follow-up--editing">
        <form
          className="follow-up__edit"
          aria-label={`Edit action item ${item.title}`}
          onSubmit={(e) => {
            e.preventDefault();
            save(draft);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setError(null);
              setDraft(null);
            }
          }}
        >
          {field('ref', 'Ref', 'follow-up__ref-input')}
          {field('title', 'Title', 'follow-up__title-input')}
          {field('owner', 'Owner', 'follow-up__owner-input')}
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" className="follow-up__quiet" disabled={busy} onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </li>
    );
  }

  const link = item.ref ? httpUrl(item.ref) : null;
  return (
    <li className={`follow-up${item.done ? ' follow-up--done' : ''}`} data-testid="follow-up">
      <input
        type="checkbox"
        checked={item.done}
        disabled={!canWrite || busy}
        aria-label={`Done: ${item.title}`}
        onChange={(e) => void send({ done: e.target.checked })}
      />
      {item.ref &&
        (link ? (
          <a className="follow-up__ref" href={link} target="_blank" rel="noreferrer noopener">
            {item.ref}
          </a>
        ) : (
          <span className="follow-up__ref">{item.ref}</span>
        ))}
      <span className="follow-up__title">{item.title}</span>
      <span className="follow-up__owner">{item.owner ? `— ${item.owner}` : '— no owner'}</span>
      {item.done && <span className="follow-up__done">DONE</span>}
      {canWrite && (
        <button
          type="button"
          className="follow-up__quiet follow-up__edit-button"
          disabled={busy}
          aria-label={`Edit ${item.title}`}
          onClick={() => {
            setError(null);
            setDraft({ title: item.title, owner: item.owner ?? '', ref: item.ref ?? '' });
          }}
        >
          Edit
        </button>
      )}
      {error && (
        <p className="form-error follow-up__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
