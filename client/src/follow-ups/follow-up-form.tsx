import { useId, useRef, useState } from 'react';
import { NewFollowUpInput, SUGGESTED_AREAS } from '#shared/follow-ups';
import { errorText } from '../api/http';
import { createFollowUp, firstIssue } from './follow-ups-api';

/**
 * Adds an action item: area, title, owner, tracking reference. Enter in any field adds it;
 * on success the area stays (items come in runs of one area) and the title takes the focus
 * again, ready for the next. On error everything typed stays.
 */
export function FollowUpForm({ incidentId, areas }: { incidentId: number; areas: readonly string[] }) {
  const id = useId();
  const [area, setArea] = useState('');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const suggestions = [...new Set([...SUGGESTED_AREAS, ...areas])];

  const submit = async () => {
    if (busy) return;
    // Said plainly here; the schema's own words for an empty field are a developer's.
    if (area.trim() === '') return setError('Give an area, e.g. Databases.');
    if (title.trim() === '') return setError('Give the action item a title.');
    const input = { area, title, ...(owner.trim() ? { owner } : {}), ...(ref.trim() ? { ref } : {}) };
    const parsed = NewFollowUpInput.safeParse(input);
    if (!parsed.success) return setError(firstIssue(parsed.error));
    setBusy(true);
    setError(null);
    try {
      await createFollowUp(incidentId, parsed.data);
      setTitle('');
      setOwner('');
      setRef('');
      titleInput.current?.focus();
    } catch (e) {
      setError(`Not added: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="follow-up-form"
      aria-label="Add an action item"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="follow-up-form__field follow-up-form__field--area">
        <span>Area</span>
        <input value={area} onChange={(e) => setArea(e.target.value)} list={`${id}-areas`} maxLength={60} placeholder="Runtimes" autoComplete="off" />
      </label>
      <datalist id={`${id}-areas`}>
        {suggestions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <label className="follow-up-form__field follow-up-form__field--title">
        <span>Title</span>
        <input ref={titleInput} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} placeholder="Enforce guard I/O rules at Hypervisor level" />
      </label>
      <label className="follow-up-form__field">
        <span>Owner</span>
        <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={80} placeholder="optional" />
      </label>
      <label className="follow-up-form__field follow-up-form__field--ref">
        <span>Ref</span>
        <input value={ref} onChange={(e) => setRef(e.target.value)} maxLength={200} placeholder="#856" />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add'}
      </button>
      {error && (
        <p className="form-error follow-up-form__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
