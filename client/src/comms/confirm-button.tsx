import { useEffect, useId, useRef, useState } from 'react';

/** A double-click is one gesture, not two decisions: a confirm this soon after arming is ignored. */
const DELIBERATE_MS = 400;
/** An armed button left alone goes back to safe, so a later stray click does not publish. */
const DISARM_AFTER_MS = 10_000;

/**
 * A button for what cannot be undone (publishing to customers): the first press arms it and
 * says what will happen, the second does it. Escape, leaving the button, ten seconds, or a
 * change of what it acts on (`armKey`: the draft's version) disarm it.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  warning,
  onConfirm,
  disabled = false,
  armKey,
  testId,
  calmClass = 'comms-button--primary',
}: {
  label: string;
  confirmLabel: string;
  warning: string;
  onConfirm: () => void;
  disabled?: boolean;
  armKey?: string | number;
  testId?: string;
  /** How the button looks before it is armed (armed, it always looks dangerous). */
  calmClass?: string;
}) {
  const [armedAt, setArmedAt] = useState<number | null>(null);
  const hintId = useId();
  const lastKey = useRef(armKey);

  // What is about to be published changed under the person's eyes: they must read it again.
  useEffect(() => {
    if (lastKey.current === armKey) return;
    lastKey.current = armKey;
    setArmedAt(null);
  }, [armKey]);
  useEffect(() => {
    if (armedAt === null) return;
    const timer = setTimeout(() => setArmedAt(null), DISARM_AFTER_MS);
    return () => clearTimeout(timer);
  }, [armedAt]);

  const armed = armedAt !== null && !disabled;
  const press = () => {
    if (!armed) return setArmedAt(Date.now());
    if (Date.now() - armedAt < DELIBERATE_MS) return;
    setArmedAt(null);
    onConfirm();
  };

  return (
    <span className="confirm">
      <button
        type="button"
        className={armed ? 'comms-button--danger' : calmClass}
        disabled={disabled}
        aria-describedby={armed ? hintId : undefined}
        data-testid={testId}
        onClick={press}
        onBlur={() => setArmedAt(null)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !armed) return;
          e.stopPropagation();
          setArmedAt(null);
        }}
      >
        {armed ? confirmLabel : label}
      </button>
      {armed && (
        <span id={hintId} className="confirm__hint" role="status">
          {warning}
        </span>
      )}
    </span>
  );
}
