import { age, clockTime } from '../lib/time';
import { useNow } from '../lib/use-now';
import { useStore } from '../store/store';

/**
 * Across the whole screen while the data is not live: a room reads an old number as the truth
 * unless the screen says, in letters as big as the numbers, that it stopped and when.
 */
export function WallDisconnected() {
  const { status, since, clockOffsetMs } = useStore((s) => s.connection);
  const now = useNow();
  if (status === 'live') return null;
  return (
    <div className="wall__down" role="alert" data-testid="wall-disconnected">
      <strong>DISCONNECTED</strong> — data frozen at {clockTime(since + clockOffsetMs, 'UTC')} ({age(now - since)} ago)
    </div>
  );
}
