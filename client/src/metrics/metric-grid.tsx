import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import { MetricTile } from './metric-tile';

export function MetricGrid() {
  const ids = useStore(
    useShallow((s) => [...(s.room?.metrics.values() ?? [])].filter((m) => !m.def.hidden).map((m) => m.def.id)),
  );
  return (
    // Focusable: it scrolls on its own, and a keyboard must be able to scroll it (axe: scrollable-region-focusable).
    <section className="grid" aria-label="Live metrics" tabIndex={0}>
      {ids.map((id) => (
        <MetricTile key={id} id={id} />
      ))}
    </section>
  );
}
