/**
 * Persistence behind one interface: SQLite by default, PostgreSQL later.
 * Every method is async so a networked store fits without changing callers.
 * A method resolves only once its writes are durable.
 */
import type { AuditEvent, TokenInfo } from '#shared/auth';
import type { Incident, IncidentStatus, Severity } from '#shared/incident';
import type { MetricPoint } from '#shared/metrics';
import type { Entry } from '#shared/timeline';

export type NewIncident = Omit<Incident, 'id' | 'version' | 'updatedAt'>;
export type NewEntry = Omit<Entry, 'id' | 'incidentId'>;
export type IncidentFields = { title?: string; severity?: Severity; status?: IncidentStatus };

export type StoredSample = { metric: string; source: string; at: number; value: number };
export type StoredHistory = { source: string; points: MetricPoint[] };

export type EntryPage = { entries: Entry[]; hasMore: boolean };
export type PageRequest = { before?: number; after?: number; limit: number };

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

export interface Store extends AuthStore {
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
  /** Entries in id order: after `after` ascending, else the latest before `before`. */
  listEntries(incidentId: number, page: PageRequest): Promise<EntryPage>;
  /** Keeps metric history across restarts; a sample already stored (same scope, metric, time) is ignored. */
  appendSamples(scope: string, samples: readonly StoredSample[]): Promise<void>;
  /** Each metric's samples since `since`, oldest first, at most `limit` per metric (the newest). */
  readSamples(scope: string, since: number, limit: number): Promise<Map<string, StoredHistory>>;
  /** Forgets samples older than `before`; resolves how many went. */
  pruneSamples(before: number): Promise<number>;
  close(): Promise<void>;
}
