import { useEffect } from 'react';
import { useSearch } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import { MetricTile } from '../metrics/metric-tile';
import { closeRoom, openRoom } from '../socket/room';
import { useStore } from '../store/store';
import { WallDisconnected } from './wall-disconnected';
import { WallHeader } from './wall-header';
import { wallLayout } from './wall-layout';
import { WallAlerts, WallImpact, WallTimeline } from './wall-panels';
import './wall.css';

/**
 * The shared screen of a crisis room: read from across it, touched by nobody. Everything fits
 * the screen at any size (type scales with the viewport), nothing scrolls, no control shows,
 * and when the data stops being live the whole screen says so. What it shows comes from its
 * URL (wall-layout.ts), so each screen in a room can show its own part.
 */
export function WallPage({ id }: { id: number }) {
  useEffect(() => {
    openRoom(id);
    return closeRoom;
  }, [id]);
  const layout = wallLayout(useSearch());
  const joined = useStore((s) => s.room?.incidentId === id);
  const phase = useStore((s) => s.roomPhase);
  const error = useStore((s) => s.roomError);
  const ids = useStore(
    useShallow((s) => {
      const shown = [...(s.room?.metrics.values() ?? [])].filter((m) => !m.def.hidden).map((m) => m.def.id);
      return layout.metrics === null ? shown : layout.metrics.filter((m) => shown.includes(m));
    }),
  );

  return (
    <div className={`wall wall--${layout.theme}`} data-testid="wall">
      {phase === 'error' ? (
        <p className="wall__message" role="alert">
          {error}
        </p>
      ) : !joined ? (
        <p className="wall__message">Joining incident {id}…</p>
      ) : (
        <>
          <WallHeader />
          <main className={`wall__body${layout.panels.length === 0 ? ' wall__body--metrics-only' : ''}`}>
            <section className="wall__metrics" aria-label="Key metrics" data-count={ids.length}>
              {ids.map((metric) => (
                <MetricTile key={metric} id={metric} timeAxis />
              ))}
            </section>
            {layout.panels.length > 0 && (
              <aside className="wall__side">
                {layout.panels.map((panel) =>
                  panel === 'impact' ? <WallImpact key={panel} /> : panel === 'alerts' ? <WallAlerts key={panel} /> : <WallTimeline key={panel} />,
                )}
              </aside>
            )}
          </main>
        </>
      )}
      <WallDisconnected />
    </div>
  );
}
