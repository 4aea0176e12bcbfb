/**
 * Persistence behind one interface: SQLite by default, PostgreSQL later.
 * Every method is async so a networked store fits without changing callers.
 * A method resolves only once its writes are durable.
 */
import type { AuditEvent, TokenInfo } from '#shared/auth';
import type { Incident, IncidentRoles, IncidentStatus, Severity } from '#shared/incident';
import type { MetricPoint } from '#shared/metrics';
import type { Entry, EntryKind, Revision } from '#shared/timeline';
import type { Delivery, DeliveryAttempt, OutgoingEventType } from '#shared/deliveries';
import type { FollowUp } from '#shared/follow-ups';
import type { ImpactCell, ImpactChange, ImpactStatus } from '#shared/impact';
import type { IncidentExport, MetricSummary } from '#shared/incident-export';
import type { PublicUpdate } from '#shared/public-updates';

export type NewIncident = Omit<Incident, 'id' | 'version' | 'updatedAt' | 'roles'>;
export type NewEntry = Pick<
  Entry,
  'kind' | 'text' | 'component' | 'author' | 'onBehalfOf' | 'occurredAt' | 'loggedAt' | 'clientId' | 'simulated' | 'action' | 'evidence'
>;
export type IncidentFields = { title?: string; severity?: Severity; status?: IncidentStatus; roles?: Partial<IncidentRoles>; webhook?: string | null };

/** A change to a stored entry: the fields it sets, who made it and when. */
export type EntryChange = {
  change: Exclude<Revision['change'], 'posted'>;
  by: string;
  at: string;
  fields: Partial<Pick<Entry, 'text' | 'kind' | 'component' | 'occurredAt' | 'action' | 'retracted' | 'pinned'>>;
};
export type ReviseResult = { entry: Entry } | { conflict: Entry };

/** A timeline read: a page in timeline order, or (with `after`) what was stored after an id. */
export type EntryQuery = {
  before?: number;
  after?: number;
  limit: number;
  q?: string;
  kind?: EntryKind;
  component?: string;
  author?: string;
  pinned?: boolean;
};

export type StoredSample = { metric: string; source: string; at: number; value: number };
export type StoredHistory = { source: string; points: MetricPoint[] };

export type EntryPage = { entries: Entry[]; hasMore: boolean };

export type StoredToken = TokenInfo & { hash: string };
export type NewAuditEvent = Omit<AuditEvent, 'id'>;

/** Tokens, sessions and the audit log. */
export interface AuthStore {
  createToken(token: StoredToken): Promise<TokenInfo>;
  listTokens(): Promise<TokenInfo[]>;
  tokenByHash(hash: string): Promise<StoredToken | null>;
  tokenById(id: string): Promise<StoredToken | null>;
  /** Resolves the token as revoked, or null if there is none by that id. Revoking twice keeps the first time. */
  revokeToken(id: string, at: string): Promise<TokenInfo | null>;
  /** Records the first use; resolves true only the first time. */
  markTokenUsed(id: string, at: string): Promise<boolean>;
  /** Tokens revoked at or after `since` (a token revoked by the CLI reaches the running server this way). */
  revokedSince(since: string): Promise<string[]>;
  countTokens(): Promise<number>;
  createSession(session: { hash: string; tokenId: string; createdAt: string; expiresAt: string }): Promise<void>;
  sessionByHash(hash: string): Promise<{ tokenId: string; expiresAt: string } | null>;
  deleteSession(hash: string): Promise<void>;
  /** Deletes sessions that ended by `now` or whose token is revoked; resolves how many. */
  pruneSessions(now: string): Promise<number>;
  appendAudit(event: NewAuditEvent): Promise<void>;
  /** Newest first; `before` an id for the next page. */
  listAudit(page: { before?: number; limit: number }): Promise<AuditEvent[]>;
}

export type NewDelivery = { incidentId: number; webhook: string; event: OutgoingEventType; payload: string; createdAt: string };
export type PendingDelivery = Delivery & { payload: string };

/** The outgoing webhook's deliveries: kept, so retries survive a restart and the log shows every attempt. */
export interface DeliveryStore {
  /** Stores a delivery as pending, its first attempt due at once (`nextAttemptAt` = `createdAt`). */
  createDelivery(delivery: NewDelivery): Promise<PendingDelivery>;
  /** Appends an attempt and sets what follows it: another try at `nextAttemptAt`, or the end. */
  recordAttempt(id: number, attempt: DeliveryAttempt, next: { state: Delivery['state']; nextAttemptAt: string | null }): Promise<Delivery>;
  /** An incident's deliveries, newest first. */
  listDeliveries(incidentId: number, limit: number): Promise<Delivery[]>;
  /** Every delivery still pending, oldest first: what a restarted server resumes. */
  pendingDeliveries(): Promise<PendingDelivery[]>;
}

/** One cell to set: the board keeps it, and its history, only when it changes. */
export type ImpactWrite = { product: string; zone: string; status: ImpactStatus; description: string };
export type NewPublicUpdate = Omit<PublicUpdate, 'id' | 'incidentId' | 'version'> & { clientId: string | null };
export type PublicUpdateChange = Partial<Pick<PublicUpdate, 'status' | 'text' | 'state' | 'publishedAt' | 'publishedBy' | 'impacts'>>;
export type NewFollowUp = Omit<FollowUp, 'id' | 'incidentId' | 'version'>;
export type FollowUpChange = Partial<Pick<FollowUp, 'area' | 'title' | 'owner' | 'ref' | 'done'>>;
/** A versioned change: the new value, the current one when the version moved on, or null when there is none. */
export type Versioned<T> = { value: T } | { conflict: T } | null;

/** The deliveries announcing a change to the incident's webhook, given what was stored: stored with it. */
export type Announce<T> = (stored: T) => NewDelivery[];
/** A change stored with its recording entries and the webhook deliveries announcing it. */
export type Recorded = { entries: Entry[]; deliveries: PendingDelivery[] };

/**
 * The impact board, public updates and action items. Each change is stored in one transaction
 * with the timeline entries recording it and the deliveries announcing it: all or nothing.
 */
export interface CommsStore {
  listImpacts(incidentId: number): Promise<ImpactCell[]>;
  /** Every change of every cell, oldest first. */
  listImpactChanges(incidentId: number): Promise<ImpactChange[]>;
  /**
   * Writes the cells that change (one already so is left alone) and their history. `expected`:
   * the version each zone's cell was seen at (0: never set); any other is a conflict, nothing written.
   * `record` names the entries that record the changed cells.
   */
  setImpacts(
    incidentId: number,
    writes: readonly ImpactWrite[],
    change: { by: string; at: string; expected: ReadonlyMap<string, number> | null },
    record: (changed: ImpactCell[]) => NewEntry[],
    announce: Announce<ImpactCell[]>,
  ): Promise<({ cells: ImpactCell[] } & Recorded) | { conflict: { zone: string; version: number } }>;
  getUpdate(incidentId: number, id: number): Promise<PublicUpdate | null>;
  listUpdates(incidentId: number): Promise<PublicUpdate[]>;
  /** An update with the same (incident, clientId) is returned instead, uncreated, with nothing recorded or announced. */
  createUpdate(
    incidentId: number,
    update: NewPublicUpdate,
    entries: NewEntry[],
    announce: Announce<PublicUpdate>,
  ): Promise<{ update: PublicUpdate; created: boolean } & Recorded>;
  /** Changes a draft still at `expectedVersion`; a published or discarded update, or another version, is a conflict. */
  changeDraft(
    incidentId: number,
    id: number,
    expectedVersion: number,
    change: PublicUpdateChange,
    entries: NewEntry[],
    announce: Announce<PublicUpdate>,
  ): Promise<({ value: PublicUpdate } & Recorded) | { conflict: PublicUpdate } | null>;
  listFollowUps(incidentId: number): Promise<FollowUp[]>;
  createFollowUp(incidentId: number, followUp: NewFollowUp): Promise<FollowUp>;
  changeFollowUp(incidentId: number, id: number, expectedVersion: number, change: FollowUpChange): Promise<Versioned<FollowUp>>;
  /** Stores a whole exported incident under new ids, in one transaction; resolves the new incident. */
  importIncident(bundle: IncidentExport): Promise<Incident>;
  /** The metric summary an imported incident brought; null for an incident recorded here. */
  importedMetrics(incidentId: number): Promise<MetricSummary[] | null>;
}

export interface Store extends AuthStore, DeliveryStore, CommsStore {
  listIncidents(): Promise<Incident[]>;
  getIncident(id: number): Promise<Incident | null>;
  createIncident(incident: NewIncident): Promise<Incident>;
  /**
   * Changes an incident if it is still at `expectedVersion`, and stores `entries` in the
   * same transaction. Resolves null (nothing written) when the version moved on.
   */
  updateIncident(
    id: number,
    expectedVersion: number,
    fields: IncidentFields,
    updatedAt: string,
    entries: NewEntry[],
  ): Promise<{ incident: Incident; entries: Entry[] } | null>;
  /** Stores an entry; an entry with the same (incident, clientId) is returned instead, uncreated. */
  appendEntry(incidentId: number, entry: NewEntry): Promise<{ entry: Entry; created: boolean }>;
  /**
   * With `after`: entries stored after that id, in id order. Otherwise the latest page in
   * timeline order (occurred time, then id) before the entry `before`, filtered, oldest first.
   */
  listEntries(incidentId: number, query: EntryQuery): Promise<EntryPage>;
  getEntry(incidentId: number, entryId: number): Promise<Entry | null>;
  /**
   * Writes a new version of an entry, keeping the one it replaces in its history. Resolves the
   * current entry as a conflict (nothing written) when it is no longer at `expectedVersion`,
   * and null when there is no such entry.
   */
  reviseEntry(incidentId: number, entryId: number, expectedVersion: number | null, change: EntryChange): Promise<ReviseResult | null>;
  /** Every version of an entry, oldest first, the current one last; null when there is no such entry. */
  listRevisions(incidentId: number, entryId: number): Promise<Revision[] | null>;
  /** Pinned entries in timeline order, at most `limit` (the latest). */
  listPinned(incidentId: number, limit: number): Promise<Entry[]>;
  /** Keeps metric history across restarts; a sample already stored (same scope, metric, time) is ignored. */
  appendSamples(scope: string, samples: readonly StoredSample[]): Promise<void>;
  /** Each metric's samples since `since`, oldest first, at most `limit` per metric (the newest). */
  readSamples(scope: string, since: number, limit: number): Promise<Map<string, StoredHistory>>;
  /** Forgets samples older than `before`; resolves how many went. */
  pruneSamples(before: number): Promise<number>;
  close(): Promise<void>;
}
