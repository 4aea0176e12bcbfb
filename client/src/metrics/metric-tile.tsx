import { memo, useRef } from 'react';
import type { MetricState } from '#shared/metrics';
import { age } from '../lib/time';
import { zonedMinute } from '../timeline/entry-format';
import { useStore } from '../store/store';
import { setText, useTransient } from '../store/use-transient';
import { formatNumber, formatTrend, formatValue } from './format';
import { Sparkline } from './sparkline';
import { StatusBadge } from './status-badge';
import { useFreshness } from './use-freshness';
import { useRenderingSkipped } from './use-rendering-skipped';

/**
 * A live metric. Split into parts that each subscribe to what they show, because samples
 * arrive many times a second: a new sample writes the number, the line and the age straight
 * to the DOM; the tile itself changes with its status, its freshness or its definition.
 */
/** `timeAxis`: the span the sparkline covers under it (the wall: a line without times reads as a trend of anything). */
export function MetricTile({ id, timeAxis = false }: { id: string; timeAxis?: boolean }) {
  const def = useStore((s) => s.room?.metrics.get(id)?.def);
  const status = useStore((s) => s.room?.metrics.get(id)?.status ?? 'unknown');
  const source = useStore((s) => s.room?.metrics.get(id)?.source ?? null);
  const simulated = useStore((s) => s.room?.incident.simulated ?? false);
  const fresh = useFreshness(id);
  const body = useRef<HTMLDivElement>(null);
  const offScreen = useRenderingSkipped(body);
  if (!def) return null;

  const tone = fresh === 'live' ? status : 'stale';
  return (
    <article className={`tile tile--${tone}`} data-metric={id} data-freshness={fresh} aria-label={def.label}>
      {/* The body, not the tile, bounds layout: Chromium never re-lays out a grid or flex item on its own. */}
      <div ref={body} className="tile__body">
        <header className="tile__head">
          <h3 className="tile__label" title={def.label}>
            {def.label}
          </h3>
        </header>
        <TileValue id={id} stale={fresh !== 'live'} />
        <StatusBadge status={status} fresh={fresh} />
        <TileNote id={id} />
        <Sparkline id={id} status={status} paused={offScreen} />
        {timeAxis && <SparkAxis id={id} />}
        <footer className="tile__foot">
          <SampledAgo id={id} />
          {/* Where the number comes from, in the foot: the label keeps the tile's whole width. */}
          {simulated ? <span className="tile__sim"> · simulated</span> : source && <> · {source}</>}
        </footer>
      </div>
    </article>
  );
}

/** The number changes with every sample: written straight to the DOM (use-transient.ts). A stale one reads "last value". */
const TileValue = memo(function TileValue({ id, stale }: { id: string; stale: boolean }) {
  const def = useStore((s) => s.room?.metrics.get(id)?.def);
  const number = useRef<HTMLSpanElement>(null);
  const limit = useRef<HTMLSpanElement>(null);
  useTransient(
    (s) => s.room?.metrics.get(id),
    (m) => {
      if (!m) return;
      setText(number.current, formatValue(m));
      setText(limit.current, m.limit === null ? '' : `/ ${formatNumber(m.limit)}`);
    },
    // Again once the spans exist: a tile can mount before its definition arrives.
    [id, def],
  );
  if (!def) return null;
  return (
    <div className="tile__value">
      {stale && <span className="tile__last">last value</span>}
      <span ref={number} className={def.valueLabels ? 'tile__number tile__number--text' : 'tile__number'} data-testid="metric-value" elementtiming="metric-value" />
      <span ref={limit} className="tile__limit" />
      {def.unit && <span className="tile__unit">{def.unit}</span>}
    </div>
  );
});

/**
 * One line under the value, most urgent first: why the source gives no good value (refused,
 * timeout, no data…), else where a quantity that should fall to zero is heading, else the
 * source's own detail (Ceph's failing checks).
 */
export function tileNote(m: MetricState | undefined): { text: string; tone: 'problem' | 'trend' | 'detail' } | null {
  if (!m) return null;
  if (m.problem) return { text: m.problem, tone: 'problem' };
  if (m.trend && m.def.progress) return { text: formatTrend(m.trend, m.def.unit), tone: 'trend' };
  if (m.detail) return { text: m.detail, tone: 'detail' };
  return null;
}

const TileNote = memo(function TileNote({ id }: { id: string }) {
  const text = useRef<HTMLParagraphElement>(null);
  useTransient(
    (s) => {
      const note = tileNote(s.room?.metrics.get(id));
      return note ? `${note.tone}\n${note.text}` : '';
    },
    (encoded) => {
      const element = text.current;
      if (!element) return;
      const [tone = '', ...rest] = encoded.split('\n');
      element.className = `tile__note tile__note--${tone}`;
      setText(element, rest.join('\n'));
      element.title = rest.join('\n');
    },
    [id],
  );
  return <p ref={text} className="tile__note" data-testid="metric-note" />;
});

/** Changes with every sample and every second: written straight to the DOM. */
const SampledAgo = memo(function SampledAgo({ id }: { id: string }) {
  const text = useRef<HTMLSpanElement>(null);
  useTransient(
    (s, now) => {
      const at = s.room?.metrics.get(id)?.sampledAt ?? null;
      return at === null ? 'never sampled' : `sampled ${age(now + s.connection.clockOffsetMs - at)} ago`;
    },
    (t) => setText(text.current, t),
    [id],
  );
  return <span ref={text} data-testid="metric-age" />;
});

/** The first and last time the sparkline covers, in the incident's zone: "14:55 CET … 15:32 CET". */
const SparkAxis = memo(function SparkAxis({ id }: { id: string }) {
  const first = useRef<HTMLSpanElement>(null);
  const last = useRef<HTMLSpanElement>(null);
  useTransient(
    (s) => {
      const history = s.room?.metrics.get(id)?.history ?? [];
      const zone = s.room?.incident.timeZone ?? 'UTC';
      const [start, end] = [history[0]?.[0], history.at(-1)?.[0]];
      return start === undefined || end === undefined ? '' : `${zonedMinute(start, zone)}\n${zonedMinute(end, zone)}`;
    },
    (span) => {
      const [from = '', to = ''] = span.split('\n');
      setText(first.current, from);
      setText(last.current, to);
    },
    [id],
  );
  return (
    <div className="tile__axis" aria-hidden="true">
      <span ref={first} />
      <span ref={last} />
    </div>
  );
});
