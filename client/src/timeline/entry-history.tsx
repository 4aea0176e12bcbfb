import { useEffect, useState } from 'react';
import type { Entry, Revision } from '#shared/timeline';
import { errorText } from '../api/http';
import { actionText, CHANGE_LABEL, changedFields, KIND_LABEL, type RevisionField, retractionText, UTC, zonedClock } from './entry-format';
import { fetchRevisions } from './entry-actions';

type Loaded = { version: number; revisions: Revision[] } | { version: number; error: string };

/**
 * Every version of an entry, oldest first: what changed, who changed it, when, and the whole
 * entry as it stood, so the original stays readable. Fetched when opened, and again when the
 * entry reaches a new version while open.
 */
export function EntryHistory({ entry, timeZone, id, onClose }: { entry: Entry; timeZone: string; id: string; onClose: () => void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const { incidentId, id: entryId, version } = entry;

  useEffect(() => {
    let live = true;
    fetchRevisions({ incidentId, id: entryId }).then(
      (revisions) => live && setLoaded({ version, revisions }),
      (error: unknown) => live && setLoaded({ version, error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [incidentId, entryId, version]);

  const loading = loaded === null || loaded.version !== version;
  return (
    <section id={id} className="entry-history" aria-label={`History of entry ${entryId}`} aria-busy={loading}>
      <div className="entry-history__head">
        <strong>History</strong>
        {loading && <span className="entry-history__note"> loading…</span>}
        <button type="button" onClick={onClose}>
          Close history
        </button>
      </div>
      {loaded && 'error' in loaded && (
        <p className="entry__error" role="alert">
          Could not load the history: {loaded.error}
        </p>
      )}
      {loaded && 'revisions' in loaded && (
        <ol className="entry-history__list">
          {loaded.revisions.map((revision, i) => (
            <RevisionItem key={revision.version} revision={revision} changed={changedFields(revision, loaded.revisions[i - 1])} timeZone={timeZone} />
          ))}
        </ol>
      )}
    </section>
  );
}

function RevisionItem({ revision: r, changed, timeZone }: { revision: Revision; changed: Set<RevisionField>; timeZone: string }) {
  const mark = (field: RevisionField) => (changed.has(field) ? 'entry-history__changed' : undefined);
  return (
    <li className={`entry-history__item entry-history__item--${r.change}`}>
      <p className="entry-history__what">
        <strong>v{r.version}</strong> {CHANGE_LABEL[r.change]} by {r.by} at <time dateTime={r.at}>{zonedClock(r.at, UTC)}</time> ({zonedClock(r.at, timeZone)})
      </p>
      <p className="entry-history__fields">
        <span className={mark('kind')}>{KIND_LABEL[r.kind]}</span>
        {' · '}
        <span className={mark('component')}>{r.component ?? 'no component'}</span>
        {' · occurred '}
        <time className={mark('occurredAt')} dateTime={r.occurredAt}>
          {zonedClock(r.occurredAt, UTC)} / {zonedClock(r.occurredAt, timeZone)}
        </time>
        {r.action && (
          <>
            {' · '}
            <span className={mark('action')}>{actionText(r.action)}</span>
          </>
        )}
        {changed.size > 0 && <span className="sr-only"> (changed: {[...changed].join(', ')})</span>}
      </p>
      <p className={`entry-history__text ${mark('text') ?? ''} ${r.retracted ? 'entry__text--retracted' : ''}`}>{r.text}</p>
      {r.retracted && <p className="entry__retraction">{retractionText(r.retracted)}</p>}
    </li>
  );
}
