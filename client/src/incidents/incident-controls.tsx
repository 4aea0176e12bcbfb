import { useState } from 'react';
import { IncidentStatus, Severity, type Incident } from '#shared/incident';
import { refusalText } from '../api/http';
import { useCan } from '../session/permissions';
import { socket } from '../socket/socket';
import { useStore } from '../store/store';

/** Status and severity, changed in place; each change lands in the timeline under the token's name. */
export function IncidentControls({ incident }: { incident: Incident }) {
  // Not offered to a role the server would refuse: the header shows status and severity anyway.
  if (!useCan('incident.update')) return null;
  return <Controls incident={incident} />;
}

function Controls({ incident }: { incident: Incident }) {
  const live = useStore((s) => s.connection.status === 'live');
  const [error, setError] = useState<string | null>(null);

  const change = async (changes: { status?: IncidentStatus; severity?: Severity }) => {
    setError(null);
    try {
      const ack = await socket.timeout(8000).emitWithAck('incident:update', {
        incidentId: incident.id,
        version: incident.version,
        ...changes,
      });
      if (!ack.ok) setError(refusalText(ack.error));
    } catch {
      setError('not confirmed by the server: check the connection and try again');
    }
  };

  return (
    <div className="controls">
      <label>
        Severity{' '}
        <select
          value={incident.severity}
          disabled={!live}
          onChange={(e) => void change({ severity: Severity.parse(e.target.value) })}
          aria-label="Severity"
        >
          {Severity.options.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select
          value={incident.status}
          disabled={!live}
          onChange={(e) => void change({ status: IncidentStatus.parse(e.target.value) })}
          aria-label="Status"
        >
          {IncidentStatus.options.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {error && (
        <span className="controls__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
