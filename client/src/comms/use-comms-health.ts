/**
 * Is the public story keeping up? The shared rules (shared/comms-health.ts) fed from the room,
 * on the server's clock (a laptop running five minutes slow must not hide an overdue update),
 * ticking with the one shared 1 s ticker.
 */
import { useShallow } from 'zustand/react/shallow';
import { cadenceOf, driftOf, type Cadence } from '#shared/comms-health';
import type { PublicUpdate } from '#shared/public-updates';
import { useStore } from '../store/store';

const NO_UPDATES: PublicUpdate[] = [];
const NO_DRIFT: string[] = [];

/** When the next public update is due and how long since the last; null outside a room. */
export function useCadence(now: number): Cadence | null {
  const incident = useStore((s) => s.room?.incident ?? null);
  const updates = useStore((s) => s.room?.updates ?? NO_UPDATES);
  const cadenceMs = useStore((s) => s.room?.setup.cadenceMs ?? null);
  if (incident === null || cadenceMs === null) return null;
  return cadenceOf(incident, updates, cadenceMs, now);
}

/**
 * Each way the public status disagrees with the room, as a sentence. Selected as a list of
 * strings compared item by item: metric deltas arrive many times a second and must not
 * re-render the header unless a message actually changed.
 */
export function useDriftMessages(now: number): string[] {
  return useStore(
    useShallow((s) => {
      const room = s.room;
      if (room === null) return NO_DRIFT;
      const drifts = driftOf({ setup: room.setup, updates: room.updates, impacts: room.impacts, metrics: [...room.metrics.values()], now });
      return drifts.length === 0 ? NO_DRIFT : drifts.map((d) => d.message);
    }),
  );
}
