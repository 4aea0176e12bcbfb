import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Component, type PostableKind } from '#shared/timeline';
import { postableKinds } from '../session/permissions';
import { useStore } from '../store/store';
import { KIND_LABEL } from './entry-row';
import { OnBehalfOf } from './on-behalf-of';
import { newClientId, sendDraft } from './post-entry';

/** "/decision Roll back" posts a decision: the kind without leaving the keyboard. */
function splitCommand(text: string, kind: PostableKind): { text: string; kind: PostableKind } {
  const match = /^\/(note|decision|action|comms)\s+/.exec(text);
  return match ? { kind: match[1] as PostableKind, text: text.slice(match[0].length) } : { text, kind };
}

/** Escape leaves any composer field, so single-key shortcuts work again. */
function onFormKeyDown(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === 'Escape') (document.activeElement as HTMLElement | null)?.blur();
}

/**
 * Posting to the timeline, as the signed-in token: the author is never typed. Offers only the
 * kinds the role may post; a role that may post none (viewer) gets a line saying so instead.
 */
export function Composer({ incidentId }: { incidentId: number }) {
  const actor = useStore((s) => s.session.actor);
  const kinds = actor ? postableKinds(actor.role) : [];
  if (!actor || kinds.length === 0) {
    return (
      <p className="composer composer--read-only">
        Signed in as {actor?.name ?? 'nobody'} ({actor?.role ?? 'no role'}): you can follow this incident, not post to it.
      </p>
    );
  }
  return <PostForm incidentId={incidentId} tokenId={actor.tokenId} role={actor.role} kinds={kinds} />;
}

function PostForm({ incidentId, tokenId, role, kinds }: { incidentId: number; tokenId: string; role: string; kinds: PostableKind[] }) {
  const [text, setText] = useState('');
  const [chosenKind, setKind] = useState<PostableKind>(kinds[0]!);
  const [component, setComponent] = useState<string>('');
  const [onBehalfOf, setOnBehalfOf] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const kind = kinds.includes(chosenKind) ? chosenKind : kinds[0]!;

  // "/" anywhere focuses the composer, as in chat tools.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA'].includes(target.tagName) && !target.isContentEditable) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const parsed = splitCommand(text.trim(), kind);
    if (!parsed.text) return;
    if (!kinds.includes(parsed.kind)) {
      // Said here, with the text kept, rather than sent to be refused.
      setRefusal(`The ${role} role may not post ${KIND_LABEL[parsed.kind].toLowerCase()} entries.`);
      return;
    }
    setRefusal(null);
    void sendDraft({
      clientId: newClientId(),
      incidentId,
      text: parsed.text,
      kind: parsed.kind,
      component: component ? Component.parse(component) : null,
      onBehalfOf: onBehalfOf?.trim() || null,
      occurredAt: null,
      owner: null,
      due: null,
      tokenId,
      createdAt: Date.now(),
      state: 'sending',
      error: null,
      retryable: true,
    });
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit();
    if (e.key === 'Enter' && !e.shiftKey) e.preventDefault();
  };

  const commands = kinds.filter((k) => k !== 'note').map((k) => `/${k}`);

  return (
    <form className="composer" onSubmit={submit} onKeyDown={onFormKeyDown} aria-label="Post to the timeline">
      <div className="composer__row">
        {kinds.length > 1 && (
          <select value={kind} onChange={(e) => setKind(e.target.value as PostableKind)} aria-label="Kind">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        )}
        <select value={component} onChange={(e) => setComponent(e.target.value)} aria-label="Component">
          <option value="">No component</option>
          {Component.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <OnBehalfOf value={onBehalfOf} onChange={setOnBehalfOf} />
      </div>
      <div className="composer__row">
        <textarea
          ref={input}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setRefusal(null);
          }}
          onKeyDown={onKeyDown}
          placeholder={kinds.length === 1 ? `${KIND_LABEL[kind].toLowerCase()} for the timeline…` : 'What happened, what was decided, what was said to customers…'}
          rows={2}
          maxLength={4000}
          aria-label="Entry text"
          aria-describedby={refusal ? 'composer-refusal' : undefined}
        />
        <button type="submit" disabled={!text.trim()}>
          Post
        </button>
      </div>
      {refusal && (
        <p id="composer-refusal" className="form-error" role="alert">
          {refusal}
        </p>
      )}
      <p className="composer__hint">
        <kbd>/</kbd> focus · <kbd>Esc</kbd> leave · <kbd>Enter</kbd> post · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
        {commands.length > 0 && ` · start with ${commands.join(' ')}`}
      </p>
    </form>
  );
}
