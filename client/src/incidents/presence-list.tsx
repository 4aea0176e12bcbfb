import type { PresentPerson } from '#shared/presence';
import { useStore } from '../store/store';
import './incident-header.css';

/** Named in the header line; the rest behind "+N more", so a wall of screens never pushes the header onto three lines. */
const NAMED = 6;

function Person({ person, me }: { person: PresentPerson; me: boolean }) {
  return (
    <li className="presence__person">
      <span className="presence__name">{me ? `${person.name} (you)` : person.name}</span> <span className="presence__role">{person.role}</span>
      {person.screens > 1 && <span className="presence__screens"> ({person.screens} screens)</span>}
    </li>
  );
}

/**
 * Who has the incident open right now, as the server last said: nothing until it has said
 * (an empty list would claim nobody is here), "Only you" when alone.
 */
export function PresenceList({ incidentId }: { incidentId: number }) {
  const presence = useStore((s) => (s.presence?.incidentId === incidentId ? s.presence : null));
  const me = useStore((s) => s.session.actor?.name ?? null);
  if (presence === null) return null;

  const others = presence.people.filter((p) => p.name !== me).toSorted((a, b) => a.name.localeCompare(b.name));
  const mine = presence.people.find((p) => p.name === me);
  if (others.length === 0) {
    return (
      <p className="presence">
        <span className="presence__label">Here:</span> Only you
        {mine && mine.screens > 1 && <span className="presence__screens"> ({mine.screens} screens)</span>}
      </p>
    );
  }
  const people = mine ? [mine, ...others] : others;
  const named = people.slice(0, NAMED);
  const rest = people.slice(NAMED);
  return (
    <div className="presence">
      <span className="presence__label" id={`presence-${incidentId}`}>
        Here ({people.length}):
      </span>
      <ul className="presence__people" aria-labelledby={`presence-${incidentId}`}>
        {named.map((p, i) => (
          // Two tokens may share a name (two wall screens): the place tells them apart.
          <Person key={`${i}:${p.name}`} person={p} me={p === mine} />
        ))}
      </ul>
      {rest.length > 0 && (
        <details className="presence__more">
          <summary>+{rest.length} more</summary>
          <ul className="presence__people">
            {rest.map((p, i) => (
              <Person key={`${i}:${p.name}`} person={p} me={false} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
