import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { dateTime } from '../lib/time';
import { refreshIncidents } from '../socket/connection';
import { StartDrillForm } from '../drills/start-drill-form';
import { ImportIncident } from '../postmortem/import-incident';
import { useCan, useRole } from '../session/permissions';
import { useStore } from '../store/store';
import { NewIncidentForm } from './new-incident-form';

export function IncidentList() {
  const incidents = useStore((s) => s.incidents);
  const [error, setError] = useState<string | null>(null);
  const canOpen = useCan('incident.create');
  const canDrill = useCan('drill.start');
  // Support staff start from what customers experience; the room is one link away from there.
  const view = useRole() === 'support' ? '/support' : '';

  useEffect(() => {
    refreshIncidents().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <main className="page">
      <h1>Incidents</h1>
      {canOpen && <NewIncidentForm />}
      {canOpen && <ImportIncident />}
      {error && <p role="alert">Could not load incidents: {error}</p>}
      {incidents === null ? (
        <p>Loading…</p>
      ) : incidents.length === 0 ? (
        <p>No incidents yet.</p>
      ) : (
        <table className="incidents">
          <thead>
            <tr>
              <th>#</th>
              <th>Severity</th>
              <th>Status</th>
              <th>Title</th>
              <th>Opened (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id}>
                <td>{i.id}</td>
                <td>
                  <span className={`sev sev--${i.severity}`}>{i.severity}</span>
                </td>
                <td>
                  <span className={`status status--${i.status}`}>{i.status}</span>
                </td>
                <td>
                  <Link href={`/incidents/${i.id}${view}`}>{i.title}</Link>
                  {i.simulated && <span className="badge badge--sim">SIMULATED</span>}
                </td>
                <td>{dateTime(i.createdAt, 'UTC')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canDrill && <StartDrillForm />}
    </main>
  );
}
