import { useEffect, useRef } from 'react';

const SHORTCUTS: [keys: string, what: string][] = [
  ['?', 'this list'],
  ['/', 'write in the timeline'],
  ['Enter', 'post the entry (Shift+Enter: a new line)'],
  ['↑', 'edit your last entry (in an empty composer)'],
  ['Esc', 'leave the composer, close a form or this list'],
  ['Ctrl+F', 'search the whole timeline (twice: the browser’s own find)'],
  ['/decision, /action @who due 16:30, /comms', 'the kind of entry, its owner and due time'],
  ['#DBaaS, @15:02 CET', 'the component; when it happened, if not now'],
];

/** "?" anywhere but in a text field opens the keyboard shortcuts; a native dialog keeps focus and closes on Esc. */
export function ShortcutsHelp() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const open = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = (target?.closest('input, textarea, select, [contenteditable="true"]') ?? null) !== null;
      if (e.key !== '?' || typing || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      if (!dialog.current?.open) dialog.current?.showModal();
    };
    window.addEventListener('keydown', open);
    return () => window.removeEventListener('keydown', open);
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcuts__list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="shortcuts__row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
