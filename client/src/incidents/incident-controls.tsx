import { useState } from 'react';
import { IncidentStatus, Severity, type Incident } from '#shared/incident';
import { useCan } from '../session/permissions';
import { useStore } from '../store/store';
import { updateIncident } from './update-incident';

type Choice = { status: IncidentStatus; severity: Severity };

/**
 * Status and severity, changed deliberately: the selects only choose, Apply changes (an arrow
 * key on a focused select must not announce "resolved" to the room). Each change lands in the
 * timeline under the token's name, where it can be undone.
 */
export function IncidentControls({ incident }: { incident: Incident }) {
  // Not offered to a role the server would refuse: the header shows status and severity anyway.
  if (!useCan('incident.update')) return null;
  return <Controls incident={incident} />;
}

function Controls({ incident }: { incident: Incident }) {
  const live = useStore((s) => s.connection.status === 'live');
  const [chosen, setChosen] = useState<Partial<Choice>>({});
  const [error, setError] = useState<string | null>(null);
  const next: Choice = { status: chosen.status ?? incident.status, severity: chosen.severity ?? incident.severity };
  const changes = {
    ...(next.status !== incident.status ? { status: next.status } : {}),
    ...(next.severity !== incident.severity ? { severity: next.severity } : {}),
  };
  const pending = Object.keys(changes).length > 0;

  const apply = async () => {
    setError(await updateIncident(incident, changes));
    setChosen({});
  };

  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && pending) setChosen({});
      }}
    >
      <label>
        Severity{' '}
        <select value={next.severity} disabled={!live} onChange={(e) => setChosen({ ...chosen, severity: Severity.parse(e.target.value) })} aria-label="Severity">
          {Severity.options.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select value={next.status} disabled={!live} onChange={(e) => setChosen({ ...chosen, status: IncidentStatus.parse(e.target.value) })} aria-label="Status">
          {IncidentStatus.options.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {pending && (
        <span className="controls__confirm">
          <button type="submit" disabled={!live}>
            Apply
          </button>
          <button type="button" onClick={() => setChosen({})}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <span className="controls__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
