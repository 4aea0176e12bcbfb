import { Link } from 'wouter';
import type { Cadence } from '#shared/comms-health';
import { age } from '../lib/time';
import { useStore } from '../store/store';
import { useServerNow } from '../store/use-server-now';
import { useCadence, useDriftMessages } from './use-comms-health';
import './comms.css';

/**
 * The header's word on public communication: how long since customers last heard from us,
 * whether an update is due, and whether what they were told no longer matches the room.
 * Each part links to the impact & comms tab, where the next update is written.
 */
export function CommsStatus() {
  const incidentId = useStore((s) => s.room?.incidentId ?? null);
  const now = useServerNow();
  const cadence = useCadence(now);
  const drift = useDriftMessages(now);
  if (incidentId === null || cadence === null) return null;
  const href = `/incidents/${incidentId}/impact`;

  return (
    <div className="comms-status">
      <Link href={href} className={`comms-status__cadence${cadence.overdue ? ' comms-status__cadence--due' : ''}`}>
        {/* Said in words ("due"), not only in red: the shared screen may be a washed-out projector.
            Always present, so it is a live region before it has news; announced only once due,
            as "12 min ago" turning "13 min ago" is no news to a screen reader. */}
        <span data-testid="cadence-reminder" role="status" aria-live={cadence.overdue ? 'polite' : 'off'}>
          {cadence.overdue ? dueText(cadence) : calmText(cadence)}
        </span>
      </Link>
      {drift.length > 0 && (
        <Link href={href} className="comms-status__drift">
          <span data-testid="drift-warning" role="alert">
            ⚠ Public status drift: {drift[0]}
            {drift.length > 1 && ` (+${drift.length - 1} more)`}
          </span>
        </Link>
      )}
    </div>
  );
}

/** Minutes, not seconds: the line changes once a minute, not every second. */
const ago = (ms: number): string => (ms < 60_000 ? 'just now' : `${age(ms)} ago`);
const openFor = (ms: number): string => (ms < 60_000 ? 'under 1 min' : age(ms));

function dueText(c: Cadence): string {
  return c.everPublished ? `Public update due — last one ${ago(c.sinceMs)}` : `Public update due — none published yet · open ${openFor(c.sinceMs)}`;
}

function calmText(c: Cadence): string {
  if (c.everPublished) return `Last public update ${ago(c.sinceMs)}`;
  // Once resolved, "open 3 h" would be wrong: the incident is no longer open.
  return c.dueAt === null ? 'No public update was published' : `No public update yet · open ${openFor(c.sinceMs)}`;
}
