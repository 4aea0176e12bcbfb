import { formatDuration } from '../lib/duration';
import { useServerNow } from '../store/use-server-now';
import { zonedClock } from '../timeline/entry-format';
import { useStore } from '../store/store';

/** What the incident is, how long it has run, and the time where the room is and in UTC. */
export function WallHeader() {
  const incident = useStore((s) => s.room?.incident);
  const now = useServerNow();
  if (!incident) return null;
  const second = Math.floor(now / 1000) * 1000;
  return (
    <header className="wall__head">
      <span className={`sev sev--${incident.severity} wall__sev`}>{incident.severity}</span>
      <h1 className="wall__title">{incident.title}</h1>
      <span className={`status status--${incident.status} wall__status`}>{incident.status.toUpperCase()}</span>
      {incident.simulated && <span className="badge badge--sim wall__status">SIMULATED</span>}
      <span className="wall__elapsed" data-testid="wall-elapsed">
        open {formatDuration(now - Date.parse(incident.createdAt))}
      </span>
      <span className="wall__clocks">
        <span className="wall__clock">{zonedClock(second, 'UTC')}</span>
        <span className="wall__clock">{zonedClock(second, incident.timeZone)}</span>
      </span>
    </header>
  );
}
