/**
 * The SQLite side of customer communication: impact cells with their history, public updates,
 * action items. Each change is stored with the timeline entries that record it, in one
 * transaction, so the board and the timeline never disagree after a crash.
 */
import type Database from 'better-sqlite3';
import type { FollowUp } from '#shared/follow-ups';
import type { ImpactCell, ImpactChange } from '#shared/impact';
import type { DeclaredImpact, PublicUpdate } from '#shared/public-updates';
import type { Entry } from '#shared/timeline';
import type { Announce, CommsStore, FollowUpChange, ImpactWrite, NewDelivery, NewEntry, NewFollowUp, NewPublicUpdate, PendingDelivery, PublicUpdateChange } from '../store';

type CellRow = { incident_id: number; product: string; zone: string; status: ImpactCell['status']; description: string; since: string; set_by: string; set_at: string; version: number };
type ChangeRow = { product: string; zone: string; status: ImpactChange['status']; description: string; set_by: string; set_at: string };
type UpdateRow = {
  id: number;
  incident_id: number;
  state: PublicUpdate['state'];
  status: PublicUpdate['status'];
  text: string;
  author: string;
  created_at: string;
  published_at: string | null;
  published_by: string | null;
  impacts: string;
  version: number;
};
type FollowUpRow = { id: number; incident_id: number; area: string; title: string; owner: string | null; ref: string | null; done: number; created_by: string; created_at: string; version: number };

const toCell = (r: CellRow): ImpactCell => ({
  incidentId: r.incident_id,
  product: r.product,
  zone: r.zone,
  status: r.status,
  description: r.description,
  since: r.since,
  setBy: r.set_by,
  setAt: r.set_at,
  version: r.version,
});
const toChange = (r: ChangeRow): ImpactChange => ({ product: r.product, zone: r.zone, status: r.status, description: r.description, setBy: r.set_by, setAt: r.set_at });
const toUpdate = (r: UpdateRow): PublicUpdate => ({
  id: r.id,
  incidentId: r.incident_id,
  state: r.state,
  status: r.status,
  text: r.text,
  author: r.author,
  createdAt: r.created_at,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  impacts: JSON.parse(r.impacts) as DeclaredImpact[],
  version: r.version,
});
const toFollowUp = (r: FollowUpRow): FollowUp => ({
  id: r.id,
  incidentId: r.incident_id,
  area: r.area,
  title: r.title,
  owner: r.owner,
  ref: r.ref,
  done: r.done === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
  version: r.version,
});

type Inserters = { entry: (incidentId: number, e: NewEntry) => Entry; delivery: (d: NewDelivery) => PendingDelivery };

/** Everything but the import, which writes every table at once (incident-import.ts). */
export function sqliteCommsStore(db: Database.Database, insert: Inserters): Omit<CommsStore, 'importIncident'> {
  const recorded = <T>(incidentId: number, stored: T, entries: readonly NewEntry[], announce: Announce<T>) => ({
    entries: entries.map((e) => insert.entry(incidentId, e)),
    deliveries: announce(stored).map(insert.delivery),
  });
  const q = {
    cells: db.prepare<[number], CellRow>('SELECT * FROM impact_cells WHERE incident_id = ? ORDER BY product, zone'),
    cell: db.prepare<[number, string, string], CellRow>('SELECT * FROM impact_cells WHERE incident_id = ? AND product = ? AND zone = ?'),
    putCell: db.prepare<unknown[], CellRow>(
      `INSERT INTO impact_cells (incident_id, product, zone, status, description, since, set_by, set_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (incident_id, product, zone) DO UPDATE SET status = excluded.status, description = excluded.description,
         since = excluded.since, set_by = excluded.set_by, set_at = excluded.set_at, version = excluded.version
       RETURNING *`,
    ),
    changes: db.prepare<[number], ChangeRow>('SELECT * FROM impact_changes WHERE incident_id = ? ORDER BY id'),
    addChange: db.prepare<unknown[]>(
      'INSERT INTO impact_changes (incident_id, product, zone, status, description, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updates: db.prepare<[number], UpdateRow>('SELECT * FROM public_updates WHERE incident_id = ? ORDER BY id'),
    update: db.prepare<[number, number], UpdateRow>('SELECT * FROM public_updates WHERE incident_id = ? AND id = ?'),
    addUpdate: db.prepare<unknown[], UpdateRow>(
      `INSERT INTO public_updates (incident_id, state, status, text, author, created_at, published_at, published_by, impacts, version, client_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    updateByClientId: db.prepare<[number, string], UpdateRow>('SELECT * FROM public_updates WHERE incident_id = ? AND client_id = ?'),
    setUpdate: db.prepare<unknown[], UpdateRow>(
      `UPDATE public_updates SET state = ?, status = ?, text = ?, published_at = ?, published_by = ?, impacts = ?, version = version + 1
       WHERE id = ? RETURNING *`,
    ),
    followUps: db.prepare<[number], FollowUpRow>('SELECT * FROM follow_ups WHERE incident_id = ? ORDER BY id'),
    followUp: db.prepare<[number, number], FollowUpRow>('SELECT * FROM follow_ups WHERE incident_id = ? AND id = ?'),
    addFollowUp: db.prepare<unknown[], FollowUpRow>(
      `INSERT INTO follow_ups (incident_id, area, title, owner, ref, done, created_by, created_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    setFollowUp: db.prepare<unknown[], FollowUpRow>(
      'UPDATE follow_ups SET area = ?, title = ?, owner = ?, ref = ?, done = ?, version = version + 1 WHERE id = ? RETURNING *',
    ),
    imported: db.prepare<[number], { summary: string }>('SELECT summary FROM imported_metrics WHERE incident_id = ?'),
  };

  const setImpacts = db.transaction(
    (
      incidentId: number,
      writes: readonly ImpactWrite[],
      { by, at, expected }: { by: string; at: string; expected: ReadonlyMap<string, number> | null },
      record: (changed: ImpactCell[]) => NewEntry[],
      announce: Announce<ImpactCell[]>,
    ) => {
      const held = new Map(writes.map((w) => [w.zone, q.cell.get(incidentId, w.product, w.zone)]));
      for (const [zone, row] of held) {
        const version = row?.version ?? 0;
        if (expected !== null && expected.has(zone) && expected.get(zone) !== version) return { conflict: { zone, version } };
      }
      const changed: ImpactCell[] = [];
      for (const w of writes) {
        const was = held.get(w.zone);
        if (was ? was.status === w.status && was.description === w.description : w.status === 'operational' && w.description === '') continue;
        // "Since" is when the status changed: a reworded description keeps it.
        const since = was && was.status === w.status ? was.since : at;
        const row = q.putCell.get(incidentId, w.product, w.zone, w.status, w.description, since, by, at, (was?.version ?? 0) + 1)!;
        q.addChange.run(incidentId, w.product, w.zone, w.status, w.description, by, at);
        changed.push(toCell(row));
      }
      if (changed.length === 0) return { cells: changed, entries: [], deliveries: [] };
      return { cells: changed, ...recorded(incidentId, changed, record(changed), announce) };
    },
  );

  const createUpdate = db.transaction((incidentId: number, u: NewPublicUpdate, entries: NewEntry[], announce: Announce<PublicUpdate>) => {
    const held = u.clientId === null ? undefined : q.updateByClientId.get(incidentId, u.clientId);
    if (held) return { update: toUpdate(held), created: false, entries: [], deliveries: [] };
    const row = q.addUpdate.get(
      incidentId, u.state, u.status, u.text, u.author, u.createdAt, u.publishedAt, u.publishedBy, JSON.stringify(u.impacts), 1, u.clientId,
    )!;
    const update = toUpdate(row);
    return { update, created: true, ...recorded(incidentId, update, entries, announce) };
  });

  const changeDraft = db.transaction(
    (incidentId: number, id: number, expected: number, c: PublicUpdateChange, entries: NewEntry[], announce: Announce<PublicUpdate>) => {
      const row = q.update.get(incidentId, id);
      if (!row) return null;
      const current = toUpdate(row);
      // Checked here, in the write's own transaction: a published update never changes again.
      if (current.state !== 'draft' || current.version !== expected) return { conflict: current };
      const n = { ...current, ...c };
      const value = toUpdate(q.setUpdate.get(n.state, n.status, n.text, n.publishedAt, n.publishedBy, JSON.stringify(n.impacts), id)!);
      return { value, ...recorded(incidentId, value, entries, announce) };
    },
  );

  const changeFollowUp = db.transaction((incidentId: number, id: number, expected: number, c: FollowUpChange) => {
    const row = q.followUp.get(incidentId, id);
    if (!row) return null;
    const current = toFollowUp(row);
    if (current.version !== expected) return { conflict: current };
    const n = { ...current, ...c };
    return { value: toFollowUp(q.setFollowUp.get(n.area, n.title, n.owner, n.ref, n.done ? 1 : 0, id)!) };
  });

  return {
    listImpacts: async (incidentId) => q.cells.all(incidentId).map(toCell),
    listImpactChanges: async (incidentId) => q.changes.all(incidentId).map(toChange),
    setImpacts: async (incidentId, writes, change, record, announce) => setImpacts(incidentId, writes, change, record, announce),
    getUpdate: async (incidentId, id) => {
      const row = q.update.get(incidentId, id);
      return row ? toUpdate(row) : null;
    },
    listUpdates: async (incidentId) => q.updates.all(incidentId).map(toUpdate),
    createUpdate: async (incidentId, update, entries, announce) => createUpdate(incidentId, update, entries, announce),
    changeDraft: async (incidentId, id, expected, change, entries, announce) => changeDraft(incidentId, id, expected, change, entries, announce),
    listFollowUps: async (incidentId) => q.followUps.all(incidentId).map(toFollowUp),
    createFollowUp: async (incidentId, f: NewFollowUp) =>
      toFollowUp(q.addFollowUp.get(incidentId, f.area, f.title, f.owner, f.ref, f.done ? 1 : 0, f.createdBy, f.createdAt, 1)!),
    changeFollowUp: async (incidentId, id, expected, change) => changeFollowUp(incidentId, id, expected, change),
    importedMetrics: async (incidentId) => {
      const row = q.imported.get(incidentId);
      return row ? (JSON.parse(row.summary) as never) : null;
    },
  };
}
