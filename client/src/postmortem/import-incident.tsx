import { useId, useState } from 'react';
import { useLocation } from 'wouter';
import { errorText } from '../api/http';
import { useCan } from '../session/permissions';
import { importIncident } from './postmortem-api';
import './postmortem.css';

/**
 * Loads an incident exported from a Warroom (its export.json) as a new incident here, then
 * opens it. Offered only to roles that may create incidents.
 */
export function ImportIncident() {
  if (!useCan('incident.create')) return null;
  return <ImportForm />;
}

function ImportForm() {
  const id = useId();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setBusy(file.name);
    try {
      let bundle: unknown;
      try {
        bundle = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON: choose the .json file a Warroom export downloads.`);
      }
      const incident = await importIncident(bundle);
      navigate(`/incidents/${incident.id}`);
    } catch (e) {
      // The server's 400 says what is wrong ("format: not a Warroom incident export …").
      setError(`Not imported: ${errorText(e)}`);
    } finally {
      setBusy(null);
      // The same file can be chosen again after a fix (a file input ignores re-choosing it otherwise).
      input.value = '';
    }
  };

  return (
    <div className="import-incident">
      <label htmlFor={`${id}-file`}>Import an incident export (.json)</label>
      <input id={`${id}-file`} type="file" accept=".json,application/json" disabled={busy !== null} onChange={(e) => void load(e.currentTarget)} />
      {busy && (
        <p className="import-incident__note" role="status">
          Importing {busy}…
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
