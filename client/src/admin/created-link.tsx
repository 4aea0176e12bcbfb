import { useEffect, useRef, useState } from 'react';
import type { CreatedToken } from '#shared/auth';

/**
 * The one showing of a new link: the server keeps only a hash of its secret, so once this panel
 * is closed (or the page left) nobody can show it again — a lost link is revoked and made anew.
 */
export function CreatedLink({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const { token } = created;
  const feed = token.role === 'feed';
  // A feed token signs no one in: what a script needs is the secret, for Authorization: Bearer.
  const value = feed ? created.secret : created.link;
  const field = useRef<HTMLInputElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => copyButton.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      // No clipboard (plain http on a LAN address is not a secure context): select it for Ctrl+C.
      field.current?.select();
      setCopied('Selected: press Ctrl+C (⌘C) to copy.');
    }
  };

  return (
    <section className="created" aria-labelledby="created-heading">
      <h2 id="created-heading">
        {feed ? 'Feed token' : 'Link'} for {token.name} ({token.role}
        {token.source ? `, source ${token.source}` : ''})
      </h2>
      <div className="created__row">
        <input
          ref={field}
          className="created__value"
          readOnly
          value={value}
          aria-label={feed ? 'Feed token secret' : 'Sign-in link'}
          onFocus={(e) => e.target.select()}
        />
        <button ref={copyButton} type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p className="created__note">
        <strong>This {feed ? 'token' : 'link'} will not be shown again.</strong> Copy it now and send it to {token.name} privately: whoever
        holds it acts as {token.name} until it {token.expiresAt ? 'expires or ' : ''}is revoked.
        {feed && ' Send it as Authorization: Bearer <token>.'}
      </p>
      <p className="created__copied" role="status">
        {copied}
      </p>
    </section>
  );
}
