import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../server/src/store/sqlite/group-commit';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)');
  const insert = db.prepare<[string], { id: number }>('INSERT INTO t (name) VALUES (?) RETURNING id');
  const write = db.transaction((name: string) => {
    if (!db.inTransaction) throw new Error('not in a transaction');
    return insert.get(name)!.id;
  });
  const append = groupCommit(db, write);
  return { db, append };
}

describe('groupCommit', () => {
  it('commits writes issued together, in order, each answered with its own result', async () => {
    const { db, append } = setup();
    const ids = await Promise.all(['a', 'b', 'c'].map((n) => append(n)));
    expect(ids).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT name FROM t ORDER BY id').pluck().all()).toEqual(['a', 'b', 'c']);
  });

  it('a write that fails is rejected alone; the others in its batch are stored', async () => {
    const { db, append } = setup();
    await append('taken');
    const results = await Promise.allSettled([append('x'), append('taken'), append('y')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT name FROM t ORDER BY id').pluck().all()).toEqual(['taken', 'x', 'y']);
  });

  it('settles nothing before the commit: a failed commit rejects the whole batch and stores none of it', async () => {
    const { db, append } = setup();
    const pending = [append('p'), append('q')];
    db.close(); // the shared commit cannot happen
    const results = await Promise.allSettled(pending);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
