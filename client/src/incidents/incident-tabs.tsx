import { Link } from 'wouter';

export type IncidentView = 'room' | 'impact';

const TABS = [
  { view: 'room', label: 'Room', path: '' },
  { view: 'impact', label: 'Impact & comms', path: '/impact' },
] as const;

/**
 * The incident's views. The room and the impact board share the live state (one join); the
 * support view and the post-mortem are pages of their own, opened from here.
 */
export function IncidentTabs({ id, view }: { id: number; view: IncidentView }) {
  return (
    <nav className="incident-tabs" aria-label="Incident views">
      {TABS.map((t) => (
        <Link key={t.view} href={`/incidents/${id}${t.path}`} className="incident-tabs__tab" aria-current={t.view === view ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
      <Link href={`/incidents/${id}/support`} className="incident-tabs__tab">
        Support view
      </Link>
      <Link href={`/incidents/${id}/postmortem`} className="incident-tabs__tab">
        Post-mortem
      </Link>
      {/* A plain link: the wall is for another screen, opened by its own URL (wall-layout.ts). */}
      <a href={`/incidents/${id}/wall`} className="incident-tabs__tab" target="_blank" rel="noreferrer">
        Wall screen ↗
      </a>
    </nav>
  );
}
