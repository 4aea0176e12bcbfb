/**
 * Label values for Prometheus series. Every distinct value is a series kept in memory here and in
 * Prometheus for as long as the process lives, so no label may take a value a client chooses:
 * each is either from a fixed set or capped.
 */

/** Where a capped label's values go once the cap is reached. */
export const OTHER = 'other';

/**
 * A label whose values come from our own code or config (source ids, event names, route
 * templates): the first `max` distinct values are kept, later ones become `other`, so a
 * config reloaded many times or a bug cannot grow the series without bound.
 */
export function capped(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return OTHER;
    seen.add(value);
    return value;
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Node's parser accepts some 30 methods (PROPFIND, MKCOL…): those a client invents are one series. */
export const methodLabel = (method: string): string => (METHODS.has(method) ? method : OTHER);

/** `2xx`…`5xx`: the class is what alerts use, and it bounds the series to five. */
export const statusClass = (status: number): string => (status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : OTHER);
