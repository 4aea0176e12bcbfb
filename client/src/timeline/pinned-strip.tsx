import type { Entry } from '#shared/timeline';
import { useStore } from '../store/store';
import { KIND_LABEL, UTC, zonedClock } from './entry-format';
import './entry.css';

const NONE: Entry[] = [];

/**
 * The pinned entries, however old, in a short scrolling strip: time (in the incident's zone, by
 * default the open room's),
 * kind and the text on one line; the whole text on hover (title) and on keyboard focus. Each
 * asks the timeline to scroll to it (`onJump`). Nothing at all while nothing is pinned.
 */
export function PinnedStrip({ timeZone, onJump }: { timeZone?: string; onJump: (entry: Entry) => void }) {
  const pinned = useStore((s) => s.room?.pinned) ?? NONE;
  const roomZone = useStore((s) => s.room?.incident.timeZone);
  const zone = timeZone ?? roomZone ?? UTC;
  if (pinned.length === 0) return null;
  return (
    <section className="pinned-strip" aria-label="Pinned entries">
      <h2 className="pinned-strip__head">PINNED · {pinned.length}</h2>
      <ul className="pinned-strip__list">
        {pinned.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className={`pinned-strip__item pinned-strip__item--${entry.kind}`}
              title={`${entry.text}${entry.retracted ? ` (retracted: ${entry.retracted.reason})` : ''}`}
              onClick={() => onJump(entry)}
            >
              <time className="pinned-strip__time" dateTime={entry.occurredAt}>
                {zonedClock(entry.occurredAt, zone)}
              </time>
              <span className={`pinned-strip__kind kind kind--${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
              <span className={entry.retracted ? 'pinned-strip__text entry__text--retracted' : 'pinned-strip__text'}>
                {entry.retracted && <span className="sr-only">Retracted: </span>}
                {entry.text}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
