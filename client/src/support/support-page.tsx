import { useEffect } from 'react';
import { Link } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import { cellKey, IMPACT_LABEL, productNamed, IMPACT_RANK, type ImpactCell, type ImpactSetup } from '#shared/impact';
import type { Incident, IncidentStatus } from '#shared/incident';
import { lastPublished, PUBLIC_STATUS_LABEL, type PublicUpdate } from '#shared/public-updates';
import { age } from '../lib/time';
import { useNow } from '../lib/use-now';
import { closeRoom, openRoom } from '../socket/room';
import { useStore } from '../store/store';
import { useServerNow } from '../store/use-server-now';
import '../impact/impact.css';
import { zonedMinute } from '../timeline/entry-format';
import './support.css';

/** The incident's status as a customer would hear it. */
const CUSTOMER_STATUS: Record<IncidentStatus, string> = {
  investigating: 'We are investigating',
  identified: 'The cause is identified',
  monitoring: 'A fix is in place and we are monitoring',
  resolved: 'Resolved',
};

/**
 * For support staff answering customers, on a phone as well as a desk: what customers
 * experience now, what was said publicly, and what to tell them. Plain words only: no
 * metrics, no infrastructure. Says loudly when it is not up to date, so an old impact is
 * never read out as current.
 */
export function SupportPage({ id }: { id: number }) {
  useEffect(() => {
    openRoom(id);
    return closeRoom;
  }, [id]);
  // Only what this page shows: metric samples arrive many times a second and must not re-render it.
  const room = useStore(
    useShallow((s) =>
      s.room?.incidentId === id
        ? { incident: s.room.incident, setup: s.room.setup, impacts: s.room.impacts, updates: s.room.updates }
        : null,
    ),
  );
  const phase = useStore((s) => s.roomPhase);
  const error = useStore((s) => s.roomError);

  if (phase === 'error') {
    return (
      <main className="support support--message">
        <p role="alert">{error}</p>
        <Link href="/">All incidents</Link>
      </main>
    );
  }
  if (!room) return <main className="support support--message">Joining incident {id}…</main>;
  return <SupportView {...room} />;
}

type ViewProps = { incident: Incident; setup: ImpactSetup; impacts: ImpactCell[]; updates: PublicUpdate[] };

function SupportView({ incident, setup, impacts, updates }: ViewProps) {
  const live = useStore((s) => s.connection.status === 'live' && s.roomPhase === 'live');
  const now = useServerNow();
  const when = (iso: string) => `${zonedMinute(iso, incident.timeZone)} (${age(now - Date.parse(iso))} ago)`;
  const affected = worstFirst(setup, impacts);
  const latest = lastPublished(updates);

  return (
    <main className="support" data-testid="support-page">
      <NotUpToDate timeZone={incident.timeZone} />
      <header className="support__head">
        <h1 className="support__title">
          <span className="support__id">#{incident.id}</span> {incident.title}
        </h1>
        {incident.simulated && (
          <p className="support__drill">This is a drill: nothing here concerns real customers. Do not tell customers about it.</p>
        )}
        <p className={`support__status support__status--${incident.status}`} data-testid="support-status" data-status={incident.status}>
          {CUSTOMER_STATUS[incident.status]}
        </p>
      </header>

      <div className={live ? 'support__body' : 'support__body support__body--not-live'}>
        <section className="support__section" aria-labelledby="support-impact-title">
          <h2 id="support-impact-title">Customer impact now</h2>
          {affected.length > 0 && (
            <ul className="support__impacts">
              {affected.map(({ cell, name }) => (
                <li
                  key={cellKey(cell)}
                  className={`support-impact support-impact--${cell.status}`}
                  data-testid="support-impact"
                  data-product={cell.product}
                  data-zone={cell.zone}
                  data-status={cell.status}
                >
                  <p className="support-impact__what">
                    {name} — {cell.zone}: <span className={`impact-status impact-status--${cell.status}`}>{IMPACT_LABEL[cell.status]}</span>
                  </p>
                  {cell.description.trim() !== '' && <p className="support-impact__description">{cell.description}</p>}
                  <p className="support-impact__since">since {when(cell.since)}</p>
                </li>
              ))}
            </ul>
          )}
          <p className="support__others">
            {affected.length === 0
              ? 'No customer impact recorded.'
              : affected.length < setup.products.length * setup.zones.length
                ? 'All other products are operating normally.'
                : null}
          </p>
        </section>

        <section className="support__section" aria-labelledby="support-update-title">
          <h2 id="support-update-title">Latest public update</h2>
          {latest ? (
            <div className="support-update" data-testid="support-latest-update">
              <p className="support-update__meta">
                <span className={`support-update__status support__status--${latest.status}`}>{PUBLIC_STATUS_LABEL[latest.status]}</span>
                {latest.publishedAt && <> · published {when(latest.publishedAt)}</>}
              </p>
              <p className="support-update__text">{latest.text}</p>
            </div>
          ) : (
            <p className="support__none">Nothing has been published yet.</p>
          )}
        </section>

        <section className="support__section" aria-labelledby="support-tell-title">
          <h2 id="support-tell-title">What to tell customers</h2>
          <p className="support__tell-status">{CUSTOMER_STATUS[incident.status]}.</p>
          {latest ? (
            <blockquote className="support__quote" data-testid="support-tell-update">
              {latest.text}
            </blockquote>
          ) : (
            <p className="support__none">Nothing has been published yet: say no more than the status above and what follows.</p>
          )}
          {affected.length > 0 && (
            <ul className="support__tell">
              {customerLines(affected).map((line) => (
                <li key={line.key}>
                  <strong>{line.name}</strong> ({line.zones.join(', ')}): {line.text}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <p className="support__room">
        <Link href={`/incidents/${incident.id}`}>Open the full incident room</Link>
      </p>
    </main>
  );
}

/** Said first and loudly: this page is not following the room, so nothing on it is current. */
function NotUpToDate({ timeZone }: { timeZone: string }) {
  const status = useStore((s) => s.connection.status);
  const since = useStore((s) => s.connection.since);
  const phase = useStore((s) => s.roomPhase);
  const offsetMs = useStore((s) => s.connection.clockOffsetMs);
  const now = useNow();
  if (status === 'live' && phase === 'live') return null;
  const lost = status === 'live' ? 'Catching up with the incident.' : `Connection lost at ${zonedMinute(since + offsetMs, timeZone)} (${age(now - since)} ago).`;
  return (
    <div className="support__not-live" data-testid="support-not-live" data-state={status === 'live' ? phase : status}>
      {/* Only the unchanging words are live: a ticking age would be read out every second. */}
      <p className="support__not-live-title" role="alert">
        Not up to date — reconnecting
      </p>
      <p className="support__not-live-detail">{lost} Do not read the impact below as current.</p>
    </div>
  );
}

type Affected = { cell: ImpactCell; name: string };

/** Every non-operational cell, worst first, then in the board's order of products and zones. */
function worstFirst(setup: ImpactSetup, impacts: readonly ImpactCell[]): Affected[] {
  const productAt = new Map(setup.products.map((p, i) => [p.id, i]));
  const zoneAt = new Map(setup.zones.map((z, i) => [z, i]));
  const last = Number.MAX_SAFE_INTEGER;
  return impacts
    .filter((c) => c.status !== 'operational')
    .toSorted(
      (a, b) =>
        IMPACT_RANK[b.status] - IMPACT_RANK[a.status] ||
        (productAt.get(a.product) ?? last) - (productAt.get(b.product) ?? last) ||
        (zoneAt.get(a.zone) ?? last) - (zoneAt.get(b.zone) ?? last) ||
        a.product.localeCompare(b.product) ||
        a.zone.localeCompare(b.zone),
    )
    .map((cell) => ({ cell, name: productNamed(setup.products, cell.product) }));
}

type CustomerLine = { key: string; name: string; zones: string[]; text: string };

/** One line per product and description, its zones together: "Databases (PAR6, PAR7): writes fail". */
function customerLines(affected: readonly Affected[]): CustomerLine[] {
  const lines = new Map<string, CustomerLine>();
  for (const { cell, name } of affected) {
    // Without a description the status word is the plainest thing to say.
    const text = cell.description.trim() || IMPACT_LABEL[cell.status];
    const key = `${cell.product}\u0000${text}`;
    const line = lines.get(key);
    if (line) line.zones.push(cell.zone);
    else lines.set(key, { key, name, zones: [cell.zone], text });
  }
  return [...lines.values()];
}

