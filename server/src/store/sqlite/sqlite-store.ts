import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Incident } from '#shared/incident';
import type { IncidentFields, NewEntry, NewIncident, Store, StoredHistory, StoredSample } from '../store';
import { sqliteAuthStore } from './auth-store';
import { sqliteCommsStore } from './comms-store';
import { deliveryInserter, sqliteDeliveryStore } from './delivery-store';
import { sqliteIncidentImport } from './incident-import';
import { sqliteEntryStore } from './entry-store';
import { migrations } from './migrations';

type IncidentRow = {
  id: number;
  title: string;
  severity: Incident['severity'];
  status: Incident['status'];
  time_zone: string;
  simulated: number;
  drill_scenario: string | null;
  drill_speed: number | null;
  sources: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  commander: string | null;
  scribe: string | null;
  comms_lead: string | null;
  webhook: string | null;
};
const toIncident = (r: IncidentRow): Incident => ({
  id: r.id,
  title: r.title,
  severity: r.severity,
  status: r.status,
  timeZone: r.time_zone,
  simulated: r.simulated === 1,
  drill: r.drill_scenario === null ? null : { scenario: r.drill_scenario, speed: r.drill_speed ?? 1 },
  sources: r.sources === null ? null : (JSON.parse(r.sources) as string[]),
  roles: { commander: r.commander, scribe: r.scribe, comms: r.comms_lead },
  webhook: r.webhook,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let i = applied; i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

/** The embedded default: one file in the data directory, durable on every acknowledged write. */
export function openSqliteStore(dataDir: string, options: { onCommit?: (seconds: number) => void } = {}): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'warroom.db'));
  db.pragma('journal_mode = WAL');
  // better-sqlite3 defaults WAL to NORMAL, which can lose the last commits on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    listIncidents: db.prepare<[], IncidentRow>('SELECT * FROM incidents ORDER BY id DESC'),
    getIncident: db.prepare<[number], IncidentRow>('SELECT * FROM incidents WHERE id = ?'),
    insertIncident: db.prepare<
      [string, string, string, string, number, string | null, number | null, string | null, string, string, string | null],
      IncidentRow
    >(
      `INSERT INTO incidents (title, severity, status, time_zone, simulated, drill_scenario, drill_speed, sources, created_at, updated_at, webhook)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    insertSample: db.prepare<[string, string, string, number, number]>('INSERT OR IGNORE INTO samples (scope, metric, source, at, value) VALUES (?, ?, ?, ?, ?)'),
    // The newest `limit` per metric, by a window function: one pass over the scope's range.
    readSamples: db.prepare<[string, number, number], { metric: string; source: string; at: number; value: number }>(
      `SELECT metric, source, at, value FROM (
         SELECT metric, source, at, value, row_number() OVER (PARTITION BY metric ORDER BY at DESC) AS n
         FROM samples WHERE scope = ? AND at >= ?
       ) WHERE n <= ? ORDER BY metric, at`,
    ),
    pruneSamples: db.prepare<[number]>('DELETE FROM samples WHERE at < ?'),
    updateIncident: db.prepare<unknown[], IncidentRow>(
      `UPDATE incidents SET title = coalesce(?, title), severity = coalesce(?, severity),
         status = coalesce(?, status), commander = ?, scribe = ?, comms_lead = ?, webhook = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND version = ? RETURNING *`,
    ),
  };

  const entries = sqliteEntryStore(db, options.onCommit);

  const appendSamples = db.transaction((scope: string, samples: readonly StoredSample[]) => {
    for (const x of samples) q.insertSample.run(scope, x.metric, x.source, x.at, x.value);
  });

  const updateIncident = db.transaction(
    (id: number, version: number, f: IncidentFields, updatedAt: string, recording: NewEntry[]) => {
      const current = q.getIncident.get(id);
      if (!current) return null;
      const roles = { commander: current.commander, scribe: current.scribe, comms: current.comms_lead, ...f.roles };
      const webhook = f.webhook === undefined ? current.webhook : f.webhook;
      const row = q.updateIncident.get(
        f.title ?? null, f.severity ?? null, f.status ?? null, roles.commander, roles.scribe, roles.comms, webhook, updatedAt, id, version,
      );
      if (!row) return null;
      return { incident: toIncident(row), entries: recording.map((e) => entries.insertEntry(id, e)) };
    },
  );

  const getIncident = (id: number): Incident => toIncident(q.getIncident.get(id)!);
  return {
    ...sqliteAuthStore(db),
    ...sqliteDeliveryStore(db),
    ...sqliteCommsStore(db, { entry: entries.insertEntry, delivery: deliveryInserter(db) }),
    importIncident: sqliteIncidentImport(db, getIncident),
    async listIncidents() {
      return q.listIncidents.all().map(toIncident);
    },
    async getIncident(id) {
      const row = q.getIncident.get(id);
      return row ? toIncident(row) : null;
    },
    async createIncident(i: NewIncident) {
      const sources = i.sources === null ? null : JSON.stringify(i.sources);
      const drill = i.drill;
      const row = q.insertIncident.get(
        i.title, i.severity, i.status, i.timeZone, i.simulated ? 1 : 0,
        drill?.scenario ?? null, drill?.speed ?? null, sources, i.createdAt, i.createdAt, i.webhook,
      );
      return toIncident(row!);
    },
    async updateIncident(id, expectedVersion, fields, updatedAt, recording) {
      return updateIncident(id, expectedVersion, fields, updatedAt, recording);
    },
    appendEntry: entries.appendEntry,
    listEntries: entries.listEntries,
    getEntry: entries.getEntry,
    reviseEntry: entries.reviseEntry,
    listRevisions: entries.listRevisions,
    listPinned: entries.listPinned,
    async appendSamples(scope, samples) {
      appendSamples(scope, samples);
    },
    async readSamples(scope, since, limit) {
      const out = new Map<string, StoredHistory>();
      for (const r of q.readSamples.all(scope, since, limit)) {
        let history = out.get(r.metric);
        if (!history) out.set(r.metric, (history = { source: r.source, points: [] }));
        history.points.push([r.at, r.value]);
      }
      return out;
    },
    async pruneSamples(before) {
      return q.pruneSamples.run(before).changes;
    },
    async close() {
      db.close();
    },
  };
}
