import { useState } from 'react';
import { IncidentStatus, Severity, type Incident } from '#shared/incident';
import { socket } from '../socket/socket';
import { useStore } from '../store/store';

/** Status and severity, changed in place; each change lands in the timeline. */
export function IncidentControls({ incident }: { incident: Incident }) {
  const author = useStore((s) => s.author);
  const live = useStore((s) => s.connection.status === 'live');
  const [error, setError] = useState<string | null>(null);

  const change = async (changes: { status?: IncidentStatus; severity?: Severity }) => {
    setError(null);
    try {
      const ack = await socket.timeout(8000).emitWithAck('incident:update', {
        incidentId: incident.id,
        version: incident.version,
        ...changes,
        ...(author.trim() ? { author: author.trim() } : {}),
      });
      if (!ack.ok) setError(ack.error.message);
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
