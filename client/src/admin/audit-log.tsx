import { useEffect, useState } from 'react';
import type { AuditEvent } from '#shared/auth';
import { errorText } from '../api/http';
import { AUDIT_PAGE, auditPage } from './admin-api';
import { shortTime } from './admin-format';

/**
 * The security log, newest first: links made, first used, revoked; sign-ins; refusals. The page
 * remounts it (a new `key`) to read it again from the top after a change made there.
 */
export function AuditLog() {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [hasOlder, setHasOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let mounted = true;
    auditPage().then(
      (page) => {
        if (!mounted) return;
        setEvents(page);
        setHasOlder(page.length === AUDIT_PAGE);
        setError(null);
      },
      (e: unknown) => mounted && setError(errorText(e)),
    );
    return () => {
      mounted = false;
    };
  }, []);

  const older = async () => {
    const oldest = events?.at(-1);
    if (!oldest) return;
    setBusy(true);
    try {
      const page = await auditPage(oldest.id);
      setEvents((current) => [...(current ?? []), ...page]);
      setHasOlder(page.length === AUDIT_PAGE);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="audit" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {error && (
        <p className="form-error" role="alert">
          Audit log unavailable: {error}
        </p>
      )}
      {events === null ? (
        !error && <p>Loading…</p>
      ) : events.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <div className="admin__scroll">
          <table className="admin-table admin-table--audit">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Kind</th>
                <th scope="col">Who</th>
                <th scope="col">Role</th>
                <th scope="col">Target</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className={`audit--${e.kind.replace('.', '-')}`}>
                  <td title={e.at}>{shortTime(e.at, true)}</td>
                  <td className="audit__kind">{e.kind}</td>
                  <td>{e.name ?? '—'}</td>
                  <td>{e.role ?? '—'}</td>
                  <td className="audit__target">{e.target}</td>
                  <td className="audit__detail">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasOlder && (
        <button type="button" onClick={() => void older()} disabled={busy}>
          {busy ? 'Loading…' : 'Older events'}
        </button>
      )}
    </section>
  );
}
