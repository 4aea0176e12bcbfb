/** The SQLite side of the outgoing webhook's deliveries. Every write is committed before it resolves. */
import type Database from 'better-sqlite3';
import type { Delivery, DeliveryAttempt, OutgoingEventType } from '#shared/deliveries';
import type { DeliveryStore, NewDelivery, PendingDelivery } from '../store';

type DeliveryRow = {
  id: number;
  incident_id: number;
  webhook: string;
  event: OutgoingEventType;
  state: Delivery['state'];
  attempts: string;
  created_at: string;
  next_attempt_at: string | null;
};
type PendingRow = DeliveryRow & { payload: string };

// The log never needs the payload: leaving it out keeps a long log cheap to read.
const COLUMNS = 'id, incident_id, webhook, event, state, attempts, created_at, next_attempt_at';

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  incidentId: r.incident_id,
  webhook: r.webhook,
  event: r.event,
  state: r.state,
  attempts: JSON.parse(r.attempts) as DeliveryAttempt[],
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
});
const toPending = (r: PendingRow): PendingDelivery => ({ ...toDelivery(r), payload: r.payload });

/**
 * Stores a delivery as pending, synchronously: for a change and the delivery announcing it in one
 * transaction, so a crash cannot keep the one and lose the other.
 */
export function deliveryInserter(db: Database.Database): (d: NewDelivery) => PendingDelivery {
  const insert = db.prepare<[number, string, string, string, string, string], PendingRow>(
    `INSERT INTO deliveries (incident_id, webhook, event, payload, state, attempts, created_at, next_attempt_at)
     VALUES (?, ?, ?, ?, 'pending', '[]', ?, ?) RETURNING *`,
  );
  return (d) => toPending(insert.get(d.incidentId, d.webhook, d.event, d.payload, d.createdAt, d.createdAt)!);
}

export function sqliteDeliveryStore(db: Database.Database): DeliveryStore {
  const insert = deliveryInserter(db);
  const q = {
    // Appending in SQL ('$[#]' is the end of the array) keeps the read and the write one statement.
    recordAttempt: db.prepare<[string, string, string | null, number], DeliveryRow>(
      `UPDATE deliveries SET attempts = json_insert(attempts, '$[#]', json(?)), state = ?, next_attempt_at = ?
       WHERE id = ? RETURNING ${COLUMNS}`,
    ),
    list: db.prepare<[number, number], DeliveryRow>(`SELECT ${COLUMNS} FROM deliveries WHERE incident_id = ? ORDER BY id DESC LIMIT ?`),
    pending: db.prepare<[], PendingRow>(`SELECT * FROM deliveries WHERE state = 'pending' ORDER BY id`),
  };

  return {
    async createDelivery(d) {
      return insert(d);
    },
    async recordAttempt(id, attempt, next) {
      const row = q.recordAttempt.get(JSON.stringify(attempt), next.state, next.nextAttemptAt, id);
      if (!row) throw new Error(`no delivery ${id}`);
      return toDelivery(row);
    },
    async listDeliveries(incidentId, limit) {
      return q.list.all(incidentId, limit).map(toDelivery);
    },
    async pendingDeliveries() {
      return q.pending.all().map(toPending);
    },
  };
}
