import { type KeyboardEvent, useState } from 'react';

/**
 * What a row's inline form (edit, retract) shares: one request at a time, the server's refusal
 * kept on screen with what was typed, closed on success, and Escape closing it from any field
 * without reaching the row's or the page's own keys.
 */
export function useInlineForm(close: (done: boolean) => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Sends once; `request` resolves the refusal to show, or null when it went through. */
  const send = async (request: () => Promise<string | null>) => {
    setBusy(true);
    const refusal = await request();
    setBusy(false);
    if (refusal) setError(refusal);
    else close(true);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close(false);
  };
  return { error, setError, busy, send, onKeyDown };
}
