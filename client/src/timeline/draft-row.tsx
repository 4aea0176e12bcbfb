import { isBackdated } from '#shared/timeline';
import { useStore } from '../store/store';
import type { Draft } from '../store/drafts-slice';
import { Author, KIND_LABEL, rowAttributes, type RowProps } from './entry-row';
import { pendingText, UTC, zonedClock } from './entry-format';
import { sendDraft } from './post-entry';

/**
 * A typed entry the server has not confirmed yet: visibly not part of the record. It says
 * whether it is on its way, waiting for the connection, or refused; a failed one keeps its
 * Retry and Discard, and nothing typed is dropped without a click.
 */
export function DraftRow({ draft, ref, index, setSize, timeZone }: RowProps & { draft: Draft; timeZone?: string }) {
  const removeDraft = useStore((s) => s.removeDraft);
  // Only the signed-in token's drafts are shown (timeline-view.tsx): they will be posted under its name.
  const name = useStore((s) => s.session.actor?.name ?? '');
  const online = useStore((s) => s.connection.status === 'live');
  const roomZone = useStore((s) => s.room?.incident.timeZone);
  const zone = timeZone ?? roomZone;
  const { label, detail } = pendingText(draft, online);
  const refused = draft.state === 'failed' && !draft.retryable;
  const backdated = draft.occurredAt !== null && isBackdated({ occurredAt: draft.occurredAt, loggedAt: new Date(draft.createdAt).toISOString() });
  return (
    <li ref={ref} {...rowAttributes(index, setSize)} className={`entry entry--draft entry--${draft.state}`} data-client-id={draft.clientId}>
      <span className="entry__time">
        <span className={refused ? 'entry__pending entry__pending--refused' : 'entry__pending'}>{label}</span>
        {draft.occurredAt && (
          <>
            <span className="entry__utc">{zonedClock(draft.occurredAt, UTC)}</span>
            {zone && <span className="entry__local">{zonedClock(draft.occurredAt, zone)}</span>}
          </>
        )}
      </span>
      <div className="entry__body">
        <div className="entry__meta">
          <span className={`kind kind--${draft.kind}`}>{KIND_LABEL[draft.kind]}</span>
          {draft.component && <span className="tag">{draft.component}</span>}
          {backdated && <span className="entry__backdated">BACKDATED</span>}
          <Author name={name} onBehalfOf={draft.onBehalfOf} />
        </div>
        <p className="entry__text">{draft.text}</p>
        {draft.kind === 'action' && (draft.owner || draft.due) && (
          <p className="entry-action">
            {draft.owner && <span>Owner: {draft.owner}</span>}
            {draft.due && <span className="entry-action__due">due {zonedClock(draft.due, UTC)}</span>}
          </p>
        )}
        {detail && draft.state !== 'failed' && <p className="entry__pending-detail">{detail}</p>}
        {draft.state === 'failed' && (
          <p className="entry__error" role="alert">
            {refused ? 'Not saved: ' : ''}
            {detail}{' '}
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
