import { useSyncExternalStore } from 'react';
import { currentNow, subscribeToNow } from '../lib/use-now';
import { useStore } from '../store/store';
import { freshness, type Freshness } from './freshness';

function subscribeToBoth(listener: () => void): () => void {
  const offStore = useStore.subscribe(listener);
  const offNow = subscribeToNow(listener);
  return () => {
    offStore();
    offNow();
  };
}

/**
 * Whether a metric may be shown as live, re-evaluated on every store change and every
 * second; the caller re-renders only when the answer changes, not on every new sample.
 */
export function useFreshness(id: string): Freshness {
  return useSyncExternalStore(subscribeToBoth, () => {
    const s = useStore.getState();
    const metric = s.room?.metrics[id];
    if (!metric) return 'no-data';
    const limit = metric.def.limitOf ? s.room?.metrics[metric.def.limitOf] : undefined;
    return freshness(metric, currentNow() + s.connection.clockOffsetMs, s.connection.status, s.roomPhase, limit);
  });
}
