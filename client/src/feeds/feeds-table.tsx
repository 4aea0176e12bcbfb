import type { FeedStatus } from '#shared/feeds';
import { clockTime } from '../lib/time';
import { FEED_STATE, agoText, intervalText, latencyText, nextPollText, summaryText } from './feeds-format';

/**
 * Every source in one table. `now` is the server's clock, so ages do not depend on this laptop's;
 * `asOf` marks an old report, whose ages are frozen at the time it was taken.
 */
export function FeedsTable({ sources, now, asOf }: { sources: readonly FeedStatus[]; now: number; asOf: number | null }) {
  return (
    // Focusable so a keyboard can scroll it sideways on a narrow screen.
    <div className="feeds__scroll" tabIndex={0} role="region" aria-label="Feed sources">
      <table className="feeds">
        <caption>
          {summaryText(sources)}
          {asOf !== null && ` — as of ${clockTime(asOf, 'UTC')}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Type</th>
            <th scope="col">State</th>
            <th scope="col">Last success</th>
            <th scope="col">Last error</th>
            <th scope="col" className="num">Latency</th>
            <th scope="col">Next poll</th>
            <th scope="col" className="num">Failures</th>
            <th scope="col" className="num">Metrics</th>
            <th scope="col" className="num">Stale</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <FeedRow key={s.id} status={s} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FeedRow({ status: s, now }: { status: FeedStatus; now: number }) {
  const state = FEED_STATE[s.state];
  return (
    <tr className={`feed feed--${s.state}`} data-source={s.id}>
      <th scope="row" className="feed__id">
        {s.id}
      </th>
      <td>{s.type}</td>
      <td>
        <span className={`feed-state feed-state--${s.state}`} data-testid="feed-state">
          {state.icon} {state.text}
        </span>
      </td>
      <td title={s.lastSuccessAt === null ? undefined : clockTime(s.lastSuccessAt, 'UTC')}>{agoText(s.lastSuccessAt, now)}</td>
      <td className="feed__error">
        <LastError status={s} now={now} />
      </td>
      <td className="num">{latencyText(s.latencyMs)}</td>
      <td>
        {nextPollText(s, now)}
        <span className="feed__sub">{intervalText(s.intervalMs)}</span>
      </td>
      <td className={s.consecutiveFailures > 0 ? 'num feed__failures' : 'num'}>{s.consecutiveFailures}</td>
      <td className="num" title={s.metrics.join(', ')}>
        {s.metrics.length}
      </td>
      <td className={s.staleMetrics > 0 ? 'num feed__stale' : 'num'}>{s.staleMetrics > 0 ? `▲ ${s.staleMetrics}` : '0'}</td>
    </tr>
  );
}

/** The reason in full; once the source has recovered it stays, quieter, as history. */
function LastError({ status: s, now }: { status: FeedStatus; now: number }) {
  if (s.lastError === null) return <span className="feed__none">none</span>;
  const recovered = s.state !== 'failing';
  return (
    <>
      <span className={recovered ? 'feed__reason feed__reason--past' : 'feed__reason'}>{s.lastError.message}</span>
      <span className="feed__sub">
        {recovered ? 'before recovery, ' : ''}at {clockTime(s.lastError.at, 'UTC')} · {agoText(s.lastError.at, now)}
      </span>
    </>
  );
}
