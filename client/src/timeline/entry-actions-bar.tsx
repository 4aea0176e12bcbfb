import { useState } from 'react';
import { canUndo, recordedChange } from '#shared/incident-change';
import type { Entry } from '#shared/timeline';
import { updateIncident } from '../incidents/update-incident';
import { useCan } from '../session/permissions';
import { useStore } from '../store/store';
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
      <UndoChange entry={entry} onError={onError} />
      <button type="button" data-action="history" onClick={onToggleHistory} aria-expanded={historyOpen} aria-controls={historyOpen ? historyId : undefined}>
        History
      </button>
    </div>
  );
}

/** On a status or severity change a person made: puts it back, while the incident is still where it left it. */
function UndoChange({ entry, onError }: Pick<Props, 'entry' | 'onError'>) {
  const incident = useStore((s) => s.room?.incident);
  const allowed = useCan('incident.update');
  const [busy, setBusy] = useState(false);
  const change = recordedChange(entry);
  if (!change || !incident || !allowed || entry.simulated || !canUndo(change, incident)) return null;
  const undo = async () => {
    setBusy(true);
    onError(await updateIncident(incident, { [change.field]: change.from }));
    setBusy(false);
  };
  return (
    <button type="button" data-action="undo" onClick={() => void undo()} disabled={busy} title={`Back to ${change.from}`}>
      Undo: back to {change.from}
    </button>
  );
}
