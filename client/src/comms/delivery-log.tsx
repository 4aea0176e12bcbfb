import { useEffect, useState } from 'react';
import type { Delivery, DeliveryAttempt, OutgoingEventType } from '#shared/deliveries';
import { errorText } from '../api/http';
import { formatDuration } from '../lib/duration';
import { age } from '../lib/time';
import { zonedClock } from '../timeline/entry-format';
import { useServerNow } from '../store/use-server-now';
import { listDeliveries } from './comms-api';
import { useStore } from '../store/store';
import './comms.css';

const POLL_MS = 5000;
/** A request the server does not answer is dropped, so polls never pile up behind it. */
const TIMEOUT_MS = 8000;
/** The newest deliveries are what the room checks; older ones on request. */
const FIRST_ROWS = 20;

const EVENT_LABEL: Record<OutgoingEventType, string> = {
  'update.published': 'Public update',
  'impact.changed': 'Impact change',
};

/** Did the status page (or chat channel) hear what we published? Polled while shown. */
export function DeliveryLog() {
  const incidentId = useStore((s) => s.room?.incidentId ?? null);
  const webhook = useStore((s) => s.room?.incident.webhook ?? null);
  const timeZone = useStore((s) => s.room?.incident.timeZone ?? 'UTC');
  if (incidentId === null) return null;
  if (webhook === null) {
    return (
      <p className="delivery-log__none" data-testid="delivery-log">
        No outgoing webhook for this incident
      </p>
    );
  }
  // Keyed: another incident or webhook starts with an empty table, not the previous one's rows.
  return <DeliveryTable key={`${incidentId}:${webhook}`} incidentId={incidentId} webhook={webhook} timeZone={timeZone} />;
}

type Polled = { deliveries: Delivery[] | null; fetchedAt: number | null; error: string | null };

function useDeliveries(incidentId: number): Polled {
  const [polled, setPolled] = useState<Polled>({ deliveries: null, fetchedAt: null, error: null });
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(TIMEOUT_MS)]);
        const deliveries = await listDeliveries(incidentId, { signal });
        // On the server's clock, like the `now` it is compared with.
        if (!stop.signal.aborted) setPolled({ deliveries, fetchedAt: Date.now() + useStore.getState().connection.clockOffsetMs, error: null });
      } catch (e) {
        // What was fetched last stays on screen, said to be as old as it is.
        if (!stop.signal.aborted) setPolled((p) => ({ ...p, error: e instanceof DOMException && e.name === 'TimeoutError' ? 'the server did not answer' : errorText(e) }));
      } finally {
        if (!stop.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [incidentId]);
  return polled;
}

function DeliveryTable({ incidentId, webhook, timeZone }: { incidentId: number; webhook: string; timeZone: string }) {
  const { deliveries, fetchedAt, error } = useDeliveries(incidentId);
  const [showAll, setShowAll] = useState(false);
  // Ticks each second: a retry's "in 12 s" counts down between polls.
  const now = useServerNow();
  const rows = deliveries && (showAll ? deliveries : deliveries.slice(0, FIRST_ROWS));

  return (
    <section className="delivery-log" aria-labelledby="delivery-log-title" data-testid="delivery-log">
      <h3 id="delivery-log-title" className="comms__heading">
        Webhook deliveries <span className="comms__count">to {webhook}</span>
      </h3>
      <p className="comms__hint" aria-live="polite">
        {error
          ? `Could not refresh: ${error}.${fetchedAt ? ` Showing what was fetched ${age(now - fetchedAt)} ago.` : ''}`
          : fetchedAt === null
            ? 'Loading…'
            : `Refreshed every ${POLL_MS / 1000} s.`}
      </p>
      {rows && rows.length === 0 && <p className="comms__empty">Nothing sent yet: publishing an update or changing the board sends an event.</p>}
      {rows && rows.length > 0 && (
        <div className="delivery-log__scroll">
          <table className="delivery-log__table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} className={`delivery delivery--${d.state}`} data-testid="delivery-row">
                  <td>
                    <span title={d.event}>{EVENT_LABEL[d.event]}</span>
                    <span className="delivery__sub">{zonedClock(d.createdAt, timeZone)}</span>
                  </td>
                  <td className="delivery__state">{stateText(d, now, timeZone)}</td>
                  <td>
                    <AttemptList attempts={d.attempts} timeZone={timeZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries && deliveries.length > FIRST_ROWS && (
        <button type="button" className="comms-button--quiet" onClick={() => setShowAll((v) => !v)}>
          {showAll ? `Show the newest ${FIRST_ROWS}` : `Show all ${deliveries.length}`}
        </button>
      )}
    </section>
  );
}

/** "DELIVERED", "RETRYING — next try 15:03:10 CET (in 12 s)", "FAILED after 5 attempts". */
function stateText(d: Delivery, now: number, timeZone: string): string {
  if (d.state === 'delivered') return 'DELIVERED';
  if (d.state === 'failed') return `FAILED after ${d.attempts.length} attempt${d.attempts.length === 1 ? '' : 's'}`;
  const verb = d.attempts.length === 0 ? 'SENDING' : 'RETRYING';
  if (d.nextAttemptAt === null) return verb;
  const at = Date.parse(d.nextAttemptAt);
  return `${verb} — next try ${zonedClock(at, timeZone)}${at > now ? ` (in ${age(at - now)})` : ''}`;
}

function AttemptList({ attempts, timeZone }: { attempts: readonly DeliveryAttempt[]; timeZone: string }) {
  if (attempts.length === 0) return <span className="delivery__sub">none yet</span>;
  return (
    <ol className="delivery__attempts">
      {/* Attempts are only ever appended: their position is their identity. */}
      {attempts.map((a, i) => (
        <li key={i}>
          <time dateTime={a.at}>{zonedClock(a.at, timeZone)}</time> · <span className={a.status !== null && a.status < 300 ? 'delivery__ok' : 'delivery__bad'}>{attemptResult(a)}</span> ·{' '}
          {formatDuration(a.durationMs)}
        </li>
      ))}
    </ol>
  );
}

/** "HTTP 200", "HTTP 503: Service Unavailable", "connection refused". */
function attemptResult(a: DeliveryAttempt): string {
  if (a.status === null) return a.error ?? 'no answer';
  return a.error ? `HTTP ${a.status}: ${a.error}` : `HTTP ${a.status}`;
}
