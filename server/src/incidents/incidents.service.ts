import { type CreateIncidentInput, type Incident, type IncidentChanges, IncidentRole, ROLE_TITLE } from '#shared/incident';
import type { z } from 'zod';
import { type Actor, authorize, type RequestContext } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Rooms } from '../rooms/rooms';
import type { NewEntry, Store } from '../store/store';

type Changes = z.output<typeof IncidentChanges>;

export type IncidentsDeps = {
  store: Store;
  rooms: Rooms;
  clock: Clock;
  /** Tells every connected client (lists) that an incident was created or changed. */
  announce: (incident: Incident) => void;
  /** The configured feed sources an incident may follow. */
  knownSources: () => string[];
  /** The configured outgoing webhooks an incident may publish to. */
  knownWebhooks: () => string[];
};

export type CreateOptions = { drill?: Incident['drill'] };
/** `recordedAt`: a replayed scenario's recorded time, as the change entry's occurred time. */
export type ChangeOptions = { simulated?: boolean; recordedAt?: number };

export class IncidentsService {
  constructor(private readonly deps: IncidentsDeps) {}

  list(): Promise<Incident[]> {
    return this.deps.store.listIncidents();
  }

  async get(id: number): Promise<Incident> {
    return (await this.deps.store.getIncident(id)) ?? notFound(id);
  }

  /** A drill's incident is simulated and follows only its own metrics; any other follows `sources` (default: all). */
  async create(input: CreateIncidentInput, ctx: Pick<RequestContext, 'actor'>, options: CreateOptions = {}): Promise<Incident> {
    authorize(ctx.actor, 'incident.create', 'open an incident');
    const known = new Set(this.deps.knownSources());
    input.sources?.forEach((id, i) => {
      if (!known.has(id)) throw new AppError('bad_request', `sources[${i}]: no feed source ${id} is configured`, `sources[${i}]`);
    });
    this.checkWebhook(input.webhook);
    const { sources, webhook, ...fields } = input;
    const incident = await this.deps.store.createIncident({
      ...fields,
      webhook: webhook ?? null,
      simulated: options.drill !== undefined,
      drill: options.drill ?? null,
      sources: options.drill ? null : (sources ?? null),
      createdAt: isoAt(this.deps.clock.now()),
    });
    this.deps.announce(incident);
    return incident;
  }

  /** An incident imported from another instance's export: lists everywhere show it. */
  imported(incident: Incident): void {
    this.deps.announce(incident);
  }

  private checkWebhook(webhook: string | null | undefined): void {
    if (webhook === null || webhook === undefined || this.deps.knownWebhooks().includes(webhook)) return;
    throw new AppError('bad_request', `webhook: no outgoing webhook ${webhook} is configured`, 'webhook');
  }

  /** Applies changes and records each status or severity change in the timeline, atomically. */
  async update(id: number, changes: Changes, ctx: Pick<RequestContext, 'actor'>, options: ChangeOptions = {}): Promise<Incident> {
    authorize(ctx.actor, 'incident.update', 'change an incident');
    this.checkWebhook(changes.webhook);
    const room = await this.deps.rooms.get(id);
    // Without an explicit version the caller wants its change applied: retry on a concurrent one.
    for (let attempt = 0; ; attempt++) {
      const current = attempt === 0 ? room.current : await this.get(id);
      if (changes.version !== undefined && changes.version !== current.version) {
        throw new AppError('conflict', `version: incident is at version ${current.version}, not ${changes.version}`, 'version');
      }
      const now = isoAt(this.deps.clock.now());
      const occurredAt = options.recordedAt === undefined ? now : isoAt(options.recordedAt);
      const entries = changeEntries(current, changes, { now, occurredAt }, ctx.actor, options.simulated ?? false);
      if (entries.length === 0) return current;
      const roles = changes.roles && Object.fromEntries(Object.entries(changes.roles).map(([role, name]) => [role, name?.trim() ?? null]));
      const fields = { title: changes.title, severity: changes.severity, status: changes.status, roles, webhook: changes.webhook };
      const saved = await this.deps.store.updateIncident(id, current.version, fields, now, entries);
      if (saved) {
        room.publish({ type: 'incident:updated', incident: saved.incident });
        for (const e of saved.entries) room.publish({ type: 'timeline:posted', entry: e });
        this.deps.announce(saved.incident);
        return saved.incident;
      }
      if (changes.version !== undefined || attempt >= 2) {
        throw new AppError('conflict', 'version: the incident changed meanwhile; reload and retry', 'version');
      }
    }
  }
}

/** The timeline entries that record a change, one per field that actually changes: who, when, from what. */
function changeEntries(current: Incident, changes: Changes, at: { now: string; occurredAt: string }, actor: Actor, simulated: boolean): NewEntry[] {
  const entry = (text: string): NewEntry => ({
    kind: 'status',
    text,
    component: null,
    author: actor.name,
    onBehalfOf: null,
    occurredAt: at.occurredAt,
    loggedAt: at.now,
    clientId: null,
    simulated,
    action: null,
    evidence: null,
  });
  const entries: NewEntry[] = [];
  if (changes.status && changes.status !== current.status) {
    entries.push(entry(`Status changed from ${current.status} to ${changes.status}`));
  }
  if (changes.severity && changes.severity !== current.severity) {
    entries.push(entry(`Severity changed from ${current.severity} to ${changes.severity}`));
  }
  if (changes.title && changes.title !== current.title) entries.push(entry(`Title changed to “${changes.title}”`));
  if (changes.webhook !== undefined && changes.webhook !== current.webhook) {
    entries.push(entry(changes.webhook === null ? 'Public updates no longer go to a webhook' : `Public updates and impact changes now go to webhook ${changes.webhook}`));
  }
  for (const role of IncidentRole.options) {
    const next = changes.roles?.[role];
    const was = current.roles[role];
    if (next === undefined || (next?.trim() ?? null) === was) continue;
    entries.push(entry(handover(ROLE_TITLE[role], was, next?.trim() ?? null)));
  }
  return entries;
}

function handover(title: string, was: string | null, next: string | null): string {
  if (next === null) return `${title}: nobody now (was ${was})`;
  return was === null ? `${title}: ${next}` : `${title}: handed over from ${was} to ${next}`;
}

function notFound(id: number): never {
  throw AppError.notFound(`incident ${id}`);
}
