import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { TokenInfo } from '#shared/auth';
import { errorText } from '../api/http';
import { useNow } from '../lib/use-now';
import { revokeToken } from './admin-api';
import { shortTime, tokenState } from './admin-format';

/** Every token ever made, newest first: who has a way in, who made it, whether it was used. */
export function TokenTable({ tokens, selfTokenId, onRevoked }: { tokens: TokenInfo[]; selfTokenId: string | null; onRevoked: () => void }) {
  const now = useNow();
  return (
    <div className="admin__scroll">
      <table className="admin-table">
        <caption>Links and tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created (UTC)</th>
            <th scope="col">Created by</th>
            <th scope="col">First used</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => {
            const state = tokenState(t, now);
            return (
              <tr key={t.id} className={`token token--${state}`} data-token-id={t.id}>
                <th scope="row" className="token__name">
                  {t.name}
                  {t.id === selfTokenId && <span className="token__self"> (you)</span>}
                </th>
                <td>
                  {t.role}
                  {t.source && <span className="token__source"> → {t.source}</span>}
                </td>
                <td title={t.createdAt}>{shortTime(t.createdAt)}</td>
                <td>{t.createdBy}</td>
                <td title={t.firstUsedAt ?? undefined}>{t.firstUsedAt ? shortTime(t.firstUsedAt) : 'never'}</td>
                <td title={t.expiresAt ?? undefined}>{t.expiresAt ? shortTime(t.expiresAt) : 'never'}</td>
                <td className={`token-state token-state--${state}`}>
                  {state === 'revoked' ? `REVOKED ${shortTime(t.revokedAt)}` : state.toUpperCase()}
                </td>
                <td>{state === 'active' && <Revoke token={t} self={t.id === selfTokenId} onRevoked={onRevoked} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Two steps, in place: a revoke signs someone out within a second, and cannot be undone. */
function Revoke({ token, self, onRevoked }: { token: TokenInfo; self: boolean; onRevoked: () => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  // Focus follows the question, and returns to the Revoke button when it is withdrawn.
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) start.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await revokeToken(token.id);
      onRevoked();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setAsking(false);
  };

  if (!asking) {
    return (
      <button ref={start} type="button" onClick={() => setAsking(true)} aria-label={`Revoke ${token.name}`}>
        Revoke
      </button>
    );
  }
  return (
    <span className="revoke" role="group" aria-label={`Revoke ${token.name}?`}>
      <span className="revoke__question">{self ? 'Revoke your own link? You will be signed out.' : `Revoke ${token.name}? They are signed out at once.`}</span>{' '}
      <button ref={confirm} type="button" className="revoke__yes" disabled={busy} onClick={() => void revoke()} onKeyDown={cancelOnEscape}>
        Yes, revoke
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => setAsking(false)} onKeyDown={cancelOnEscape}>
        Cancel
      </button>
      {error && (
        <span className="form-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
