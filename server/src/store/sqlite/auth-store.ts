/** The SQLite side of tokens, sessions and the audit log. Every write is committed before it resolves. */
import type Database from 'better-sqlite3';
import type { AuditEvent, Role, TokenInfo } from '#shared/auth';
import type { AuthStore, StoredToken } from '../store';

type TokenRow = {
  id: string;
  name: string;
  role: Role;
  source: string | null;
  hash: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  revoked_at: string | null;
  first_used_at: string | null;
};
type AuditRow = { id: number; at: string; kind: AuditEvent['kind']; token_id: string | null; name: string | null; role: Role | null; target: string; detail: string };

const toStored = (r: TokenRow): StoredToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  source: r.source,
  hash: r.hash,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  firstUsedAt: r.first_used_at,
});
const toInfo = (r: TokenRow): TokenInfo => {
  const { hash: _hash, ...info } = toStored(r);
  return info;
};

export function sqliteAuthStore(db: Database.Database): AuthStore {
  const q = {
    insertToken: db.prepare<[string, string, string, string | null, string, string, string, string | null], TokenRow>(
      `INSERT INTO tokens (id, name, role, source, hash, created_at, created_by, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    listTokens: db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at DESC, id'),
    byHash: db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE hash = ?'),
    byId: db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?'),
    revoke: db.prepare<[string, string], TokenRow>('UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *'),
    markUsed: db.prepare<[string, string]>('UPDATE tokens SET first_used_at = ? WHERE id = ? AND first_used_at IS NULL'),
    revokedSince: db.prepare<[string], { id: string }>('SELECT id FROM tokens WHERE revoked_at >= ?'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tokens'),
    insertSession: db.prepare<[string, string, string, string]>('INSERT INTO sessions (hash, token_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare<[string], { token_id: string; expires_at: string }>('SELECT token_id, expires_at FROM sessions WHERE hash = ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE hash = ?'),
    // Ended sessions, and those of revoked tokens: neither can sign anyone in again.
    pruneSessions: db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ? OR token_id IN (SELECT id FROM tokens WHERE revoked_at IS NOT NULL)'),
    insertAudit: db.prepare<[string, string, string | null, string | null, string | null, string, string]>(
      'INSERT INTO audit (at, kind, token_id, name, role, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    audit: db.prepare<[number, number], AuditRow>('SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?'),
  };

  return {
    async createToken(t) {
      return toInfo(q.insertToken.get(t.id, t.name, t.role, t.source, t.hash, t.createdAt, t.createdBy, t.expiresAt)!);
    },
    async listTokens() {
      return q.listTokens.all().map(toInfo);
    },
    async tokenByHash(hash) {
      const row = q.byHash.get(hash);
      return row ? toStored(row) : null;
    },
    async tokenById(id) {
      const row = q.byId.get(id);
      return row ? toStored(row) : null;
    },
    async revokeToken(id, at) {
      const row = q.revoke.get(at, id);
      return row ? toInfo(row) : null;
    },
    async markTokenUsed(id, at) {
      return q.markUsed.run(at, id).changes === 1;
    },
    async revokedSince(since) {
      return q.revokedSince.all(since).map((r) => r.id);
    },
    async countTokens() {
      return q.count.get()!.n;
    },
    async createSession(s) {
      q.insertSession.run(s.hash, s.tokenId, s.createdAt, s.expiresAt);
    },
    async sessionByHash(hash) {
      const row = q.session.get(hash);
      return row ? { tokenId: row.token_id, expiresAt: row.expires_at } : null;
    },
    async pruneSessions(now) {
      return q.pruneSessions.run(now).changes;
    },
    async deleteSession(hash) {
      q.deleteSession.run(hash);
    },
    async appendAudit(e) {
      q.insertAudit.run(e.at, e.kind, e.tokenId, e.name, e.role, e.target, e.detail);
    },
    async listAudit({ before, limit }) {
      return q.audit.all(before ?? Number.MAX_SAFE_INTEGER, limit).map((r) => ({
        id: r.id,
        at: r.at,
        kind: r.kind,
        tokenId: r.token_id,
        name: r.name,
        role: r.role,
        target: r.target,
        detail: r.detail,
      }));
    },
  };
}
