import type { StateCreator } from 'zustand';
import type { FeedsReport } from '#shared/feeds';
import type { AppState } from './store';

export type FeedsView = {
  /** The last good report; kept after a failed fetch, but then shown as old, never as current. */
  report: FeedsReport | null;
  /** When it arrived (client clock): the Feeds page says how old it is. */
  receivedAt: number | null;
  /** Server clock minus ours when it arrived, so ages are counted on the server's clock. */
  clockOffsetMs: number;
  /** Why the latest fetch failed; null once one succeeds again. */
  error: string | null;
};

export type FeedsSlice = {
  feeds: FeedsView;
  setFeedsReport: (report: FeedsReport, receivedAt: number) => void;
  setFeedsError: (error: string) => void;
};

export const createFeedsSlice: StateCreator<AppState, [], [], FeedsSlice> = (set) => ({
  feeds: { report: null, receivedAt: null, clockOffsetMs: 0, error: null },
  setFeedsReport: (report, receivedAt) => set({ feeds: { report, receivedAt, clockOffsetMs: report.now - receivedAt, error: null } }),
  setFeedsError: (error) => set((s) => ({ feeds: { ...s.feeds, error } })),
});
