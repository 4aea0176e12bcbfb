import { useEffect } from 'react';
import { Link } from 'wouter';
import { AlertPanels } from '../alerts/alert-panels';
import { MetricGrid } from '../metrics/metric-grid';
import { closeRoom, openRoom } from '../socket/room';
import { useStore } from '../store/store';
import { Composer } from '../timeline/composer';
import { TimelineView } from '../timeline/timeline-view';
import { IncidentControls } from './incident-controls';

export function IncidentPage({ id }: { id: number }) {
  useEffect(() => {
    openRoom(id);
    return closeRoom;
  }, [id]);
  const incident = useStore((s) => (s.room?.incidentId === id ? s.room.incident : null));
  const phase = useStore((s) => s.roomPhase);
  const error = useStore((s) => s.roomError);

  if (phase === 'error') {
    return (
      <main className="page page--message">
        <p role="alert">{error}</p>
        <Link href="/">All incidents</Link>
      </main>
    );
  }
  if (!incident) return <main className="page page--message">Joining incident {id}…</main>;

  return (
    <main className="incident">
      <header className="incident__head">
        <span className={`sev sev--${incident.severity}`}>{incident.severity}</span>
        <h1 className="incident__title">
          <span className="incident__id">#{incident.id}</span> {incident.title}
        </h1>
        <span className={`status status--${incident.status}`} data-testid="incident-status">
          {incident.status.toUpperCase()}
        </span>
        {incident.simulated && <span className="badge badge--sim">SIMULATED</span>}
        <IncidentControls incident={incident} />
      </header>
      <div className="incident__body">
        <div className="incident__main">
          <AlertPanels />
          <MetricGrid />
        </div>
        <section className="incident__timeline" aria-label="Timeline">
          <h2 className="sr-only">Timeline</h2>
          <p className="incident__zone">Times: UTC · {incident.timeZone}</p>
          <TimelineView incidentId={id} timeZone={incident.timeZone} />
          <Composer incidentId={id} />
        </section>
      </div>
    </main>
  );
}
