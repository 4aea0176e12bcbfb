import { useId, useState } from 'react';
import { IncidentStatus } from '#shared/incident';
import { useStore } from '../store/store';
import { boardSummary } from './board-summary';

import { PUBLIC_STATUS_LABEL } from '#shared/public-updates';

/**
 * The words of a public update: the status it announces and its text, plus a way to start
 * from what the impact board says. Controlled: the new-update editor and a draft being edited
 * each keep their own copy. Ctrl+Enter runs `onSubmitShortcut` (saving, never publishing).
 */
export function UpdateFields({
  status,
  text,
  onStatus,
  onText,
  onSubmitShortcut,
  disabled = false,
}: {
  status: IncidentStatus;
  text: string;
  onStatus: (status: IncidentStatus) => void;
  onText: (text: string) => void;
  onSubmitShortcut: () => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [note, setNote] = useState<string | null>(null);

  const startFromBoard = () => {
    // Read once on click: the fields need not re-render on every change of the board.
    const room = useStore.getState().room;
    const summary = room ? boardSummary(room.impacts, room.setup.products) : null;
    if (summary === null) return setNote('The board shows every product operational: nothing to start from.');
    setNote(null);
    // Added below what is already typed, never in its place: a person's words are not overwritten.
    onText(text.trim() === '' ? summary : `${text.trimEnd()}\n\n${summary}`);
  };

  return (
    <div className="update-fields">
      <div className="update-fields__row">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} disabled={disabled} onChange={(e) => onStatus(IncidentStatus.parse(e.target.value))}>
          {IncidentStatus.options.map((s) => (
            <option key={s} value={s}>
              {PUBLIC_STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <button type="button" className="comms-button--quiet" onClick={startFromBoard} disabled={disabled}>
          Start from the board
        </button>
      </div>
      {note && (
        <p className="update-fields__note" role="status">
          {note}
        </p>
      )}
      <label htmlFor={`${id}-text`} className="sr-only">
        Update text, as customers will read it
      </label>
      <textarea
        id={`${id}-text`}
        className="update-fields__text"
        rows={5}
        value={text}
        // Read-only rather than disabled while saving: the caret and focus stay where they were.
        readOnly={disabled}
        placeholder="What customers experience, what we are doing, when they will hear from us next."
        onChange={(e) => onText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSubmitShortcut();
          }
        }}
      />
    </div>
  );
}
