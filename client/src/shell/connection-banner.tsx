import { age, clockTime } from '../lib/time';
import { useNow } from '../lib/use-now';
import { useStore } from '../store/store';

/** Always visible: whether what is on screen is live, and since when it is not. */
export function ConnectionBanner() {
  const { status, since, error } = useStore((s) => s.connection);
  const now = useNow();
  if (status === 'live') {
    return (
      <span className="conn conn--live" role="status">
        ● LIVE
      </span>
    );
  }
  return (
    <span className="conn conn--down" role="status">
      {status === 'connecting' ? '◌ RECONNECTING' : '✕ OFFLINE'} — not live since {clockTime(since, 'UTC')} ({age(now - since)})
      {error ? ` · ${error}` : ''}
    </span>
  );
}
