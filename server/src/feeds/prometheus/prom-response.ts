/**
 * Reads a Prometheus HTTP API answer (`/api/v1/query`, `/api/v1/query_range`) into typed data,
 * or a FeedError that says what a person in the room needs: the HTTP status, Prometheus'
 * errorType and error text, or the start of a body that is not JSON (a proxy's HTML page).
 * Wire format and traps: ../shared/FEEDS.md "Prometheus HTTP API".
 */
import { z } from 'zod';
import type { MetricPoint } from '#shared/metrics';
import { FeedError } from '../observation';

/**
 * A sample value as Prometheus writes it: always a string, with Go's spellings of the
 * non-finite values. `parseFloat("+Inf")` is NaN, and `Number("")` is 0, so neither is used
 * alone. Returns undefined for anything that is not a number.
 */
export function parsePromValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

const Labels = z.record(z.string(), z.string());
/** Prometheus times are float Unix seconds; everything in Warroom is Unix ms. */
const Time = z
  .number()
  .finite()
  .transform((seconds) => Math.round(seconds * 1000));
const Value = z.string().transform((text, ctx) => {
  const value = parsePromValue(text);
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(text.slice(0, 40))}` });
    return z.NEVER;
  }
  return value;
});
/** A native histogram (Prometheus ≥ 2.40) has no single float value: only its shape is checked. */
const Histogram = z.looseObject({ count: z.string() });

const VectorSample = z
  .object({
    metric: Labels,
    value: z.tuple([Time, Value]).optional(),
    histogram: z.tuple([Time, Histogram]).optional(),
  })
  .transform((s, ctx) => {
    if (s.value) return { labels: s.metric, at: s.value[0], value: s.value[1] };
    if (s.histogram) return { labels: s.metric, at: s.histogram[0], value: null };
    ctx.addIssue({ code: 'custom', message: 'a sample with neither value nor histogram' });
    return z.NEVER;
  });

const MatrixSeries = z
  .object({
    metric: Labels,
    values: z.array(z.tuple([Time, Value])).optional(),
    histograms: z.array(z.tuple([Time, Histogram])).optional(),
  })
  .transform((s) => ({ labels: s.metric, points: s.values ?? [], histogramPoints: s.histograms?.length ?? 0 }));

const ResultData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(VectorSample) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(MatrixSeries) }),
  z.object({
    resultType: z.literal('scalar'),
    result: z.tuple([Time, Value]).transform(([at, value]) => ({ at, value })),
  }),
  z.object({
    resultType: z.literal('string'),
    result: z.tuple([Time, z.string()]).transform(([at, value]) => ({ at, value })),
  }),
]);

const Envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  /** Prometheus 3 splits info-level annotations off the warnings. */
  infos: z.array(z.string()).optional(),
});

export type PromLabels = Record<string, string>;
/** One instant-vector sample. `value` may be NaN or ±Inf; it is null for a native histogram. */
export type PromSample = { labels: PromLabels; at: number; value: number | null };
/** One range-vector series; `histogramPoints` counts native-histogram points it also carried. */
export type PromSeries = { labels: PromLabels; points: MetricPoint[]; histogramPoints: number };
export type PromResult =
  | { resultType: 'vector'; result: PromSample[] }
  | { resultType: 'matrix'; result: PromSeries[] }
  | { resultType: 'scalar'; result: { at: number; value: number } }
  | { resultType: 'string'; result: { at: number; value: string } };
/** A successful answer. Warnings mean the data may be partial (a remote store failed). */
export type PromData = PromResult & { warnings: string[]; infos: string[] };

/** Where the answer came from, without the query string (long) or credentials (secret). */
function where(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return url;
  }
}

function bodyStart(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown shape';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * The `data` of a Prometheus answer, or a FeedError naming the HTTP status and why. An error
 * envelope is an error whatever the status; a success envelope with a non-2xx status too
 * (a proxy rewrote it: trusting either half would be a guess).
 */
export function parsePromResponse(url: string, httpStatus: number, body: string): PromData {
  const from = `HTTP ${httpStatus} from ${where(url)}`;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new FeedError(`${from}: unparsable body (not JSON): ${bodyStart(body)}`);
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) throw new FeedError(`${from}: not a Prometheus API answer: ${firstIssue(envelope.error)}`);
  const e = envelope.data;
  if (e.status === 'error') {
    throw new FeedError(`${from}: ${e.errorType ?? 'error'}: ${e.error ?? '(no error text)'}`);
  }
  if (httpStatus < 200 || httpStatus > 299) throw new FeedError(`${from}: a success envelope with an error status`);
  const data = ResultData.safeParse(e.data);
  if (!data.success) throw new FeedError(`${from}: unexpected data: ${firstIssue(data.error)}`);
  return { ...data.data, warnings: e.warnings ?? [], infos: e.infos ?? [] };
}

/** `{device="md6",instance="hv-12:9100"}`: how a series is named in a problem text. */
export function formatLabels(labels: PromLabels): string {
  const pairs = Object.entries(labels)
    .filter(([name]) => name !== '__name__')
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `${labels['__name__'] ?? ''}{${pairs.join(',')}}`;
}
