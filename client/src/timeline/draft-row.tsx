import { useStore } from '../store/store';
import type { Draft } from '../store/drafts-slice';
import { Author, KIND_LABEL, rowAttributes, type RowProps } from './entry-row';
import { sendDraft } from './post-entry';

/** A typed entry the server has not confirmed yet: visibly not part of the record. */
export function DraftRow({ draft, ref, index, setSize }: RowProps & { draft: Draft }) {
  const removeDraft = useStore((s) => s.removeDraft);
  // Only the signed-in token's drafts are shown (timeline-view.tsx): they will be posted under its name.
  const name = useStore((s) => s.session.actor?.name ?? '');
  return (
    <li ref={ref} {...rowAttributes(index, setSize)} className={`entry entry--draft entry--${draft.state}`} data-client-id={draft.clientId}>
      <span className="entry__time">{draft.state === 'sending' ? 'sending…' : 'NOT SAVED'}</span>
      <div className="entry__body">
        <div className="entry__meta">
          <span className={`kind kind--${draft.kind}`}>{KIND_LABEL[draft.kind]}</span>
          {draft.component && <span className="tag">{draft.component}</span>}
          <Author name={name} onBehalfOf={draft.onBehalfOf} />
        </div>
        <p className="entry__text">{draft.text}</p>
        {draft.state === 'failed' && (
          <p className="entry__error" role="alert">
            {draft.error}{' '}
            <button type="button" onClick={() => void sendDraft(draft)}>
              Retry
            </button>{' '}
            <button type="button" onClick={() => removeDraft(draft.clientId)}>
              Discard
            </button>
          </p>
        )}
      </div>
    </li>
  );
}
