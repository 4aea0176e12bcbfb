/**
 * Fetches `GET /api/feeds` every 2 s while the Feeds page is open, outside React, into the store.
 * One request at a time: the next is scheduled when the last settles, and one the server does
 * not answer is abandoned after a timeout, so a stuck server never collects hanging requests
 * (a browser allows only six per host, and the socket needs one).
 */
import { FeedsReport } from '#shared/feeds';
import { api } from '../api/http';
import { useStore } from '../store/store';
import { describeFetchError } from './feeds-format';

export const FEEDS_POLL_MS = 2000;
const TIMEOUT_MS = 5000;

/** Starts polling; returns the function that stops it. */
export function startFeedsPolling(): () => void {
  const stop = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const poll = async () => {
    try {
      const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(TIMEOUT_MS)]);
      const report = await api.get('/api/feeds', FeedsReport, { signal });
      if (!stop.signal.aborted) useStore.getState().setFeedsReport(report, Date.now());
    } catch (error) {
      if (!stop.signal.aborted) useStore.getState().setFeedsError(describeFetchError(error, TIMEOUT_MS));
    } finally {
      if (!stop.signal.aborted) timer = setTimeout(() => void poll(), FEEDS_POLL_MS);
    }
  };
  void poll();

  return () => {
    stop.abort();
    clearTimeout(timer);
  };
}
