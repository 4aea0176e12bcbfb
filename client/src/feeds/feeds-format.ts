/** What the Feeds page says about a source, as plain functions of its status and the server's time. */
import type { FeedState, FeedStatus, FeedsReport } from '#shared/feeds';
import { formatDuration } from '../lib/duration';
import { age, clockTime } from '../lib/time';

/** State in a word and a shape, never colour alone. */
export const FEED_STATE: Record<FeedState, { icon: string; text: string }> = {
  ok: { icon: '●', text: 'OK' },
  failing: { icon: '✕', text: 'FAILING' },
  starting: { icon: '◌', text: 'STARTING' },
  waiting: { icon: '○', text: 'WAITING' },
};

/** "12 s ago", or "never". */
export function agoText(at: number | null, now: number): string {
  return at === null ? 'never' : `${age(now - at)} ago`;
}

/**
 * "in 8 s". The poller keeps its next time while a poll runs (server/src/feeds/poller.ts), so a
 * time already past means a poll is under way: saying "polling for 4 s" shows a slow source.
 */
export function nextPollText(status: Pick<FeedStatus, 'intervalMs' | 'nextPollAt'>, now: number): string {
  if (status.intervalMs === null || status.nextPollAt === null) return '—';
  const ms = status.nextPollAt - now;
  if (ms >= 1000) return `in ${age(ms)}`;
  if (ms > -1000) return 'now';
  return `polling for ${age(-ms)}`;
}

/** "every 15 s"; push sources are never polled. */
export function intervalText(intervalMs: number | null): string {
  return intervalMs === null ? 'receives pushes' : `every ${formatDuration(intervalMs)}`;
}

export function latencyText(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

export function configFileText(config: FeedsReport['config']): string {
  return config.file ?? 'built-in defaults';
}

export function reloadErrorText(error: NonNullable<FeedsReport['config']['reloadError']>): string {
  return `Config reload failed at ${clockTime(error.at, 'UTC')}: ${error.message} — the running config is kept`;
}

const STATE_ORDER: readonly FeedState[] = ['failing', 'starting', 'waiting', 'ok'];

/** "3 sources: 1 failing, 2 ok", most urgent first. */
export function summaryText(sources: readonly Pick<FeedStatus, 'state'>[]): string {
  const counts = STATE_ORDER.map((state) => [state, sources.filter((s) => s.state === state).length] as const);
  const parts = counts.filter(([, n]) => n > 0).map(([state, n]) => `${n} ${FEED_STATE[state].text.toLowerCase()}`);
  const total = `${sources.length} source${sources.length === 1 ? '' : 's'}`;
  return parts.length === 0 ? total : `${total}: ${parts.join(', ')}`;
}

/** A report this old is shown as old even without an error: a request may hang, a hidden tab is slowed. */
export const REPORT_OLD_AFTER_MS = 10_000;

/** Why the report could not be fetched, in words for the page (never a stack or a schema dump). */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${formatDuration(timeoutMs)}`;
    if (error.name === 'ZodError') return 'the server sent a report this page cannot read (reload the page)';
    // fetch rejects with a TypeError when the server cannot be reached at all.
    if (error instanceof TypeError) return `cannot reach the server (${error.message})`;
    return error.message;
  }
  return String(error);
}
