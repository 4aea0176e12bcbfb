import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Component, PostableKind } from '#shared/timeline';
import { useStore } from '../store/store';
import { KIND_LABEL } from './entry-row';
import { newClientId, sendDraft } from './post-entry';

type Kind = (typeof PostableKind.options)[number];

/** "/decision Roll back" posts a decision: the kind without leaving the keyboard. */
function splitCommand(text: string, kind: Kind): { text: string; kind: Kind } {
  const match = /^\/(note|decision|action|comms)\s+/.exec(text);
  return match ? { kind: match[1] as Kind, text: text.slice(match[0].length) } : { text, kind };
}

/** Escape leaves any composer field, so single-key shortcuts work again. */
function onFormKeyDown(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === 'Escape') (document.activeElement as HTMLElement | null)?.blur();
}

export function Composer({ incidentId }: { incidentId: number }) {
  const author = useStore((s) => s.author);
  const setAuthor = useStore((s) => s.setAuthor);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<Kind>('note');
  const [component, setComponent] = useState<string>('');
  const input = useRef<HTMLTextAreaElement>(null);

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
    void sendDraft({
      clientId: newClientId(),
      incidentId,
      text: parsed.text,
      kind: parsed.kind,
      component: component ? Component.parse(component) : null,
      author: author.trim(),
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


  return (
    <form className="composer" onSubmit={submit} onKeyDown={onFormKeyDown} aria-label="Post to the timeline">
      <div className="composer__row">
        <label>
          <span className="sr-only">Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Kind">
            {PostableKind.options.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Component</span>
          <select value={component} onChange={(e) => setComponent(e.target.value)} aria-label="Component">
            <option value="">No component</option>
            {Component.options.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="composer__author">
          <span className="sr-only">Your name</span>
          <input value={author} onChange={(e) => setAuthor(e.target.value)} placeholder="Your name" maxLength={80} aria-label="Your name" />
        </label>
      </div>
      <div className="composer__row">
        <textarea
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="What happened, what was decided, what was said to customers…"
          rows={2}
          maxLength={4000}
          aria-label="Entry text"
        />
        <button type="submit" disabled={!text.trim()}>
          Post
        </button>
      </div>
      <p className="composer__hint">
        <kbd>/</kbd> focus · <kbd>Esc</kbd> leave · <kbd>Enter</kbd> post · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · start with /decision /action /comms
      </p>
    </form>
  );
}
