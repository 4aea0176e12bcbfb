import { useStore } from '../store/store';
import { useCan } from '../session/permissions';
import { CadenceLine } from './cadence-line';
import { DraftList } from './draft-list';
import { PublishedLog } from './published-log';
import { UpdateEditor } from './update-editor';
import { useServerNow } from '../store/use-server-now';
import { useDriftMessages } from './use-comms-health';
import './comms.css';

/**
 * Public updates for the open incident: when the next is due, where the public story and the
 * room disagree, the editor, the drafts and what was published. Reads the room from the store;
 * every change arrives as a room event, so nothing here patches it.
 */
export function PublicUpdatesPanel() {
  const incidentId = useStore((s) => s.room?.incidentId ?? null);
  const timeZone = useStore((s) => s.room?.incident.timeZone ?? 'UTC');
  const status = useStore((s) => s.room?.incident.status ?? 'investigating');
  const canDraft = useCan('comms.draft');
  if (incidentId === null) return null;

  return (
    <div className="comms">
      <CadenceLine timeZone={timeZone} />
      <DriftList />
      {/* Keyed: another incident's editor starts from that incident's own saved text. */}
      {canDraft ? <UpdateEditor key={incidentId} incidentId={incidentId} incidentStatus={status} /> : <p className="comms__hint">Your role reads public updates; it does not write them.</p>}
      <DraftList incidentId={incidentId} timeZone={timeZone} />
      <PublishedLog timeZone={timeZone} />
    </div>
  );
}

/** Every way the public story disagrees with the room, in full (the header shows the first). */
function DriftList() {
  const drift = useDriftMessages(useServerNow());
  if (drift.length === 0) return null;
  return (
    <section className="comms-drift" aria-labelledby="comms-drift-title" data-testid="drift-list">
      <h3 id="comms-drift-title" className="comms__heading">
        ⚠ Public status drift
      </h3>
      <ul>
        {drift.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
      <p className="comms__hint">Publish an update that says what customers experience now.</p>
    </section>
  );
}
