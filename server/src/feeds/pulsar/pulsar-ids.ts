/**
 * Metric ids and display names for a Pulsar cluster's brokers. The per-broker ids are split
 * out of one configured list, so they must be stable across restarts (a tile's history is
 * keyed by its id) and distinct even when two broker URLs slug alike.
 */
const MAX_ID = 64;

export const pulsarIds = (prefix: string) => ({
  connections: `${prefix}.connections`,
  connectionLimit: `${prefix}.connection_limit`,
  failuresPerMin: `${prefix}.connection_failures_per_min`,
  throttled: `${prefix}.throttled_connections`,
});

/** `http://pulsar-1:8080/metrics` → `pulsar-1:8080`; a plain name is kept as written. */
export function brokerName(broker: string): string {
  try {
    const url = new URL(broker);
    if (url.host) return url.host;
  } catch {
    // not a URL: a name
  }
  return broker;
}

/**
 * Lowercase, characters outside [a-z0-9_.-] become '-'. The scheme and a trailing `/metrics`
 * are dropped first so `http://pulsar-1:8080/metrics` reads `pulsar-1-8080`, not
 * `http---pulsar-1-8080-metrics`.
 */
export function brokerSlug(broker: string): string {
  const slug = broker
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/\/metrics\/?$/, '')
    .replace(/[^a-z0-9_.-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug || 'broker';
}

/**
 * `<prefix>.connections.<slug>` for each broker, at most 64 characters. A slug that is too
 * long, or that two brokers share, is cut and given a hash of the broker's full text.
 */
export function brokerMetricIds(prefix: string, brokers: readonly string[]): Map<string, string> {
  const base = `${prefix}.connections.`;
  const slugs = brokers.map(brokerSlug);
  const ids = new Map<string, string>();
  brokers.forEach((broker, i) => {
    const slug = slugs[i] ?? 'broker';
    const shared = slugs.filter((s) => s === slug).length > 1;
    if (!shared && base.length + slug.length <= MAX_ID) {
      ids.set(broker, base + slug);
      return;
    }
    const tag = `-${hash(broker)}`;
    const room = Math.max(0, MAX_ID - base.length - tag.length);
    ids.set(broker, base + slug.slice(0, room).replace(/[-.]+$/, '') + tag);
  });
  return ids;
}

/** FNV-1a, 6 base-36 digits: short, and the same on every start. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(-6);
}
