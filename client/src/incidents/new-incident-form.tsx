import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { Incident, Severity } from '#shared/incident';
import { api } from '../api/http';
import { SourcePicker } from './source-picker';

const ZONES = ['Europe/Paris', 'UTC', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Singapore', 'Australia/Sydney'];

export function NewIncidentForm() {
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [timeZone, setTimeZone] = useState('Europe/Paris');
  const [sources, setSources] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const incident = await api.post('/api/incidents', { title, severity, timeZone, ...(sources ? { sources } : {}) }, Incident);
      navigate(`/incidents/${incident.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="new-incident" onSubmit={submit} aria-label="Open an incident">
      <input
        id="new-incident-title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder="What is broken? e.g. PAR6 power loss"
        aria-label="Title"
        maxLength={200}
        required
      />
      <select value={severity} onChange={(e) => setSeverity(Severity.parse(e.target.value))} aria-label="Severity">
        {Severity.options.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-label="Time zone">
        {ZONES.map((z) => (
          <option key={z}>{z}</option>
        ))}
      </select>
      <button type="submit" disabled={busy || !title.trim() || sources?.length === 0}>
        Open incident
      </button>
      <SourcePicker value={sources} onChange={setSources} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
