import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { Role } from '#shared/auth';
import { Component, type Entry, type PostableKind } from '#shared/timeline';
import { postableKinds } from '../session/permissions';
import { useStore } from '../store/store';
import { applyCompletion, type CompletionOption, completionAt, CompletionList, optionId } from './composer-completion';
import { loadComposing, saveComposing } from './composer-draft';
import { describeLine, lastOwnEntry, type LineResult, type ParsedLine, parseComposerLine } from './composer-line';
import './composer.css';
import { reviseEntry } from './entry-actions';
import { kindWord } from './entry-format';
import { KIND_LABEL } from './entry-row';
import { OnBehalfOf } from './on-behalf-of';
import { newClientId, sendDraft } from './post-entry';

/** Escape leaves any composer field, so single-key shortcuts work again. */
function onFormKeyDown(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === 'Escape') (document.activeElement as HTMLElement | null)?.blur();
}

const label = (kind: PostableKind) => KIND_LABEL[kind];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/**
 * The clock, read in event handlers only (oxlint's purity rule takes this component's handlers
 * for render code): the preview uses the time of the last keystroke, a post the time of Enter.
 */
const clock = () => Date.now();

/**
 * Posting to the timeline, as the signed-in token: the author is never typed. One line says
 * everything (composer-line.ts); the preview under it says what Enter will post. A role that
 * may post nothing (viewer) gets a line saying so instead. `timeZone` is the incident's: how a
 * time written without a zone is read.
 */
export function Composer({ incidentId, timeZone }: { incidentId: number; timeZone: string }) {
  const actor = useStore((s) => s.session.actor);
  const kinds = actor ? postableKinds(actor.role) : [];
  if (!actor || kinds.length === 0) {
    return (
      <p className="composer composer--read-only">
        Signed in as {actor?.name ?? 'nobody'} ({actor?.role ?? 'no role'}): you can follow this incident, not post to it.
      </p>
    );
  }
  return (
    <PostForm
      key={`${incidentId}:${actor.tokenId}`}
      incidentId={incidentId}
      timeZone={timeZone}
      tokenId={actor.tokenId}
      author={actor.name}
      role={actor.role}
      kinds={kinds}
    />
  );
}

type PostFormProps = { incidentId: number; timeZone: string; tokenId: string; author: string; role: Role; kinds: PostableKind[] };

function PostForm({ incidentId, timeZone, tokenId, author, role, kinds }: PostFormProps) {
  const [text, setText] = useState(() => loadComposing(incidentId, tokenId));
  // The selects are defaults the line overrides; both go back to these after every post.
  const [chosenKind, setKind] = useState<PostableKind>(kinds[0]!);
  const [chosenComponent, setComponent] = useState<Component | ''>('');
  const [onBehalfOf, setOnBehalfOf] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [editing, setEditing] = useState<Entry | null>(null);
  const [saving, setSaving] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  // The preview's "now": taken when the text changes, which is when the preview can change.
  const [now, setNow] = useState(clock);
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const previewId = useId();
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

  // What is typed survives a reload; an entry being edited is not a draft.
  useEffect(() => {
    if (!editing) saveComposing(incidentId, tokenId, text);
  }, [incidentId, tokenId, text, editing]);

  const context = { timeZone, now, kinds, defaultKind: kind };
  const line = editing || !text.trim() ? null : parseComposerLine(text, context);
  const completion = editing ? null : completionAt(text, caret, kinds);
  const completionKey = completion ? `${completion.start}:${text.slice(completion.start, caret)}` : null;
  const open = completion !== null && completionKey !== dismissed;
  const activeIndex = completion ? Math.min(active, completion.options.length - 1) : 0;
  // Said here, with the text kept, rather than sent to be refused.
  const refusalOf = (k: PostableKind) => (kinds.includes(k) ? null : `The ${role} role may not post ${kindWord(k)} entries.`);
  const refusal = line?.ok ? refusalOf(line.kind) : null;

  const change = (next: string, nextCaret: number) => {
    setText(next);
    setCaret(nextCaret);
    setActive(0);
    setAlert(null);
    setNow(clock());
  };

  /** Puts the caret once React has written the new text into the textarea. */
  const moveCaret = (to: number) =>
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(to, to);
    });

  const accept = (option: CompletionOption) => {
    if (!completion) return;
    const next = applyCompletion(text, completion, option);
    change(next.text, next.caret);
    moveCaret(next.caret);
  };

  const leaveEdit = () => {
    setEditing(null);
    change('', 0);
  };

  const startEdit = (): boolean => {
    const room = useStore.getState().room;
    const entry = room?.incidentId === incidentId ? lastOwnEntry(room.entries, author) : null;
    if (!entry) return false;
    setEditing(entry);
    change(entry.text, entry.text.length);
    moveCaret(entry.text.length);
    return true;
  };

  const saveEdit = async (entry: Entry) => {
    const next = text.trim();
    if (!next) return setAlert('An entry cannot be emptied: retract it instead.');
    if (next === entry.text) return leaveEdit();
    setSaving(true);
    const problem = await reviseEntry(entry, { text: next });
    setSaving(false);
    if (problem) setAlert(problem);
    else leaveEdit();
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    if (editing) return void saveEdit(editing);
    if (!text.trim()) return;
    // Parsed again at the moment of posting: "now" is now, not when the preview was drawn.
    const parsed = parseComposerLine(text, { ...context, now: clock() });
    if (!parsed.ok) return setAlert(parsed.error);
    if (!parsed.text) return setAlert('Nothing to post yet: write what happened after the syntax.');
    const refused = refusalOf(parsed.kind);
    if (refused) return setAlert(refused);
    void sendDraft({
      clientId: newClientId(),
      incidentId,
      text: parsed.text,
      kind: parsed.kind,
      component: parsed.component ?? (chosenComponent || null),
      onBehalfOf: onBehalfOf?.trim() || null,
      occurredAt: iso(parsed.occurredAt),
      owner: parsed.owner,
      due: iso(parsed.due),
      tokenId,
      createdAt: clock(),
      state: 'sending',
      error: null,
      retryable: true,
    });
    // Every entry starts clean: nothing chosen for this one sticks to the next.
    setKind(kinds[0]!);
    setComponent('');
    change('', 0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (open && completion) {
      const n = completion.options.length;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((activeIndex + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === 'Tab' || e.key === 'Enter') && !e.shiftKey) {
        e.preventDefault();
        accept(completion.options[activeIndex]!);
        return;
      }
      if (e.key === 'Escape') {
        e.stopPropagation();
        setDismissed(completionKey);
        return;
      }
    }
    if (e.key === 'Escape' && editing) {
      e.stopPropagation();
      leaveEdit();
    } else if (e.key === 'ArrowUp' && !editing && text === '') {
      if (startEdit()) e.preventDefault();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  // The selects show what the line says, when it says something else, rather than contradict it.
  const lineKind = line?.ok && line.kind !== kind && kinds.includes(line.kind) ? line.kind : null;
  const lineComponent = line?.ok && line.component && line.component !== chosenComponent ? line.component : null;
  // While the list is open, Enter takes the highlighted option: nothing to preview yet.
  const preview = editing
    ? { text: 'Enter saves the new text as a revision.', warn: false }
    : open
      ? null
      : previewOf(line, refusal, (ok) => previewText(ok, context, chosenComponent, onBehalfOf, text));

  return (
    <form className={`composer${editing ? ' composer--editing' : ''}`} onSubmit={submit} onKeyDown={onFormKeyDown} aria-label="Post to the timeline">
      <div className="composer__row composer__tools">
        {editing ? (
          <p className="composer__mode">Editing entry #{editing.id} (Esc cancels)</p>
        ) : (
          <>
            {kinds.length > 1 && (
              <select
                value={lineKind ?? kind}
                onChange={(e) => setKind(e.target.value as PostableKind)}
                disabled={lineKind !== null}
                title={lineKind ? 'Set by the line' : undefined}
                aria-label="Kind"
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
            <select
              value={lineComponent ?? chosenComponent}
              onChange={(e) => setComponent(e.target.value ? Component.parse(e.target.value) : '')}
              disabled={lineComponent !== null}
              title={lineComponent ? 'Set by the line' : undefined}
              aria-label="Component"
            >
              <option value="">No component</option>
              {Component.options.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </>
        )}
        <OnBehalfOf value={onBehalfOf} onChange={setOnBehalfOf} />
      </div>
      <div className="composer__row">
        <div className="composer__field">
          {open && <CompletionList id={listId} completion={completion} active={activeIndex} onPick={accept} />}
          <textarea
            ref={input}
            value={text}
            onChange={(e) => change(e.target.value, e.target.selectionStart)}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            placeholder={kinds.length === 1 ? `${kindWord(kind)} for the timeline…` : 'What happened, what was decided, what was said to customers…'}
            rows={2}
            maxLength={4000}
            aria-label="Entry text"
            aria-autocomplete="list"
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? optionId(listId, activeIndex) : undefined}
            aria-describedby={alert ? `${previewId}-alert` : previewId}
          />
        </div>
        <button type="submit" disabled={!text.trim() || saving}>
          {editing ? 'Save' : 'Post'}
        </button>
      </div>
      {alert ? (
        <p id={`${previewId}-alert`} className="form-error composer__alert" role="alert">
          {alert}
        </p>
      ) : (
        <p id={previewId} className={`composer__preview${preview?.warn ? ' composer__preview--warn' : ''}`}>
          {preview?.text}
        </p>
      )}
      <Hint kinds={kinds} />
    </form>
  );
}

function previewOf(line: LineResult | null, refusal: string | null, describe: (line: ParsedLine) => string): { text: string; warn: boolean } | null {
  if (!line) return null;
  if (!line.ok) return { text: line.error, warn: true };
  if (refusal) return { text: refusal, warn: true };
  return { text: describe(line), warn: false };
}

/** The preview: what Enter posts, and the text itself when the syntax was taken out of it. */
function previewText(
  line: ParsedLine,
  context: { timeZone: string; now: number },
  chosenComponent: Component | '',
  onBehalfOf: string | null,
  typed: string,
): string {
  const withComponent = { ...line, component: line.component ?? (chosenComponent || null) };
  const forWhom = onBehalfOf?.trim() ? ` · for ${onBehalfOf.trim()}` : '';
  const said = !line.text ? ' · write the text' : line.text !== typed.trim() ? `: “${line.text}”` : '';
  return `${describeLine(withComponent, context, label)}${forWhom}${said}`;
}

function Hint({ kinds }: { kinds: PostableKind[] }) {
  const commands = kinds.filter((k) => k !== 'note').map((k) => (k === 'action' ? '/action @who due 16:30' : `/${k}`));
  return (
    <p className="composer__hint">
      <kbd>/</kbd> focus · <kbd>Enter</kbd> post · <kbd>⇧Enter</kbd> new line · <kbd>↑</kbd> edit last · <kbd>Esc</kbd> leave ·{' '}
      {commands.length > 0 && `${commands.join(' ')} · `}#DBaaS · @15:02 CET
    </p>
  );
}
