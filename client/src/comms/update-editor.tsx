import { useEffect, useState } from 'react';
import type { IncidentStatus } from '#shared/incident';
import { errorText } from '../api/http';
import { useCan } from '../session/permissions';
import { createUpdate, updateClientId } from './comms-api';
import { ConfirmButton } from './confirm-button';
import { UpdateFields } from './update-fields';

/** What is being typed survives a tab switch or a reload: it may be the only copy of the wording. */
const storageKey = (incidentId: number) => `warroom.public-update.${incidentId}`;

function readStored(incidentId: number): string {
  try {
    return localStorage.getItem(storageKey(incidentId)) ?? '';
  } catch {
    return ''; // storage refused (private mode): the editor still works, it just forgets on reload
  }
}

function store(incidentId: number, text: string): void {
  try {
    if (text === '') localStorage.removeItem(storageKey(incidentId));
    else localStorage.setItem(storageKey(incidentId), text);
  } catch {
    // as above
  }
}

/**
 * Writes a new public update: saved as a draft for the room to review, or published at once
 * after a deliberate second press. Only what the role may do is offered.
 */
export function UpdateEditor({ incidentId, incidentStatus }: { incidentId: number; incidentStatus: IncidentStatus }) {
  const canPublish = useCan('comms.publish');
  // Null follows the incident's status as it changes, until the person picks one.
  const [chosenStatus, setChosenStatus] = useState<IncidentStatus | null>(null);
  const [text, setText] = useState(() => readStored(incidentId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const status = chosenStatus ?? incidentStatus;
  const [clientIdOf] = useState(updateClientId);

  useEffect(() => store(incidentId, text), [incidentId, text]);

  const submit = async (publish: boolean) => {
    if (busy) return;
    if (text.trim() === '') return setError('Write the update first: its text is empty.');
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await createUpdate(incidentId, { status, text, publish, clientId: clientIdOf({ status, text: text.trim(), publish }) });
      setText('');
      setChosenStatus(null);
      setDone(publish ? 'Published: it is at the top of the published log.' : 'Draft saved: it is listed under Drafts.');
    } catch (e) {
      // The text stays in the editor, to fix and send again.
      setError(`${publish ? 'Not published' : 'Not saved'}: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="update-editor"
      aria-label="New public update"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
    >
      <h3 className="comms__heading">New update</h3>
      <UpdateFields
        status={status}
        text={text}
        onStatus={setChosenStatus}
        onText={(t) => {
          setText(t);
          setDone(null);
        }}
        onSubmitShortcut={() => void submit(false)}
        disabled={busy}
      />
      <div className="update-editor__actions">
        <button type="submit" disabled={busy}>
          Save draft
        </button>
        {canPublish ? (
          <ConfirmButton
            label="Publish"
            confirmLabel="Publish now?"
            warning="Customers will read it, and the webhook sends it out. A published update cannot be edited."
            onConfirm={() => void submit(true)}
            disabled={busy || text.trim() === ''}
            testId="publish-new-update"
          />
        ) : (
          <span className="comms__hint">A commander publishes; save a draft for them.</span>
        )}
        <span className="comms__hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves a draft
        </span>
      </div>
      {busy && <p className="comms__hint">Sending…</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="comms__done" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
