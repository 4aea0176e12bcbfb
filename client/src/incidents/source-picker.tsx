import { useEffect, useState } from 'react';
import { FeedsReport } from '#shared/feeds';
import { api } from '../api/http';

/**
 * Which feed sources a new incident follows: all of them (the default, and what a crisis room
 * usually wants), or a chosen few, e.g. only the sources of the region on fire. `null` means all.
 */
export function SourcePicker({ value, onChange }: { value: string[] | null; onChange: (sources: string[] | null) => void }) {
  const [sources, setSources] = useState<{ id: string; type: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get('/api/feeds', FeedsReport).then(
      (report) => setSources(report.sources.map(({ id, type }) => ({ id, type }))),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);

  const toggle = (id: string, on: boolean) => {
    const chosen = new Set(value ?? sources?.map((s) => s.id) ?? []);
    if (on) chosen.add(id);
    else chosen.delete(id);
    onChange(sources && chosen.size === sources.length ? null : sources!.map((s) => s.id).filter((s) => chosen.has(s)));
  };

  return (
    <details className="source-picker">
      <summary>Follows {value === null ? 'all feed sources' : `${value.length} feed source${value.length === 1 ? '' : 's'}: ${value.join(', ') || 'none'}`}</summary>
      {error && <p className="form-error">Feed sources unavailable: {error}</p>}
      {sources?.length === 0 && <p>No feed sources are configured.</p>}
      {sources?.map((s) => (
        <label key={s.id} className="source-picker__item">
          <input type="checkbox" checked={value === null || value.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
          {s.id} <span className="source-picker__type">{s.type}</span>
        </label>
      ))}
    </details>
  );
}
