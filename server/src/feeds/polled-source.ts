/**
 * A source that polls: a Poller runs `poll`, whose observations are written; a failure makes
 * every metric of the source show why. Adapters only say how to poll and what they define.
 */
import type { MetricDef } from '#shared/metrics';
import type { FeedSource, SourceContext } from './feed-source';
import { FeedError, type Observation } from './observation';
import { Poller, type PollTiming } from './poller';

export type PolledSourceSpec = {
  id: string;
  type: string;
  timing: PollTiming;
  metrics: () => MetricDef[];
  poll: (signal: AbortSignal) => Promise<readonly Observation[]>;
};

export function polledSource(spec: PolledSourceSpec, ctx: SourceContext): FeedSource {
  // A source down for an hour logs when it fails and when the reason changes, not every poll.
  let lastLogged: string | null = null;
  const poller = new Poller({
    clock: ctx.clock,
    random: ctx.random,
    timing: spec.timing,
    poll: async (signal) => {
      ctx.observe(await spec.poll(signal));
      if (lastLogged !== null) ctx.logger.info('poll succeeds again');
      lastLogged = null;
    },
    onError: (message, error) => {
      if (message !== lastLogged) {
        // A FeedError is the whole story; anything else is a bug, and its stack is wanted.
        ctx.logger.warn(error instanceof FeedError ? {} : { err: error }, `poll failed: ${message}`);
      }
      lastLogged = message;
      ctx.fail(message);
    },
  });
  return {
    id: spec.id,
    type: spec.type,
    metrics: spec.metrics,
    start: () => poller.start(),
    stop: () => poller.stop(),
    status: () => poller.status(),
  };
}
