import { isStale, type MetricState } from '#shared/metrics';
import type { ConnectionStatus } from '../store/connection-slice';
import type { SyncPhase } from '../sync/room-sync';

/**
 * Whether a number on screen may be read as live. Anything we cannot vouch for — no
 * sample yet, an old sample (or an old capacity it is measured against), a lost
 * connection, a room still resyncing — is not.
 */
export type Freshness = 'live' | 'stale' | 'no-data' | 'disconnected' | 'syncing';

export function freshness(
  metric: MetricState,
  serverNow: number,
  connection: ConnectionStatus,
  phase: SyncPhase,
  limit?: MetricState,
): Freshness {
  if (metric.sampledAt === null) return 'no-data';
  if (connection !== 'live') return 'disconnected';
  if (phase !== 'live') return 'syncing';
  // Stale by our clock (corrected to the server's) or by the server's own last word.
  if (limit && (limit.stale || isStale(limit, serverNow))) return 'stale';
  return metric.stale || isStale(metric, serverNow) ? 'stale' : 'live';
}
