import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { Incident } from '#shared/incident';
import type { Entry } from '#shared/timeline';
import { AlertPanels } from '../alerts/alert-panels';
import { CommsStatus } from '../comms/comms-status';
import { MetricGrid } from '../metrics/metric-grid';
import { closeRoom, openRoom } from '../socket/room';
import { useStore } from '../store/store';
import { Composer } from '../timeline/composer';
import { searchTimeline } from '../timeline/entry-actions';
import { PersonalZonePicker } from '../timeline/personal-zone';
import { PinnedStrip } from '../timeline/pinned-strip';
import { resolveJumpTime, useTimelineSearch } from '../timeline/timeline-search';
import { TimelineToolbar, useSystemEntriesFolded } from '../timeline/timeline-toolbar';
import { TimelineView, type TimelineHandle } from '../timeline/timeline-view';
import { ImpactView } from './impact-view';
import { IncidentControls } from './incident-controls';
import { IncidentTabs, type IncidentView } from './incident-tabs';
import { IncidentRoles } from './incident-roles';
import { PresenceList } from './presence-list';
import './incident-header.css';

export function IncidentPage({ id, view = 'room' }: { id: number; view?: IncidentView }) {
  useEffect(() => {
    openRoom(id);
    return closeRoom;
  }, [id]);
  const incident = useStore((s) => (s.room?.incidentId === id ? s.room.incident : null));
  const phase = useStore((s) => s.roomPhase);
  const error = useStore((s) => s.roomError);

  if (phase === 'error') {
    return (
      <main className="page page--message">
        <p role="alert">{error}</p>
        <Link href="/">All incidents</Link>
      </main>
    );
  }
  if (!incident) return <main className="page page--message">Joining incident {id}…</main>;

  return (
    <main className="incident">
      <header className="incident__head">
        <span className={`sev sev--${incident.severity}`}>{incident.severity}</span>
        <h1 className="incident__title">
          <span className="incident__id">#{incident.id}</span> {incident.title}
        </h1>
        <span className={`status status--${incident.status}`} data-testid="incident-status">
          {incident.status.toUpperCase()}
        </span>
        {incident.simulated && <span className="badge badge--sim">SIMULATED</span>}
        <IncidentControls incident={incident} />
        <CommsStatus />
        <div className="incident__people">
          <IncidentRoles incident={incident} />
          <PresenceList incidentId={incident.id} />
        </div>
        <IncidentTabs id={incident.id} view={view} />
      </header>
      {view === 'impact' ? (
        <ImpactView />
      ) : (
        <div className="incident__body">
          <div className="incident__main">
            <AlertPanels />
            <MetricGrid />
          </div>
          {/* Keyed: another incident starts with no search, no folds opened, a list of its own. */}
          <TimelineSection key={incident.id} incidentId={incident.id} timeZone={incident.timeZone} />
        </div>
      )}
    </main>
  );
}

/**
 * The timeline column: the tools to find things, pinned entries, the list (live, or search
 * results in its place), the composer. Its own component, so that typing a search re-renders
 * this column and not the metrics beside it.
 */
function TimelineSection({ incidentId, timeZone }: Pick<Incident, 'timeZone'> & { incidentId: number }) {
  const search = useTimelineSearch(incidentId, searchTimeline);
  const { query, clear, results, loadOlder } = search;
  const resultsMode = useMemo(() => (results ? { results, loadOlder, onClear: clear } : null), [results, loadOlder, clear]);
  const [folded, setFolded] = useSystemEntriesFolded();
  const timeline = useRef<TimelineHandle>(null);
  const [jumpNote, setJumpNote] = useState<string | null>(null);
  // A pinned entry picked while results show: back to the live timeline first, then there.
  const queued = useRef<Entry | null>(null);

  const jumpThere = useCallback((entry: Entry) => void timeline.current?.jumpToEntry(entry).then((note) => setJumpNote(note || null)), []);
  const jumpToEntry = useCallback(
    (entry: Entry) => {
      setJumpNote(null);
      if (query !== null) {
        queued.current = entry;
        clear();
        return;
      }
      jumpThere(entry);
    },
    [query, clear, jumpThere],
  );
  useEffect(() => {
    const entry = queued.current;
    if (entry === null || query !== null) return;
    queued.current = null;
    // The live list rendered with this commit, so the handle is its own.
    jumpThere(entry);
  }, [query, jumpThere]);

  const jumpToTime = useCallback(
    (text: string) => {
      const { room, connection } = useStore.getState();
      const latest = room?.entries.at(-1)?.occurredAt ?? null;
      // The server's now: "later than now means yesterday" must not hinge on a laptop's skewed clock.
      const time = resolveJumpTime(text, { timeZone, latest, now: Date.now() + connection.clockOffsetMs });
      const list = timeline.current;
      if ('error' in time || list === null) return setJumpNote('error' in time ? time.error : null);
      setJumpNote(`Looking for ${time.label}…`);
      void list.jumpToTime(time.at, time.label).then(setJumpNote);
    },
    [timeZone],
  );

  return (
    <section className="incident__timeline" aria-label="Timeline">
      <h2 className="sr-only">Timeline</h2>
      <p className="incident__zone">
        Times: UTC · {timeZone} <PersonalZonePicker incidentTimeZone={timeZone} />
      </p>
      <TimelineToolbar
        search={search}
        folded={folded}
        onFoldedChange={setFolded}
        onJumpToTime={jumpToTime}
        jumpNote={jumpNote}
        timeZone={timeZone}
      />
      <PinnedStrip timeZone={timeZone} onJump={jumpToEntry} />
      <TimelineView
        ref={timeline}
        incidentId={incidentId}
        timeZone={timeZone}
        folded={folded}
        search={resultsMode}
      />
      <Composer incidentId={incidentId} timeZone={timeZone} />
    </section>
  );
}
