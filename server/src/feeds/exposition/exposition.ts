/**
 * The Prometheus text exposition format (what node_exporter, Pulsar brokers and ceph-mgr
 * serve), read by a real parser. None of the npm parsers handled escaped labels, spaces after
 * commas, `-Inf`, a last line without newline and garbage together (evaluated: parse-prometheus-
 * text-format 1.1.1, prom2javascript 0.2.0, exposition 1.2.0, @platformatic/promotel 0.2.2).
 *
 * Grammar and spec cases: prometheus/docs `exposition_formats.md` and prometheus/common
 * `expfmt/text_parse_test.go`. Where that client library is stricter than Prometheus' own
 * scraper (repeated `# TYPE`, unknown escapes, no final newline), we follow the scraper: it
 * is what reads these endpoints in production, and Pulsar has shipped repeated TYPE lines.
 */
import { FeedError } from '../observation';
import { LineScanner, LineSyntaxError, parseSampleValue, unescapeHelp } from './line-scanner';

export const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped', 'gaugehistogram', 'info', 'stateset', 'unknown'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export interface ExpositionSample {
  /** The series name as written, suffix included (`x_bucket`, `x_total`). */
  name: string;
  labels: Record<string, string>;
  /** May be NaN or ±Infinity: the format allows them, and callers must decide what they mean. */
  value: number;
  /** Unix ms; OpenMetrics seconds are converted. Absent when the line has none. */
  timestampMs?: number;
  /** 1-based, for messages. */
  line: number;
}

export interface MetricFamily {
  /** The name of the `# TYPE` line (`http_request_duration_seconds` for its `_bucket` lines). */
  name: string;
  type: MetricType;
  help: string | null;
  samples: ExpositionSample[];
}

export interface Exposition {
  format: 'prometheus' | 'openmetrics';
  /** In order of first sample; families with a TYPE but no sample are left out. */
  families: MetricFamily[];
  /** Every sample, in document order. */
  samples: ExpositionSample[];
}

export interface ParseOptions {
  /** Samples whose name this refuses are checked for syntax but not kept (a broker's /metrics can hold 100k topic series). */
  keep?: (name: string) => boolean;
}

/** A body that is not the exposition format. The message names the line and what was expected there. */
export class ExpositionError extends FeedError {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created'],
  info: ['_info'],
};
const ALL_SUFFIXES = [...new Set(Object.values(SUFFIXES).flat())];

interface Metadata {
  types: Map<string, MetricType>;
  help: Map<string, string>;
}

export function parseExposition(text: string, options: ParseOptions = {}): Exposition {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  // OpenMetrics must end with `# EOF`; its timestamps are seconds, so reading one as the
  // text format would put every sample in January 1970. Decide before the first sample.
  const eof = lines.findIndex((l) => l.trimEnd() === '# EOF');
  const openMetrics = eof !== -1;
  const meta: Metadata = { types: new Map(), help: new Map() };
  const samples: ExpositionSample[] = [];

  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (openMetrics && index >= eof) {
      if (index > eof && content.trim() !== '') throw new ExpositionError(line, 'unexpected content after "# EOF"');
      return;
    }
    const s = new LineScanner(content);
    try {
      s.skipBlanks();
      if (s.atEnd) return;
      if (s.take('#')) return readComment(s, meta);
      const sample = readSample(s, line, openMetrics);
      if (!options.keep || options.keep(sample.name)) samples.push(sample);
    } catch (error) {
      if (error instanceof LineSyntaxError) throw new ExpositionError(line, error.message);
      throw error;
    }
  });
  return { format: openMetrics ? 'openmetrics' : 'prometheus', families: groupFamilies(samples, meta, openMetrics), samples };
}

/** `# HELP name text`, `# TYPE name type`; any other comment is ignored, as are HELP/TYPE without a name. */
function readComment(s: LineScanner, meta: Metadata): void {
  s.skipBlanks();
  const keyword = s.word();
  if (keyword !== 'HELP' && keyword !== 'TYPE') return;
  s.skipBlanks();
  if (s.atEnd) return;
  const name = s.peek() === '"' ? s.quoted('metric name') : s.bareName();
  if (!name) throw new LineSyntaxError(`expected a metric name after # ${keyword}, got ${s.describeNext()}`);
  if (!s.skipBlanks() && !s.atEnd) {
    throw new LineSyntaxError(`expected a space after the metric name ${JSON.stringify(name)} in # ${keyword}, got ${s.describeNext()}`);
  }
  if (keyword === 'HELP') {
    // Repeats are tolerated (Prometheus' scraper does); the first one stands.
    if (!meta.help.has(name)) meta.help.set(name, unescapeHelp(s.rest()));
    return;
  }
  const word = s.word();
  const type = METRIC_TYPES.find((t) => t === word.toLowerCase());
  if (!type) throw new LineSyntaxError(`expected a metric type (${METRIC_TYPES.join(', ')}) after # TYPE ${name}, got ${JSON.stringify(word)}`);
  if (!meta.types.has(name)) meta.types.set(name, type);
}

function readSample(s: LineScanner, line: number, openMetrics: boolean): ExpositionSample {
  const labels: Record<string, string> = {};
  let name = s.bareName();
  let braced = false;
  if (name) {
    const spaced = s.skipBlanks();
    braced = s.take('{');
    if (braced) readLabels(s, labels, false);
    else if (!spaced && !s.atEnd) throw new LineSyntaxError(`expected a space or '{' after the metric name ${JSON.stringify(name)}, got ${s.describeNext()}`);
  } else if (s.take('{')) {
    braced = true;
    name = readLabels(s, labels, true) ?? '';
    if (!name) throw new LineSyntaxError('expected a metric name before or as the first item inside {}');
  } else {
    throw new LineSyntaxError(`expected a metric name, got ${s.describeNext()}`);
  }

  s.skipBlanks();
  const valueToken = s.word();
  if (!valueToken) throw new LineSyntaxError(`expected a value after ${braced ? 'the labels' : 'the metric name'}, got the end of the line`);
  const value = parseSampleValue(valueToken);
  if (value === null) throw new LineSyntaxError(`expected a number as value (or NaN, +Inf, -Inf), got ${JSON.stringify(valueToken)}`);
  const sample: ExpositionSample = { name, labels, value, line };

  s.skipBlanks();
  if (s.atEnd || (openMetrics && s.peek() === '#')) return sample; // OpenMetrics exemplars are not read
  const tsToken = s.word();
  sample.timestampMs = openMetrics ? secondsTimestamp(tsToken) : millisecondTimestamp(tsToken);
  s.skipBlanks();
  if (!s.atEnd && !(openMetrics && s.peek() === '#')) throw new LineSyntaxError(`expected the end of the line after the timestamp, got ${s.describeNext()}`);
  return sample;
}

/** Reads up to and including '}'. Returns a quoted metric name if the set opens with one (`{"a.b", x="1"}`). */
function readLabels(s: LineScanner, labels: Record<string, string>, nameMayBeInside: boolean): string | undefined {
  let name: string | undefined;
  for (let first = true; ; first = false) {
    s.skipBlanks();
    if (s.take('}')) return name;
    const quotedKey = s.peek() === '"';
    const key = quotedKey ? s.quoted('label name') : s.bareLabelName();
    if (!key) throw new LineSyntaxError(`expected a label name or '}', got ${s.describeNext()}`);
    s.skipBlanks();
    if (quotedKey && first && nameMayBeInside && s.peek() !== '=') {
      name = key;
    } else {
      s.expect('=', `'=' after label name ${JSON.stringify(key)}`);
      s.skipBlanks();
      const value = s.quoted(`value of label ${JSON.stringify(key)}`);
      if (key === '__name__') throw new LineSyntaxError('label name "__name__" is reserved');
      if (Object.hasOwn(labels, key)) throw new LineSyntaxError(`label ${JSON.stringify(key)} appears twice`);
      // A label called "__proto__" must stay a label, not become the object's prototype.
      if (key === '__proto__') Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
      else labels[key] = value;
    }
    s.skipBlanks();
    if (s.take('}')) return name;
    s.expect(',', first && name !== undefined ? `',' or '}' after the quoted metric name ${JSON.stringify(name)}` : "',' or '}' after a label");
  }
}

function millisecondTimestamp(token: string): number {
  const ms = /^[+-]?\d+$/.test(token) ? Number(token) : Number.NaN;
  if (Number.isSafeInteger(ms)) return ms;
  const hint = parseSampleValue(token) === null ? '' : ' (seconds with a fraction are OpenMetrics, whose bodies end with "# EOF")';
  throw new LineSyntaxError(`expected an integer timestamp in milliseconds, got ${JSON.stringify(token)}${hint}`);
}

function secondsTimestamp(token: string): number {
  const seconds = parseSampleValue(token);
  if (seconds === null || !Number.isFinite(seconds)) throw new LineSyntaxError(`expected a timestamp in seconds, got ${JSON.stringify(token)}`);
  return Math.round(seconds * 1000);
}

function groupFamilies(samples: ExpositionSample[], meta: Metadata, openMetrics: boolean): MetricFamily[] {
  const families = new Map<string, MetricFamily>();
  for (const sample of samples) {
    const name = familyName(sample.name, meta.types);
    let family = families.get(name);
    if (!family) {
      family = { name, type: meta.types.get(name) ?? (openMetrics ? 'unknown' : 'untyped'), help: meta.help.get(name) ?? null, samples: [] };
      families.set(name, family);
    }
    family.samples.push(sample);
  }
  return [...families.values()];
}

/** `x_bucket` belongs to `x` only if `x` was declared a histogram; otherwise it is its own family. */
function familyName(name: string, types: Map<string, MetricType>): string {
  if (types.has(name)) return name;
  for (const suffix of ALL_SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = types.get(base);
    if (type && SUFFIXES[type]?.includes(suffix)) return base;
  }
  return name;
}
