import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { IncidentRole, ROLE_TITLE, type Incident } from '#shared/incident';
import { refusalText } from '../api/http';
import { useCan } from '../session/permissions';
import { socket } from '../socket/socket';
import { useStore } from '../store/store';
import './incident-header.css';

const SHORT: Record<IncidentRole, string> = { commander: 'Commander', scribe: 'Scribe', comms: 'Comms' };
const ACK_TIMEOUT_MS = 8000;

/**
 * Who holds each incident role: "Commander: Alice · Scribe: — · Comms: —". Someone who may
 * update the incident can assign or hand over a role in place; the server logs every handover
 * as a status entry in the timeline.
 */
export function IncidentRoles({ incident }: { incident: Incident }) {
  const canAssign = useCan('incident.update');
  const [editing, setEditing] = useState<IncidentRole | null>(null);
  const buttons = useRef<Partial<Record<IncidentRole, HTMLButtonElement | null>>>({});

  const close = (role: IncidentRole) => {
    setEditing(null);
    // Back where the keyboard was, once the button is there again.
    requestAnimationFrame(() => buttons.current[role]?.focus());
  };

  return (
    <div className="roles" role="group" aria-label="Incident roles">
      {IncidentRole.options.map((role, i) => {
        const holder = incident.roles[role];
        return (
          <Fragment key={role}>
            {i > 0 && (
              <span className="roles__sep" aria-hidden="true">
                ·
              </span>
            )}
            {editing === role ? (
              <RoleForm incident={incident} role={role} onDone={() => close(role)} />
            ) : (
              <span className="role">
                <abbr className="role__title" title={ROLE_TITLE[role]}>
                  {SHORT[role]}
                </abbr>
                :{' '}
                {holder ? (
                  <span className="role__holder">{holder}</span>
                ) : (
                  <span className="role__holder role__holder--none">
                    <span aria-hidden="true">—</span>
                    <span className="sr-only">nobody</span>
                  </span>
                )}
                {canAssign && (
                  <button
                    type="button"
                    className="role__change"
                    ref={(el) => {
                      buttons.current[role] = el;
                    }}
                    onClick={() => setEditing(role)}
                    aria-label={`${holder ? 'Hand over' : 'Assign'} ${ROLE_TITLE[role].toLowerCase()}`}
                  >
                    {holder ? 'hand over' : 'assign'}
                  </button>
                )}
              </span>
            )}
          </Fragment>
        );
      })}
    </div>
  );
}

/** A name for one role (empty: nobody), from the people present or typed; "Take over" gives it to oneself. */
function RoleForm({ incident, role, onDone }: { incident: Incident; role: IncidentRole; onDone: () => void }) {
  const me = useStore((s) => s.session.actor?.name ?? null);
  const live = useStore((s) => s.connection.status === 'live');
  const present = useStore(useShallow((s) => (s.presence?.incidentId === incident.id ? s.presence.people.map((p) => p.name) : [])));
  const holder = incident.roles[role];
  const [name, setName] = useState(holder ?? '');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const send = async (to: string | null) => {
    setSending(true);
    setError(null);
    const roles: Partial<Record<IncidentRole, string | null>> = {};
    roles[role] = to;
    try {
      // The version refuses a handover made on top of one this screen has not seen yet.
      const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('incident:update', { incidentId: incident.id, version: incident.version, roles });
      if (ack.ok) onDone();
      else setError(refusalText(ack.error));
    } catch {
      setError('not confirmed by the server: check the connection and try again');
    } finally {
      setSending(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const to = name.trim();
    if (to === (holder ?? '')) return onDone();
    void send(to === '' ? null : to);
  };

  const names = [...new Set(present)].toSorted((a, b) => a.localeCompare(b));
  return (
    <form
      className="role-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <label>
        <abbr className="role__title" title={ROLE_TITLE[role]}>
          {SHORT[role]}
        </abbr>
        :{' '}
        <input
          ref={input}
          value={name}
          onChange={(e) => setName(e.target.value)}
          list={listId}
          maxLength={80}
          placeholder="nobody"
          aria-label={`${ROLE_TITLE[role]}: name, empty for nobody`}
          disabled={sending}
        />
      </label>
      <datalist id={listId}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <button type="submit" disabled={!live || sending}>
        {sending ? 'Saving…' : 'Save'}
      </button>
      {me && me !== holder && (
        <button type="button" disabled={!live || sending} onClick={() => void send(me)}>
          Take over
        </button>
      )}
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {!live && <span className="role-form__hint">offline: can be saved once connected</span>}
      {error && (
        <span className="controls__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
