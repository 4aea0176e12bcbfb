import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import { MetricTile } from './metric-tile';

export function MetricGrid() {
  const ids = useStore(
    useShallow((s) => [...(s.room?.metrics.values() ?? [])].filter((m) => !m.def.hidden).map((m) => m.def.id)),
  );
  return (
    <section className="grid" aria-label="Live metrics">
      {ids.map((id) => (
        <MetricTile key={id} id={id} />
      ))}
    </section>
  );
}
