import { useState } from 'react';
import { useStore } from '../store/store';
import { signOut } from './session';
import './session.css';

/** In the top bar: who everything typed here is written as, and the way out. */
export function SessionBadge() {
  const actor = useStore((s) => s.session.actor);
  const [busy, setBusy] = useState(false);
  if (!actor) return null;
  return (
    <span className="who" data-testid="who">
      <span className="who__name">{actor.name}</span>
      <span className={`who__role role role--${actor.role}`}>{actor.role}</span>
      <button
        type="button"
        className="who__out"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void signOut();
        }}
      >
        Sign out
      </button>
    </span>
  );
}

/** Said once, dismissed by hand: e.g. a link opened while already signed in that did not work. */
export function SessionNotice() {
  const notice = useStore((s) => s.session.notice);
  const dismiss = useStore((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <p className="notice" role="status">
      {notice}{' '}
      <button type="button" onClick={dismiss}>
        OK
      </button>
    </p>
  );
}
