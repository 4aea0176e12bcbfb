import { useState } from 'react';
import type { Entry } from '#shared/timeline';
import type { RowAbilities } from './entry-format';
import { pinEntry } from './entry-actions';

type Props = {
  entry: Entry;
  abilities: RowAbilities;
  historyId: string;
  historyOpen: boolean;
  onEdit: () => void;
  onRetract: () => void;
  onToggleHistory: () => void;
  /** A refusal to show on the row (null clears it). */
  onError: (error: string | null) => void;
};

/**
 * A row's actions, shown on hover and whenever focus is inside the row (entry.css), so Tab
 * reaches them as a mouse does. Only what the signed-in role may do is offered; the server
 * decides all the same.
 */
export function EntryActionsBar({ entry, abilities, historyId, historyOpen, onEdit, onRetract, onToggleHistory, onError }: Props) {
  const [pinning, setPinning] = useState(false);
  const pin = async () => {
    setPinning(true);
    onError(null);
    const refusal = await pinEntry(entry, !entry.pinned);
    setPinning(false);
    onError(refusal);
  };
  return (
    <div className="entry__actions" role="group" aria-label={`Entry ${entry.id}`}>
      {abilities.edit && (
        <button type="button" data-action="edit" onClick={onEdit}>
          Edit
        </button>
      )}
      {abilities.retract && (
        <button type="button" data-action="retract" onClick={onRetract}>
          Retract
        </button>
      )}
      {abilities.pin && (
        <button type="button" data-action="pin" onClick={() => void pin()} disabled={pinning}>
          {entry.pinned ? 'Unpin' : 'Pin'}
        </button>
      )}
      <button type="button" data-action="history" onClick={onToggleHistory} aria-expanded={historyOpen} aria-controls={historyOpen ? historyId : undefined}>
        History
      </button>
    </div>
  );
}
