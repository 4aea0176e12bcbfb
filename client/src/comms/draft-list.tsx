import { useCallback, useMemo, useState } from 'react';
import type { PublicUpdate } from '#shared/public-updates';
import { useStore } from '../store/store';
import { DraftItem, type DraftEdit } from './draft-item';

const NO_UPDATES: PublicUpdate[] = [];

/**
 * Drafts the room is preparing, newest first. The edits in progress live here rather than in
 * each row, so that a draft someone else publishes or discards while it is being edited stays
 * on screen with the typed text, instead of vanishing with it.
 */
export function DraftList({ incidentId, timeZone }: { incidentId: number; timeZone: string }) {
  const updates = useStore((s) => s.room?.updates ?? NO_UPDATES);
  const [edits, setEdits] = useState<ReadonlyMap<number, DraftEdit>>(new Map());
  const shown = useMemo(() => updates.filter((u) => u.state === 'draft' || edits.has(u.id)).toSorted((a, b) => b.id - a.id), [updates, edits]);

  const setEdit = useCallback((id: number, edit: DraftEdit | null) => {
    setEdits((current) => {
      const next = new Map(current);
      if (edit === null) next.delete(id);
      else next.set(id, edit);
      return next;
    });
  }, []);

  return (
    <section className="comms-drafts" aria-labelledby="comms-drafts-title">
      <h3 id="comms-drafts-title" className="comms__heading">
        Drafts {shown.length > 0 && <span className="comms__count">({shown.length})</span>}
      </h3>
      {shown.length === 0 ? (
        <p className="comms__empty">No drafts.</p>
      ) : (
        <ul className="comms-list">
          {shown.map((u) => (
            <DraftItem key={u.id} incidentId={incidentId} timeZone={timeZone} draft={u} edit={edits.get(u.id) ?? null} onEdit={setEdit} />
          ))}
        </ul>
      )}
    </section>
  );
}
