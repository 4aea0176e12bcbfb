import { isBackdated, type Entry } from '#shared/timeline';
import { dateTime } from '../lib/time';
import { backdatedText, dayLabel, UTC, zonedClock } from './entry-format';
import { thirdZone, usePersonalZone } from './personal-zone';

/**
 * When it happened: UTC, the incident's zone and, if the person chose one, their own; each
 * with its zone's name, so no time on screen is a bare number someone has to place.
 */
export function EntryTime({ occurredAt, timeZone }: { occurredAt: string; timeZone: string }) {
  const personal = thirdZone(usePersonalZone(), timeZone);
  return (
    <time className="entry__time" dateTime={occurredAt} title={`occurred ${dateTime(occurredAt, UTC)} · ${dateTime(occurredAt, timeZone)}`}>
      <span className="entry__utc">{zonedClock(occurredAt, UTC)}</span>
      <span className="entry__local">{zonedClock(occurredAt, timeZone)}</span>
      {personal && (
        <span className="entry__personal" title={`your zone, ${personal}`}>
          {zonedClock(occurredAt, personal)}
        </span>
      )}
    </time>
  );
}

/** "Mon 3 Mar", across the row: the first entry of a new day in the incident's zone. */
export function EntryDay({ occurredAt, timeZone }: { occurredAt: string; timeZone: string }) {
  return (
    <p className="entry__day" title={`calendar day in ${timeZone}`}>
      {dayLabel(occurredAt, timeZone)}
    </p>
  );
}

/**
 * "BACKDATED": the entry happened well before it was logged. When it was logged shows on hover
 * and keyboard focus, and is always part of the text screen readers read.
 */
export function BackdatedBadge({ entry }: { entry: Pick<Entry, 'occurredAt' | 'loggedAt'> }) {
  if (!isBackdated(entry)) return null;
  const text = backdatedText(entry);
  return (
    // A focus stop of its own: the logged time must be reachable without a mouse.
    <span className="entry__backdated" tabIndex={0} title={text}>
      BACKDATED<span className="entry__reveal">: {text}</span>
    </span>
  );
}
