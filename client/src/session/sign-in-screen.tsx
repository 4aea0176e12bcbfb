import { type FormEvent, useState } from 'react';
import { errorText } from '../api/http';
import { useStore } from '../store/store';
import { parseSignInInput } from './link-token';
import { signIn } from './session';
import './session.css';

/**
 * What a person without a session sees: calm, one instruction, and a field for a link they were
 * sent in a chat rather than opened. Nothing of the incidents shows before the server says who
 * they are.
 */
export function SignInScreen() {
  const reason = useStore((s) => s.session.reason);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = parseSignInInput(text);
    if (!input.ok) {
      setError(input.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(input.token, input.path);
    } catch (err) {
      setError(`That did not sign you in: ${errorText(err)}`);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1 className="sign-in__brand">WARROOM</h1>
      <p className="sign-in__lead">Open your Warroom link to sign in; ask your incident commander or admin for one.</p>
      {reason && (
        <p className="sign-in__reason" role="status">
          {reason}
        </p>
      )}
      <form className="sign-in__form" onSubmit={submit}>
        <label htmlFor="sign-in-link">Or paste the link (or its token) here</label>
        <div className="sign-in__row">
          {/* Masked: war-room screens are shared, and this text is a key. */}
          <input
            id="sign-in-link"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={error ? 'sign-in-error' : undefined}
            aria-invalid={error !== null}
          />
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        {error && (
          <p id="sign-in-error" className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

/** Before the server has said who we are. */
export function CheckingSession() {
  const error = useStore((s) => s.session.checkError);
  return (
    <main className="sign-in" aria-busy="true">
      <h1 className="sign-in__brand">WARROOM</h1>
      <p className="sign-in__lead">Signing in…</p>
      {error && <p className="sign-in__reason">Cannot reach the server yet ({error}); trying again.</p>}
    </main>
  );
}
