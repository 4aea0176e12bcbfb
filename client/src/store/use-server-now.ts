import { useNow } from '../lib/use-now';
import { useStore } from './store';

/**
 * Now on the server's clock, re-rendering each second with the shared ticker: "47 min ago" and
 * "update due" must not hinge on a laptop or phone whose clock is off.
 */
export function useServerNow(): number {
  const now = useNow();
  const offset = useStore((s) => s.connection.clockOffsetMs);
  return now + offset;
}
