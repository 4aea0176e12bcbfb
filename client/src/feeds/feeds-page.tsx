import { useEffect } from 'react';
import { age, clockTime } from '../lib/time';
import { useNow } from '../lib/use-now';
import { useStore } from '../store/store';
import { REPORT_OLD_AFTER_MS, configFileText, reloadErrorText } from './feeds-format';
import { FEEDS_POLL_MS, startFeedsPolling } from './feeds-poller';
import { FeedsTable } from './feeds-table';

/** `/feeds`: every configured source and how it is doing, refreshed every 2 s. */
export function FeedsPage() {
  useEffect(() => startFeedsPolling(), []);
  const { report, receivedAt, clockOffsetMs, error } = useStore((s) => s.feeds);
  const now = useNow();

  if (report === null || receivedAt === null) {
    return (
      <main className="page">
        <h1>Feeds</h1>
        {error ? <p className="feeds__banner" role="alert">✕ Feeds report unavailable: {error}</p> : <p>Loading…</p>}
      </main>
    );
  }

  // The shared ticker may lag the report by up to a second; an age is never negative.
  const reportAge = Math.max(0, now - receivedAt);
  const old = error !== null || reportAge > REPORT_OLD_AFTER_MS;
  // An old report is shown as it was when fetched: ages counted on to now would pass off
  // its "next poll in 8 s" as "polling for 20 s", a guess dressed as a fact.
  const serverNow = old ? report.now : Math.max(now, receivedAt) + clockOffsetMs;
  const { config } = report;

  return (
    <main className="page page--wide">
      <h1>Feeds</h1>
      <p className="feeds__config">
        Config: <code>{configFileText(config)}</code>, loaded at {clockTime(config.loadedAt, 'UTC')} ({age(serverNow - config.loadedAt)} ago)
      </p>
      {config.reloadError && (
        <p className="feeds__banner" role="alert">
          ✕ {reloadErrorText(config.reloadError)}
        </p>
      )}
      {old ? (
        <p className="feeds__banner" role="alert">
          ✕ Feeds report unavailable: {error ?? 'waiting for the server'} — below is the last good one, from {clockTime(report.now, 'UTC')}
          {/* Ticks every second: kept out of the alert, which would otherwise be read out again each time. */}
          <span aria-hidden="true"> ({age(reportAge)} ago)</span>
        </p>
      ) : (
        <p className="feeds__fresh">
          Report of {clockTime(report.now, 'UTC')} · refreshed every {FEEDS_POLL_MS / 1000} s
        </p>
      )}
      {report.sources.length === 0 ? (
        <p className="feeds__empty">No feed sources configured</p>
      ) : (
        <div className={old ? 'feeds__old' : undefined}>
          <FeedsTable sources={report.sources} now={serverNow} asOf={old ? report.now : null} />
        </div>
      )}
    </main>
  );
}
