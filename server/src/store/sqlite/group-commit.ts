/**
 * Writes that arrive together share one transaction, so one fsync: with `synchronous=FULL`
 * every commit waits for the disk, and better-sqlite3 waits on the event loop. At 1,000
 * posts a second, one commit each kept the loop blocked a quarter of the time (B7).
 * Each write still succeeds or fails on its own (a savepoint), and each caller's promise
 * settles only after the shared commit, so nothing is acknowledged before it is durable.
 */
import type { Database, Transaction } from 'better-sqlite3';

type Pending<A extends unknown[], R> = { args: A; resolve: (result: R) => void; reject: (error: unknown) => void };
type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** `onCommit`: told how long each shared commit (transaction and fsync) took, in seconds. */
export function groupCommit<A extends unknown[], R>(db: Database, write: Transaction<(...args: A) => R>, onCommit?: (seconds: number) => void) {
  let queue: Pending<A, R>[] = [];
  // Nested in this transaction, `write` (itself a db.transaction) runs in a savepoint.
  const commitAll = db.transaction((batch: Pending<A, R>[]) =>
    batch.map(({ args }): Outcome<R> => {
      try {
        return { ok: true, value: write(...args) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );

  function flush(): void {
    const batch = queue;
    queue = [];
    let outcomes: Outcome<R>[];
    const started = performance.now();
    try {
      outcomes = commitAll(batch);
      onCommit?.((performance.now() - started) / 1000);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)));
  }

  return (...args: A): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      // Everything queued in this turn of the event loop commits together, right after it.
      if (queue.length === 0) setImmediate(flush);
      queue.push({ args, resolve, reject });
    });
}
