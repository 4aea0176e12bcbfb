/** Completion at the caret: what may follow `#` or a leading `/`, and the list that offers it. */
import { Component, PostableKind } from '#shared/timeline';
import { componentTag, squash, WORD } from './composer-line';

export type CompletionOption = { value: string; label: string };
/** What to offer at the caret: the characters `start`–`end` are replaced by the option's value. */
export type Completion = { start: number; end: number; options: CompletionOption[] };

/**
 * Completion at the caret: `#Db` offers the components whose name (or a word of it) starts so;
 * a `/` starting the line offers the commands. Null when there is nothing (more) to offer.
 */
export function completionAt(text: string, caret: number, kinds: readonly PostableKind[] = PostableKind.options): Completion | null {
  const m = /(^|[\s([{,;:])([#/])([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  if (!m) return null;
  const start = m.index + (m[1]?.length ?? 0);
  const typed = m[3] ?? '';
  const end = caret + (WORD.exec(text.slice(caret))?.[0].length ?? 0);
  const whole = squash(text.slice(start + 1, end));
  let options: CompletionOption[];
  if (m[2] === '/') {
    if (text.slice(0, start).trim() !== '') return null;
    options = kinds.filter((k) => k.startsWith(typed.toLowerCase())).map((k) => ({ value: `/${k}`, label: `/${k}` }));
  } else {
    const q = typed.toLowerCase();
    options = Component.options
      .filter((c) => squash(c).startsWith(squash(q)) || c.toLowerCase().split(' ').some((w) => w.startsWith(q)))
      .map((c) => ({ value: componentTag(c), label: c }));
  }
  const complete = options.length === 1 && squash(options[0]?.value.slice(1) ?? '') === whole;
  return options.length === 0 || complete ? null : { start, end, options };
}

/** The text with the option put in, a space after it, and where the caret goes. */
export function applyCompletion(text: string, completion: Completion, option: CompletionOption): { text: string; caret: number } {
  const after = text.slice(completion.end);
  const space = /^\s/.test(after) ? '' : ' ';
  return { text: text.slice(0, completion.start) + option.value + space + after, caret: completion.start + option.value.length + 1 };
}

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

/**
 * The small list of components (after `#`) or commands (after a leading `/`) that match what is
 * typed. Focus stays in the textarea, which points at the highlighted option with
 * aria-activedescendant; the mouse may pick too (mousedown, so the textarea keeps focus).
 */
export function CompletionList({
  id,
  completion,
  active,
  onPick,
}: {
  id: string;
  completion: Completion;
  active: number;
  onPick: (option: CompletionOption) => void;
}) {
  return (
    <div className="composer-completion">
      <ul id={id} role="listbox" aria-label="Completions">
        {completion.options.map((option, i) => (
          <li
            key={option.value}
            id={optionId(id, i)}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(option);
            }}
          >
            {option.label}
          </li>
        ))}
      </ul>
      <p className="composer-completion__keys" aria-hidden="true">
        Tab accepts · ↑↓ move · Esc closes
      </p>
    </div>
  );
}
