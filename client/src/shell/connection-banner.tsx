import { age, clockTime } from '../lib/time';
import { useNow } from '../lib/use-now';
import { useStore } from '../store/store';

/** A planned restart longer than this is no longer calm news: the alarm comes back. */
const RESTART_GRACE_MS = 60_000;

/**
 * Always visible: whether what is on screen is live, and since when it is not. A restart the
 * server announced is said calmly — it is planned and comes back by itself — but the screen
 * still does not claim to be live until it is.
 */
export function ConnectionBanner() {
  const { status, since, error, restart, clockOffsetMs } = useStore((s) => s.connection);
  const now = useNow();
  if (restart !== null && (status === 'live' || now - since < RESTART_GRACE_MS)) {
    return (
      <span className="conn conn--restarting" role="status" data-testid="connection" data-state="restarting">
        ◌ {restart === 'announced' ? 'Server restarting — reconnecting…' : 'Server restarted — catching up…'}
      </span>
    );
  }
  if (status === 'live') {
    return (
      <span className="conn conn--live" role="status" data-testid="connection" data-state="live">
        ● LIVE
      </span>
    );
  }
  return (
    <span className="conn conn--down" role="status" data-testid="connection" data-state={status}>
      {status === 'connecting' ? '◌ RECONNECTING' : '✕ DISCONNECTED'} — data frozen at {clockTime(since + clockOffsetMs, 'UTC')} ({age(now - since)} ago)
      {error ? ` · ${error}` : ''}
    </span>
  );
}
