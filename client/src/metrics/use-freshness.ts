import { useSyncExternalStore } from 'react';
import { currentNow } from '../lib/use-now';
import { useStore } from '../store/store';
import { subscribeToStoreAndClock } from '../store/use-transient';
import { freshness, type Freshness } from './freshness';

/**
 * Whether a metric may be shown as live, re-evaluated on every store change and every
 * second; the caller re-renders only when the answer changes, not on every new sample.
 */
export function useFreshness(id: string): Freshness {
  return useSyncExternalStore(subscribeToStoreAndClock, () => {
    const s = useStore.getState();
    const metric = s.room?.metrics.get(id);
    if (!metric) return 'no-data';
    const limit = metric.def.limitOf ? s.room?.metrics.get(metric.def.limitOf) : undefined;
    return freshness(metric, currentNow() + s.connection.clockOffsetMs, s.connection.status, s.roomPhase, limit);
  });
}
