import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type CreatedToken, Role } from '#shared/auth';
import { FeedsReport } from '#shared/feeds';
import { api, errorText } from '../api/http';
import { createToken } from './admin-api';
import { roleSummary } from './admin-format';
import { type TokenField, type TokenForm, tokenRequest } from './token-request';

const EMPTY: TokenForm = { name: '', role: 'responder', source: '', expiresInDays: '', path: '' };

/** A new role link (or a feed token): who it is for, what they may do, how long, which page it opens. */
export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const [form, setForm] = useState<TokenForm>(EMPTY);
  const [problem, setProblem] = useState<{ field: TokenField | null; error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const sources = useFeedSources(form.role === 'feed');
  const fields = useRef<Partial<Record<TokenField, HTMLElement | null>>>({});
  const feed = form.role === 'feed';

  const set = (field: TokenField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (problem?.field === field) setProblem(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = tokenRequest(form);
    if (!checked.ok) {
      setProblem({ field: checked.field, error: checked.error });
      fields.current[checked.field]?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onCreated(await createToken(checked.request));
      setForm(EMPTY);
    } catch (err) {
      setProblem({ field: null, error: `Not created: ${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: TokenField) => ({
    'aria-invalid': problem?.field === field,
    'aria-describedby': problem?.field === field ? 'token-form-error' : undefined,
    ref: (el: HTMLElement | null) => {
      fields.current[field] = el;
    },
  });

  return (
    <form className="token-form" onSubmit={submit} aria-labelledby="token-form-heading">
      <h2 id="token-form-heading">New link</h2>
      <div className="token-form__row">
        <label>
          Name
          <input value={form.name} onChange={(e) => set('name', e.target.value)} maxLength={80} placeholder="Alice (network on-call)" {...invalid('name')} />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => set('role', Role.parse(e.target.value))} aria-describedby="token-role-summary">
            {Role.options.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        {feed && (
          <label>
            Source
            <input value={form.source} onChange={(e) => set('source', e.target.value)} list="token-form-sources" placeholder="am-par" {...invalid('source')} />
            <datalist id="token-form-sources">
              {sources.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </label>
        )}
        <label>
          Expires in (days)
          <input
            className="token-form__days"
            value={form.expiresInDays}
            onChange={(e) => set('expiresInDays', e.target.value)}
            inputMode="numeric"
            placeholder="never"
            {...invalid('expiresInDays')}
          />
        </label>
        {!feed && (
          <label>
            Opens
            <input value={form.path} onChange={(e) => set('path', e.target.value)} placeholder="/incidents/7" {...invalid('path')} />
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : feed ? 'Create feed token' : 'Create link'}
        </button>
      </div>
      <p id="token-role-summary" className="token-form__summary">
        {form.role}: {roleSummary(form.role)}
      </p>
      {problem && (
        <p id="token-form-error" className="form-error" role="alert">
          {problem.error}
        </p>
      )}
    </form>
  );
}

/** The configured source ids, offered for a feed token (typing another is still allowed: a source may come later). */
function useFeedSources(wanted: boolean): string[] {
  const [sources, setSources] = useState<string[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let mounted = true;
    api.get('/api/feeds', FeedsReport).then(
      (report) => mounted && setSources(report.sources.map((s) => s.id)),
      () => {},
    );
    return () => {
      mounted = false;
    };
  }, [wanted]);
  return sources;
}
