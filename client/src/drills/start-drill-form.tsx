import { type FormEvent, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { z } from 'zod';
import { ScenarioSummary } from '#shared/drills';
import { Incident } from '#shared/incident';
import { api } from '../api/http';
import { drillLengthText, parseSpeed, scenarioLabel } from './drill-format';

const ScenarioList = z.object({ scenarios: z.array(ScenarioSummary) });

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Replays a past incident into a new simulated one, faster than it happened, and opens it. */
export function StartDrillForm() {
  const [, navigate] = useLocation();
  const [scenarios, setScenarios] = useState<ScenarioSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [scenarioId, setScenarioId] = useState('');
  const [speedText, setSpeedText] = useState('60');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let mounted = true;
    api.get('/api/scenarios', ScenarioList).then(
      ({ scenarios: list }) => {
        if (!mounted) return;
        setScenarios(list);
        setScenarioId((id) => id || (list[0]?.id ?? ''));
      },
      (e: unknown) => mounted && setLoadError(message(e)),
    );
    return () => {
      mounted = false;
    };
  }, []);

  const scenario = scenarios?.find((s) => s.id === scenarioId);
  const speed = parseSpeed(speedText);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!scenario || 'error' in speed) return;
    setBusy(true);
    setError(null);
    try {
      const incident = await api.post('/api/drills', { scenario: scenario.id, speed: speed.speed }, Incident);
      navigate(`/incidents/${incident.id}`);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="start-drill" onSubmit={submit} aria-labelledby="start-drill-heading">
      <h2 id="start-drill-heading">Start a drill</h2>
      {loadError ? (
        <p className="form-error" role="alert">
          Scenarios unavailable: {loadError}
        </p>
      ) : scenarios === null ? (
        <p>Loading scenarios…</p>
      ) : scenarios.length === 0 ? (
        <p>No scenarios found.</p>
      ) : (
        <>
          <div className="start-drill__row">
            <label>
              Scenario{' '}
              <select value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
                {scenarios.map((s) => (
                  <option key={s.id} value={s.id}>
                    {scenarioLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Speed ×{' '}
              <input
                className="start-drill__speed"
                type="number"
                inputMode="decimal"
                min="0"
                step="any"
                value={speedText}
                onChange={(e) => setSpeedText(e.target.value)}
                aria-invalid={'error' in speed}
                aria-describedby="start-drill-length"
              />
            </label>
            <button type="submit" disabled={busy || !scenario || 'error' in speed}>
              Start drill
            </button>
          </div>
          <p id="start-drill-length" className={'error' in speed ? 'form-error' : 'start-drill__length'}>
            {'error' in speed ? speed.error : scenario ? drillLengthText(scenario, speed.speed) : ''}
          </p>
          {scenario && <p className="start-drill__description">{scenario.description}</p>}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          Could not start the drill: {error}
        </p>
      )}
    </form>
  );
}
