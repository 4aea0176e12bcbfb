import { useState } from 'react';
import { PUBLIC_STATUS_LABEL, type PublicUpdate } from '#shared/public-updates';
import { ApiError, errorText } from '../api/http';
import { useCan } from '../session/permissions';
import { zonedClock } from '../timeline/entry-format';
import { createUpdate, discardDraft, editDraft, publishDraft } from './comms-api';
import { ConfirmButton } from './confirm-button';
import { UpdateFields } from './update-fields';

/** A draft being edited: the person's copy, and the version it started from. */
export type DraftEdit = Pick<PublicUpdate, 'status' | 'text'> & { baseVersion: number };

type Props = {
  incidentId: number;
  timeZone: string;
  draft: PublicUpdate;
  edit: DraftEdit | null;
  onEdit: (id: number, edit: DraftEdit | null) => void;
};

/** One draft: read, edited in place, published (deliberately) or discarded. */
export function DraftItem({ incidentId, timeZone, draft, edit, onEdit }: Props) {
  const canDraft = useCan('comms.draft');
  const canPublish = useCan('comms.publish');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The server refused a save because the draft moved on: the person decides whose text wins.
  const [stale, setStale] = useState(false);

  const run = async (what: string, call: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      setStale(false);
      after?.();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setStale(true);
      setError(`${what}: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const close = () => onEdit(draft.id, null);
  const save = (version: number) =>
    edit && void run('Not saved', () => editDraft(incidentId, draft.id, { version, status: edit.status, text: edit.text }), close);

  const meta = (
    <p className="comms-item__meta">
      <span className="comms-item__status">{PUBLIC_STATUS_LABEL[draft.status]}</span>
      <span>by {draft.author}</span>
      <span>
        started <time dateTime={draft.createdAt}>{zonedClock(draft.createdAt, timeZone)}</time>
      </span>
      {/* Drafts do not record when they were last edited, only how often. */}
      {draft.version > 1 && <span>edited {draft.version - 1}×</span>}
    </p>
  );

  /** Into the editor with the draft as it is now: to edit it, or to take the other person's words. */
  const editFromCurrent = () => {
    setStale(false);
    setError(null);
    onEdit(draft.id, { status: draft.status, text: draft.text, baseVersion: draft.version });
  };

  if (edit === null) {
    return (
      <li className="comms-item comms-item--draft" data-testid="draft-update">
        {meta}
        <p className="comms-item__text">{draft.text}</p>
        <div className="comms-item__actions">
          {canDraft && (
            <button
              type="button"
              disabled={busy}
              onClick={editFromCurrent}
            >
              Edit
            </button>
          )}
          {canPublish && (
            <ConfirmButton
              label="Publish"
              confirmLabel="Publish now?"
              warning="Customers will read this text as it stands. A published update cannot be edited."
              armKey={draft.version}
              disabled={busy}
              onConfirm={() => void run('Not published', () => publishDraft(incidentId, draft.id, draft.version))}
            />
          )}
          {canDraft && (
            <ConfirmButton
              label="Discard"
              confirmLabel="Discard now?"
              warning="The draft leaves the list for good."
              calmClass="comms-button--quiet"
              armKey={draft.version}
              disabled={busy}
              onConfirm={() => void run('Not discarded', () => discardDraft(incidentId, draft.id, draft.version))}
            />
          )}
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </li>
    );
  }

  const gone = draft.state !== 'draft';
  return (
    <li className="comms-item comms-item--editing" data-testid="draft-update">
      {meta}
      {gone && (
        <p className="comms-item__warning" role="alert">
          Someone {draft.state} this draft while you were editing it. Your text is kept below: save it as a new draft, or close it.
        </p>
      )}
      {stale && !gone && (
        <div className="comms-item__warning" role="alert">
          <p>Someone changed this draft while you were editing it. Your text is kept below; theirs now reads:</p>
          <blockquote className="comms-item__text">
            {PUBLIC_STATUS_LABEL[draft.status]} — {draft.text}
          </blockquote>
        </div>
      )}
      <UpdateFields
        status={edit.status}
        text={edit.text}
        onStatus={(status) => onEdit(draft.id, { ...edit, status })}
        onText={(text) => onEdit(draft.id, { ...edit, text })}
        onSubmitShortcut={() => (gone ? undefined : save(edit.baseVersion))}
        disabled={busy}
      />
      <div className="comms-item__actions">
        {gone ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run('Not saved', () => createUpdate(incidentId, { status: edit.status, text: edit.text, publish: false }), close)}
          >
            Save as a new draft
          </button>
        ) : stale ? (
          <>
            <button type="button" disabled={busy} onClick={() => save(draft.version)}>
              Save mine over theirs
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={editFromCurrent}
            >
              Take theirs
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => save(edit.baseVersion)}>
            Save
          </button>
        )}
        <button type="button" className="comms-button--quiet" disabled={busy} onClick={close}>
          {gone ? 'Close' : 'Cancel'}
        </button>
      </div>
      {error && !stale && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
