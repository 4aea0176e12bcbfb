import { useShallow } from 'zustand/react/shallow';
import { IMPACT_LABEL, IMPACT_RANK, isWorse, productNamed } from '#shared/impact';
import { type Entry, isSystemKind } from '#shared/timeline';
import { CommsStatus } from '../comms/comms-status';
import { useStore } from '../store/store';
import { zonedMinute } from '../timeline/entry-format';

/** Entries a wall shows: the latest few fit at any size; older ones are the desk's business. */
const WALL_ENTRIES = 6;

/** What customers experience now, worst first, and how long since they heard from us (red past the cadence). */
export function WallImpact() {
  const lines = useStore(
    useShallow((s) => {
      const room = s.room;
      if (!room) return [];
      return room.impacts
        .filter((c) => isWorse(c.status, 'operational'))
        .toSorted((a, b) => IMPACT_RANK[b.status] - IMPACT_RANK[a.status])
        .map((c) => `${c.status}\n${productNamed(room.setup.products, c.product)} · ${c.zone}: ${IMPACT_LABEL[c.status]}`);
    }),
  );
  return (
    <section className="wall__panel" aria-label="Customer impact">
      <h2 className="wall__panel-title">Customer impact</h2>
      <CommsStatus />
      {lines.length === 0 ? (
        <p className="wall__quiet">No customer impact recorded</p>
      ) : (
        <ul className="wall__list">
          {lines.slice(0, 5).map((line) => {
            const [status, text] = line.split('\n');
            return (
              <li key={line} className={`wall__impact wall__impact--${status}`}>
                {text}
              </li>
            );
          })}
          {lines.length > 5 && <li className="wall__quiet">+{lines.length - 5} more</li>}
        </ul>
      )}
    </section>
  );
}

/** Alerts firing, per source, with the biggest groups: a storm reads as one line, not a scroll. */
export function WallAlerts() {
  const panels = useStore(useShallow((s) => [...(s.room?.alerts.entries() ?? [])]));
  if (panels.length === 0) return null;
  return (
    <section className="wall__panel" aria-label="Alerts">
      <h2 className="wall__panel-title">Alerts</h2>
      <ul className="wall__list">
        {panels.map(([source, panel]) => (
          <li key={source}>
            <strong>{panel.firing}</strong> firing · {source}
            {panel.groups[0] && <span className="wall__quiet"> — {panel.groups.slice(0, 2).map((g) => `${g.alertname} ×${g.count}`).join(', ')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The newest `n` entries people logged and did not retract, newest first. From the end: the
 * selector runs on every change of the store, and the timeline may hold thousands.
 */
function latestLogged(entries: readonly Entry[], n: number): Entry[] {
  const found: Entry[] = [];
  for (let i = entries.length - 1; i >= 0 && found.length < n; i--) {
    const e = entries[i]!;
    if (!isSystemKind(e.kind) && e.retracted === null) found.push(e);
  }
  return found;
}

/** The latest entries people logged, decisions standing out. */
export function WallTimeline() {
  const entries = useStore(useShallow((s) => latestLogged(s.room?.entries ?? [], WALL_ENTRIES)));
  const timeZone = useStore((s) => s.room?.incident.timeZone ?? 'UTC');
  return (
    <section className="wall__panel wall__panel--timeline" aria-label="Latest entries">
      <h2 className="wall__panel-title">Latest</h2>
      <ol className="wall__list">
        {entries.map((e) => (
          <li key={e.id} className={`wall__entry wall__entry--${e.kind}`}>
            <span className="wall__entry-time">{zonedMinute(e.occurredAt, timeZone)}</span>
            {e.kind === 'decision' && <strong className="wall__entry-kind">DECISION </strong>}
            <span className="wall__entry-text">{e.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
