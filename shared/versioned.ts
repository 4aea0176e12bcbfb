/**
 * Keyed lists of versioned things (impact cells, public updates, action items) as rooms and
 * browsers hold them: a newer version replaces an older one, never the reverse (S5), and an
 * unknown key is added. Order is the caller's.
 */
export function upsertVersioned<T extends { version: number }>(list: readonly T[], item: T, key: (x: T) => string | number): T[] {
  const k = key(item);
  const at = list.findIndex((x) => key(x) === k);
  if (at === -1) return [...list, item];
  if (list[at]!.version >= item.version) return list as T[];
  return list.with(at, item);
}
