/**
 * The SQLite side of the timeline: entries in timeline order (occurred time, then id), every
 * superseded version kept in entry_revisions, full-text search through FTS5.
 */
import type Database from 'better-sqlite3';
import type { ActionState, DecisionEvidence, Entry, Retraction, Revision } from '#shared/timeline';
import type { EntryChange, EntryPage, EntryQuery, NewEntry, ReviseResult } from '../store';
import { ftsQuery } from './fts-query';
import { groupCommit } from './group-commit';

type EntryRow = {
  id: number;
  incident_id: number;
  kind: Entry['kind'];
  text: string;
  component: Entry['component'];
  author: string;
  on_behalf_of: string | null;
  occurred_at: string;
  created_at: string;
  client_id: string | null;
  simulated: number;
  version: number;
  change: Revision['change'];
  revised_by: string | null;
  revised_at: string | null;
  retracted: string | null;
  pinned: number;
  action: string | null;
  evidence: string | null;
};
type RevisionRow = Omit<Revision, 'occurredAt' | 'action' | 'retracted'> & { occurred_at: string; action: string | null; retracted: string | null };

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

const toEntry = (r: EntryRow): Entry => ({
  id: r.id,
  incidentId: r.incident_id,
  kind: r.kind,
  text: r.text,
  component: r.component,
  author: r.author,
  onBehalfOf: r.on_behalf_of,
  occurredAt: r.occurred_at,
  loggedAt: r.created_at,
  clientId: r.client_id,
  simulated: r.simulated === 1,
  version: r.version,
  revisedBy: r.revised_by,
  revisedAt: r.revised_at,
  retracted: json<Retraction>(r.retracted),
  pinned: r.pinned === 1,
  action: json<ActionState>(r.action),
  evidence: json<DecisionEvidence>(r.evidence),
});

/** The entry's version as its history shows it. */
const toRevision = (e: Entry, change: Revision['change']): Revision => ({
  version: e.version,
  change,
  by: e.revisedBy ?? e.author,
  at: e.revisedAt ?? e.loggedAt,
  text: e.text,
  kind: e.kind,
  component: e.component,
  occurredAt: e.occurredAt,
  action: e.action,
  retracted: e.retracted,
});

export function sqliteEntryStore(db: Database.Database, onCommit?: (seconds: number) => void) {
  const q = {
    insert: db.prepare<unknown[], EntryRow>(
      `INSERT INTO entries (incident_id, kind, text, component, author, on_behalf_of, occurred_at, created_at, client_id, simulated, action, evidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    byClientId: db.prepare<[number, string], EntryRow>('SELECT * FROM entries WHERE incident_id = ? AND client_id = ?'),
    byId: db.prepare<[number, number], EntryRow>('SELECT * FROM entries WHERE incident_id = ? AND id = ?'),
    storedAfter: db.prepare<[number, number, number], EntryRow>('SELECT * FROM entries WHERE incident_id = ? AND id > ? ORDER BY id ASC LIMIT ?'),
    pinned: db.prepare<[number, number], EntryRow>(
      'SELECT * FROM entries WHERE incident_id = ? AND pinned = 1 ORDER BY occurred_at DESC, id DESC LIMIT ?',
    ),
    keepRevision: db.prepare<unknown[]>(
      `INSERT INTO entry_revisions (entry_id, version, change, by, at, text, kind, component, occurred_at, action, retracted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    revisions: db.prepare<[number], RevisionRow>('SELECT * FROM entry_revisions WHERE entry_id = ? ORDER BY version'),
    update: db.prepare<unknown[], EntryRow>(
      `UPDATE entries SET text = ?, kind = ?, component = ?, occurred_at = ?, action = ?, retracted = ?, pinned = ?,
         version = version + 1, change = ?, revised_by = ?, revised_at = ?
       WHERE id = ? RETURNING *`,
    ),
  };

  const insert = (incidentId: number, e: NewEntry): Entry =>
    toEntry(
      q.insert.get(
        incidentId, e.kind, e.text, e.component, e.author, e.onBehalfOf, e.occurredAt, e.loggedAt,
        e.clientId, e.simulated ? 1 : 0, text(e.action), text(e.evidence),
      )!,
    );

  const append = db.transaction((incidentId: number, e: NewEntry) => {
    const existing = e.clientId === null ? undefined : q.byClientId.get(incidentId, e.clientId);
    if (existing) return { entry: toEntry(existing), created: false };
    return { entry: insert(incidentId, e), created: true };
  });

  const revise = db.transaction((incidentId: number, entryId: number, expected: number | null, c: EntryChange): ReviseResult | null => {
    const row = q.byId.get(incidentId, entryId);
    if (!row) return null;
    const current = toEntry(row);
    if (expected !== null && expected !== current.version) return { conflict: current };
    const before = toRevision(current, row.change);
    q.keepRevision.run(
      entryId, before.version, before.change, before.by, before.at, before.text, before.kind, before.component,
      before.occurredAt, text(before.action), text(before.retracted),
    );
    const next = { ...current, ...c.fields };
    const updated = q.update.get(
      next.text, next.kind, next.component, next.occurredAt, text(next.action), text(next.retracted), next.pinned ? 1 : 0,
      c.change, c.by, c.at, entryId,
    )!;
    return { entry: toEntry(updated) };
  });

  /** Statements for the filter combinations in use, built once each. */
  const pages = new Map<string, Database.Statement<unknown[], EntryRow>>();
  function page(incidentId: number, query: EntryQuery): EntryPage {
    const where = ['e.incident_id = ?'];
    const args: unknown[] = [incidentId];
    let from = 'entries e';
    const match = query.q === undefined ? null : ftsQuery(query.q);
    if (match !== null) {
      from = 'entries_fts f JOIN entries e ON e.id = f.rowid';
      where.push('entries_fts MATCH ?');
      args.push(match);
    }
    const filters: [string, unknown][] = [
      ['e.kind = ?', query.kind],
      ['e.component = ?', query.component],
      ['e.author = ? COLLATE NOCASE', query.author],
      ['e.pinned = ?', query.pinned === undefined ? undefined : Number(query.pinned)],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      args.push(value);
    }
    if (query.before !== undefined) {
      const cursor = q.byId.get(incidentId, query.before);
      if (!cursor) return { entries: [], hasMore: false };
      where.push('(e.occurred_at, e.id) < (?, ?)');
      args.push(cursor.occurred_at, cursor.id);
    }
    const sql = `SELECT e.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?`;
    let statement = pages.get(sql);
    if (!statement) pages.set(sql, (statement = db.prepare<unknown[], EntryRow>(sql)));
    // One row more than asked tells whether there is more.
    const rows = statement.all(...args, query.limit + 1);
    return { entries: rows.slice(0, query.limit).toReversed().map(toEntry), hasMore: rows.length > query.limit };
  }

  return {
    appendEntry: groupCommit(db, append, onCommit),
    /** For writes inside another transaction (an incident change and the entries recording it). */
    insertEntry: insert,
    async listEntries(incidentId: number, query: EntryQuery): Promise<EntryPage> {
      if (query.after !== undefined) {
        const rows = q.storedAfter.all(incidentId, query.after, query.limit + 1);
        return { entries: rows.slice(0, query.limit).map(toEntry), hasMore: rows.length > query.limit };
      }
      return page(incidentId, query);
    },
    async getEntry(incidentId: number, entryId: number): Promise<Entry | null> {
      const row = q.byId.get(incidentId, entryId);
      return row ? toEntry(row) : null;
    },
    async reviseEntry(incidentId: number, entryId: number, expected: number | null, change: EntryChange) {
      return revise(incidentId, entryId, expected, change);
    },
    async listRevisions(incidentId: number, entryId: number): Promise<Revision[] | null> {
      const row = q.byId.get(incidentId, entryId);
      if (!row) return null;
      const kept = q.revisions.all(entryId).map(({ occurred_at, action, retracted, ...r }) => ({
        ...r,
        occurredAt: occurred_at,
        action: json<ActionState>(action),
        retracted: json<Retraction>(retracted),
      }));
      return [...kept, toRevision(toEntry(row), row.change)];
    },
    async listPinned(incidentId: number, limit: number): Promise<Entry[]> {
      return q.pinned.all(incidentId, limit).toReversed().map(toEntry);
    },
  };
}
