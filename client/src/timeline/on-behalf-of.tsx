import { useEffect, useRef } from 'react';

/**
 * "On behalf of": folded away until wanted, since most entries are the poster's own. Open, it
 * is an input that stays filled across posts (a commander logging a caller's words posts several
 * in a row); closing it clears it, so nothing invisible is attached to the next entry.
 */
export function OnBehalfOf({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const field = useRef<HTMLInputElement>(null);
  const open = value !== null;

  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <button type="button" className="composer__for-toggle" aria-expanded="false" onClick={() => onChange('')}>
        On behalf of…
      </button>
    );
  }
  return (
    <span className="composer__for">
      <input
        ref={field}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="Who this is for"
        maxLength={80}
        aria-label="On behalf of"
      />
      <button type="button" aria-label="Not on behalf of anyone" title="Not on behalf of anyone" onClick={() => onChange(null)}>
        ✕
      </button>
    </span>
  );
}
