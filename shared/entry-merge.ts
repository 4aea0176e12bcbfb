/**
 * How entries held by a room or a browser take in entries learnt by any path (event, ack,
 * page, snapshot): by version, in timeline order. Rule S5 of docs/protocol.md.
 */
import { compareEntries, type Entry } from './timeline';

/**
 * Merges entries into a list in timeline order (S5): an entry held at the same or a newer
 * version is kept as it is, a newer version replaces it (and moves if its occurred time
 * changed). `bounded`: the list does not reach back to the first entry (older ones exist),
 * so an entry that sorts before its first is left out — it is fetched with the older page,
 * and holding it would make that page's cursor skip the entries in between.
 */
export function mergeEntries(held: readonly Entry[], incoming: readonly Entry[], bounded = false): Entry[] {
  if (incoming.length === 0) return held as Entry[];
  const last = held[held.length - 1];
  // The usual case, one new entry at the newest end: no scan for a second copy is needed when
  // its id is above every held one (ids only grow), which a single pass confirms.
  if (incoming.length === 1 && (last === undefined || compareEntries(last, incoming[0]!) < 0) && !held.some((h) => h.id === incoming[0]!.id)) {
    return [...held, incoming[0]!];
  }
  const newest = new Map<number, Entry>();
  for (const e of incoming) {
    const seen = newest.get(e.id);
    if (!seen || seen.version < e.version) newest.set(e.id, e);
  }
  const kept: Entry[] = [];
  for (const h of held) {
    const e = newest.get(h.id);
    if (e === undefined) kept.push(h);
    else if (e.version <= h.version) {
      kept.push(h);
      newest.delete(h.id);
    }
  }
  const first = held[0];
  const adds = [...newest.values()].filter((e) => !bounded || first === undefined || compareEntries(e, first) >= 0).toSorted(compareEntries);
  return mergeSorted(kept, adds);
}

function mergeSorted(a: Entry[], b: Entry[]): Entry[] {
  if (b.length === 0) return a;
  const out: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareEntries(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Pinned entries follow their pin: an unpinned (or retracted-and-unpinned) entry leaves the list. */
export function mergePinned(pinned: readonly Entry[], incoming: readonly Entry[]): Entry[] {
  const touched = incoming.filter((e) => e.pinned || pinned.some((p) => p.id === e.id));
  if (touched.length === 0) return pinned as Entry[];
  return mergeEntries(pinned, touched).filter((e) => e.pinned);
}
