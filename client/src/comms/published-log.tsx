import { useMemo } from 'react';
import { PUBLIC_STATUS_LABEL, publishedUpdates, type PublicUpdate } from '#shared/public-updates';
import { updateStamp } from '#shared/update-stamp';
import { useStore } from '../store/store';
import { dateTime } from '../lib/time';

const NO_UPDATES: PublicUpdate[] = [];

/**
 * What customers were told, newest first, stamped as the status page stamps it ("12:10 UTC+2"
 * for the first, "EDIT 12:21 UTC+2" after): support staff read this to answer "what did we say?".
 */
export function PublishedLog({ timeZone }: { timeZone: string }) {
  const updates = useStore((s) => s.room?.updates ?? NO_UPDATES);
  const published = useMemo(() => publishedUpdates(updates), [updates]);
  const firstId = published[0]?.id;

  return (
    <section className="comms-published" aria-labelledby="comms-published-title">
      <h3 id="comms-published-title" className="comms__heading">
        Published {published.length > 0 && <span className="comms__count">({published.length})</span>}
      </h3>
      <p className="comms__hint">Published updates are never edited: a correction is a new update.</p>
      {published.length === 0 ? (
        <p className="comms__empty">Nothing has been published for this incident yet.</p>
      ) : (
        <ol className="comms-list" reversed>
          {published.toReversed().map((u) => (
            <li key={u.id} className="comms-item comms-item--published" data-testid="published-update">
              <p className="comms-item__meta">
                <time className="comms-item__stamp" dateTime={u.publishedAt ?? undefined} title={u.publishedAt ? dateTime(u.publishedAt, timeZone) : undefined}>
                  {updateStamp(u, u.id === firstId, timeZone)}
                </time>
                <span className={`comms-item__status status--${u.status}`}>{PUBLIC_STATUS_LABEL[u.status]}</span>
                <span>published by {u.publishedBy ?? u.author}</span>
                {u.publishedBy !== null && u.publishedBy !== u.author && <span>(written by {u.author})</span>}
              </p>
              <p className="comms-item__text">{u.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
