import { memo } from 'react';
import type { Entry } from '#shared/timeline';
import { clockTime, dateTime } from '../lib/time';

export const KIND_LABEL: Record<Entry['kind'], string> = {
  note: 'NOTE',
  decision: 'DECISION',
  action: 'ACTION',
  comms: 'CUSTOMER COMMS',
  status: 'STATUS',
};

/** One timeline line: time in UTC and in the incident's zone, kind, component, text, author. */
export const EntryRow = memo(function EntryRow({ entry, timeZone }: { entry: Entry; timeZone: string }) {
  return (
    <li className={`entry entry--${entry.kind}`} data-entry-id={entry.id}>
      <time className="entry__time" dateTime={entry.createdAt} title={`${dateTime(entry.createdAt, 'UTC')} · ${dateTime(entry.createdAt, timeZone)}`}>
        <span>{clockTime(entry.createdAt, 'UTC')}</span>
        <span className="entry__local">{clockTime(entry.createdAt, timeZone)}</span>
      </time>
      <div className="entry__body">
        <div className="entry__meta">
          <span className={`kind kind--${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
          {entry.component && <span className="tag">{entry.component}</span>}
          {entry.simulated && <span className="badge badge--sim">SIMULATED</span>}
          <span className="entry__author">{entry.author}</span>
        </div>
        <p className="entry__text">{entry.text}</p>
      </div>
    </li>
  );
});
