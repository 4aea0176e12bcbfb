import { memo, type Ref } from 'react';
import type { Entry } from '#shared/timeline';
import { clockTime, dateTime } from '../lib/time';

export const KIND_LABEL: Record<Entry['kind'], string> = {
  note: 'NOTE',
  decision: 'DECISION',
  action: 'ACTION',
  comms: 'CUSTOMER COMMS',
  status: 'STATUS',
  alert: 'ALERT',
  metric: 'THRESHOLD',
  feed: 'FEED',
};

/** The token's name, and who it was written for when that is someone else. */
export function Author({ name, onBehalfOf }: { name: string; onBehalfOf: string | null }) {
  return (
    <span className="entry__author">
      {name}
      {onBehalfOf && <span className="entry__for"> for {onBehalfOf}</span>}
    </span>
  );
}

/** A row of the virtualised timeline: the index it is measured by, and its place in the whole list for assistive tech. */
export function rowAttributes(index: number, setSize: number) {
  return { 'data-index': index, 'aria-posinset': index + 1, 'aria-setsize': setSize };
}

export type RowProps = { ref: Ref<HTMLLIElement>; index: number; setSize: number };

/** One timeline line: time in UTC and in the incident's zone, kind, component, text, author. */
export const EntryRow = memo(function EntryRow({ entry, timeZone, ref, index, setSize }: RowProps & { entry: Entry; timeZone: string }) {
  return (
    <li ref={ref} {...rowAttributes(index, setSize)} className={`entry entry--${entry.kind}`} data-entry-id={entry.id}>
      <EntryContent entry={entry} timeZone={timeZone} />
    </li>
  );
});

/** Memoised apart from the row: the row re-renders as the list grows (its aria-setsize), its content does not. */
const EntryContent = memo(function EntryContent({ entry, timeZone }: { entry: Entry; timeZone: string }) {
  return (
    <>
      <time className="entry__time" dateTime={entry.occurredAt} title={`${dateTime(entry.occurredAt, 'UTC')} · ${dateTime(entry.occurredAt, timeZone)}`}>
        <span>{clockTime(entry.occurredAt, 'UTC')}</span>
        <span className="entry__local">{clockTime(entry.occurredAt, timeZone)}</span>
      </time>
      <div className="entry__body">
        <div className="entry__meta">
          <span className={`kind kind--${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
          {entry.component && <span className="tag">{entry.component}</span>}
          {entry.simulated && <span className="badge badge--sim">SIMULATED</span>}
          <Author name={entry.author} onBehalfOf={entry.onBehalfOf} />
        </div>
        <p className="entry__text">{entry.text}</p>
      </div>
    </>
  );
});
