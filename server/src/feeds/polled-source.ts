/**
 * A source that polls: a Poller runs `poll`, whose observations are written; a failure makes
 * every metric of the source show why. Adapters only say how to poll and what they define.
 */
import type { MetricDef } from '#shared/metrics';
import type { FeedSource, SourceContext } from './feed-source';
import type { Observation } from './observation';
import { Poller, type PollTiming } from './poller';

export type PolledSourceSpec = {
  id: string;
  type: string;
  timing: PollTiming;
  metrics: () => MetricDef[];
  poll: (signal: AbortSignal) => Promise<readonly Observation[]>;
};

export function polledSource(spec: PolledSourceSpec, ctx: SourceContext): FeedSource {
  const poller = new Poller({
    clock: ctx.clock,
    random: ctx.random,
    timing: spec.timing,
    poll: async (signal) => ctx.observe(await spec.poll(signal)),
    onError: (message, error) => {
      ctx.logger.warn({ err: error }, `poll failed: ${message}`);
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
