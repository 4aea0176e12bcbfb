import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { cellKey, IMPACT_LABEL, ImpactStatus, type ImpactCell, type Product } from '#shared/impact';
import { errorText } from '../api/http';
import { setImpact } from './impact-api';

type Props = {
  incidentId: number;
  product: Product;
  /** The cell that was activated: its zone starts checked. */
  zone: string;
  /** Every zone of the board, in its order. */
  zones: readonly string[];
  /** The board's cells as the room holds them now (they may change while the editor is open). */
  cells: ReadonlyMap<string, ImpactCell>;
  /** Called with the cells the server stored, or null when cancelled. */
  onDone: (saved: ImpactCell[] | null) => void;
  /** Told whether anything was changed, so the board does not drop it for another cell. */
  onDirtyChange: (dirty: boolean) => void;
  /** Counts the times another cell was activated while this one held changes. */
  nudged: number;
};

/**
 * Sets one product's customer impact in one or more zones at once. Keyboard-first: the current
 * status is focused on open, Enter saves from a field (Ctrl+Enter from the description), Escape
 * cancels. The board changes when the room's event arrives, on every screen alike.
 */
export function ImpactCellEditor({ incidentId, product, zone, zones, cells, onDone, onDirtyChange, nudged }: Props) {
  const current = cells.get(cellKey({ product: product.id, zone }));
  const [openedAt] = useState(() => current?.version ?? 0);
  const [initial] = useState(() => ({ status: current?.status ?? 'operational', description: current?.description ?? '' }));
  const [status, setStatus] = useState<ImpactStatus>(initial.status);
  const [description, setDescription] = useState(initial.description);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set([zone]));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // Escape while a save is in flight closes the editor: its answer must not close a later one.
  const open = useRef(true);
  const ids = useId();

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
    return () => {
      open.current = false;
    };
  }, []);

  const dirty = status !== initial.status || description !== initial.description || chosen.size !== 1 || !chosen.has(zone);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    if (nudged > 0) form.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, [nudged]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    if (chosen.size === 0) return setError('Choose at least one zone.');
    setSending(true);
    setError(null);
    try {
      const to = zones.filter((z) => chosen.has(z));
      // The versions this screen holds: a change it has not received yet is refused (409), never overwritten unseen.
      const versions = Object.fromEntries(to.map((z) => [z, cells.get(cellKey({ product: product.id, zone: z }))?.version ?? 0]));
      const saved = await setImpact(incidentId, { product: product.id, zones: to, status, description: description.trim(), versions });
      if (open.current) onDone(saved);
    } catch (err) {
      // Kept open with what was typed, to correct and retry.
      if (!open.current) return;
      setError(errorText(err));
      setSending(false);
    }
  };

  const keys = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onDone(null);
      return;
    }
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    // Enter in a textarea is a new line; Ctrl+Enter saves. In a radio or checkbox it saves too.
    const field = e.target;
    const saves = field instanceof HTMLTextAreaElement ? e.ctrlKey || e.metaKey : field instanceof HTMLInputElement;
    if (saves) {
      e.preventDefault();
      form.current?.requestSubmit();
    }
  };

  const toggle = (z: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(z);
      else next.delete(z);
      return next;
    });

  const changedMeanwhile = current !== undefined && current.version !== openedAt;
  return (
    <form ref={form} className="impact-editor" onSubmit={(e) => void submit(e)} onKeyDown={keys} aria-labelledby={`${ids}-title`}>
      <h3 className="impact-editor__title" id={`${ids}-title`}>
        Customer impact: {product.name}
      </h3>
      {changedMeanwhile && (
        <p className="impact-editor__changed" role="status">
          Changed by {current.setBy} while this was open: now {IMPACT_LABEL[current.status]}. Saving replaces what you see here.
        </p>
      )}
      <fieldset className="impact-editor__statuses">
        <legend>Status</legend>
        {ImpactStatus.options.map((s) => (
          <label key={s} className={`impact-choice impact-choice--${s}`}>
            <input type="radio" name={`${ids}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} disabled={sending} />
            <span className={`impact-status impact-status--${s}`}>{IMPACT_LABEL[s]}</span>
          </label>
        ))}
      </fieldset>
      <label className="impact-editor__description">
        <span>What customers read</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="What customers experience, in plain words"
          rows={2}
          maxLength={1000}
          disabled={sending}
          aria-describedby={`${ids}-keys`}
        />
      </label>
      <fieldset className="impact-editor__zones">
        <legend>Apply to zones</legend>
        {zones.map((z) => {
          const now = cells.get(cellKey({ product: product.id, zone: z }))?.status ?? 'operational';
          return (
            <label key={z} className="impact-zone-choice">
              <input type="checkbox" checked={chosen.has(z)} onChange={(e) => toggle(z, e.target.checked)} disabled={sending} />
              {z}
              {/* What a save would overwrite, when it is not plain operational. */}
              {now !== 'operational' && <span className={`impact-zone-choice__now impact-status--${now}`}> ({IMPACT_LABEL[now]})</span>}
            </label>
          );
        })}
      </fieldset>
      <div className="impact-editor__actions">
        <button type="submit" className="impact-editor__save" disabled={sending || chosen.size === 0}>
          {sending ? 'Saving…' : chosen.size > 1 ? `Save for ${chosen.size} zones` : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        <span className="impact-editor__keys" id={`${ids}-keys`}>
          <kbd>Enter</kbd> saves (<kbd>Ctrl</kbd>+<kbd>Enter</kbd> in the text) · <kbd>Esc</kbd> cancels
        </span>
      </div>
      {chosen.size === 0 && <p className="impact-editor__hint">Choose at least one zone.</p>}
      {nudged > 0 && (
        <p className="impact-editor__changed" role="status">
          Save or cancel this change first (<kbd>Esc</kbd> cancels).
        </p>
      )}
      {error && (
        <p className="impact-editor__error" role="alert">
          Not saved: {error}
        </p>
      )}
    </form>
  );
}
