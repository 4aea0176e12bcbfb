import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { CreatedToken, TokenInfo } from '#shared/auth';
import { errorText } from '../api/http';
import { useCan } from '../session/permissions';
import { useStore } from '../store/store';
import { listTokens } from './admin-api';
import { AuditLog } from './audit-log';
import { CreatedLink } from './created-link';
import { CreateTokenForm } from './create-token-form';
import { TokenTable } from './token-table';
import './admin.css';

/** `/admin`: who has a way in (links and feed tokens), making and revoking them, and the audit log. */
export function AdminPage() {
  if (!useCan('tokens.manage')) {
    return (
      <main className="page page--message">
        <p role="alert">Not allowed: this page is for admins.</p>
        <Link href="/">All incidents</Link>
      </main>
    );
  }
  return <AdminTools />;
}

function AdminTools() {
  const selfTokenId = useStore((s) => s.session.actor?.tokenId ?? null);
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  /** Bumped by every change made here, so the audit log shows it. */
  const [changes, setChanges] = useState(0);

  const reload = useCallback(() => {
    listTokens().then(
      (list) => {
        setTokens(list);
        setError(null);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  const changed = () => {
    reload();
    setChanges((n) => n + 1);
  };

  return (
    <main className="page page--wide admin">
      <h1>Admin</h1>
      {created ? (
        <CreatedLink created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm
          onCreated={(c) => {
            setCreated(c);
            changed();
          }}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          Tokens unavailable: {error}
        </p>
      )}
      {tokens === null ? !error && <p>Loading…</p> : <TokenTable tokens={tokens} selfTokenId={selfTokenId} onRevoked={changed} />}
      <AuditLog key={changes} />
    </main>
  );
}
