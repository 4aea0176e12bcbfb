/**
 * Writes an exported incident into this database under new ids, in one transaction: either
 * all of it is there afterwards, or none of it. Versions, authors and times are kept as they
 * were, so exporting the copy gives the same file apart from ids — and its webhook, which names
 * the other instance's config: a copy publishes nowhere until someone here names one.
 */
import type Database from 'better-sqlite3';
import type { Incident } from '#shared/incident';
import type { IncidentExport } from '#shared/incident-export';

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export function sqliteIncidentImport(db: Database.Database, getIncident: (id: number) => Incident) {
  const q = {
    incident: db.prepare<unknown[], { id: number }>(
      `INSERT INTO incidents (title, severity, status, time_zone, simulated, drill_scenario, drill_speed, sources, created_at, updated_at,
         version, commander, scribe, comms_lead, webhook)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    entry: db.prepare<unknown[], { id: number }>(
      `INSERT INTO entries (incident_id, kind, text, component, author, on_behalf_of, occurred_at, created_at, client_id, simulated,
         action, evidence, version, change, revised_by, revised_at, retracted, pinned)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    revision: db.prepare<unknown[]>(
      `INSERT INTO entry_revisions (entry_id, version, change, by, at, text, kind, component, occurred_at, action, retracted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    cell: db.prepare<unknown[]>(
      'INSERT INTO impact_cells (incident_id, product, zone, status, description, since, set_by, set_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    change: db.prepare<unknown[]>(
      'INSERT INTO impact_changes (incident_id, product, zone, status, description, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    update: db.prepare<unknown[]>(
      `INSERT INTO public_updates (incident_id, state, status, text, author, created_at, published_at, published_by, impacts, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    followUp: db.prepare<unknown[]>(
      'INSERT INTO follow_ups (incident_id, area, title, owner, ref, done, created_by, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    metrics: db.prepare<[number, string]>('INSERT INTO imported_metrics (incident_id, summary) VALUES (?, ?)'),
  };

  const write = db.transaction((b: IncidentExport): number => {
    const i = b.incident;
    const { id } = q.incident.get(
      i.title, i.severity, i.status, i.timeZone, i.simulated ? 1 : 0, i.drill?.scenario ?? null, i.drill?.speed ?? null, json(i.sources),
      i.createdAt, i.updatedAt, i.version, i.roles.commander, i.roles.scribe, i.roles.comms, null,
    )!;
    // Id order is logging order: inserting in the export's order keeps ties in timeline order.
    for (const e of b.entries.toSorted((a, c) => a.id - c.id)) {
      const current = e.revisions.at(-1);
      const row = q.entry.get(
        id, e.kind, e.text, e.component, e.author, e.onBehalfOf, e.occurredAt, e.loggedAt, e.clientId, e.simulated ? 1 : 0,
        json(e.action), json(e.evidence), e.version, current?.change ?? 'posted', e.revisedBy, e.revisedAt, json(e.retracted), e.pinned ? 1 : 0,
      )!;
      for (const r of e.revisions.slice(0, -1)) {
        q.revision.run(row.id, r.version, r.change, r.by, r.at, r.text, r.kind, r.component, r.occurredAt, json(r.action), json(r.retracted));
      }
    }
    for (const c of b.impacts.cells) q.cell.run(id, c.product, c.zone, c.status, c.description, c.since, c.setBy, c.setAt, c.version);
    for (const c of b.impacts.changes) q.change.run(id, c.product, c.zone, c.status, c.description, c.setBy, c.setAt);
    for (const u of b.updates.toSorted((a, c) => a.id - c.id)) {
      q.update.run(id, u.state, u.status, u.text, u.author, u.createdAt, u.publishedAt, u.publishedBy, JSON.stringify(u.impacts), u.version);
    }
    for (const f of b.followUps.toSorted((a, c) => a.id - c.id)) {
      q.followUp.run(id, f.area, f.title, f.owner, f.ref, f.done ? 1 : 0, f.createdBy, f.createdAt, f.version);
    }
    q.metrics.run(id, JSON.stringify(b.metrics));
    return id;
  });

  return async (bundle: IncidentExport): Promise<Incident> => getIncident(write(bundle));
}
