/**
 * Whole bodies: comments, HELP/TYPE, families, line endings, and OpenMetrics (whose
 * timestamps are seconds: read as the text format they would land in January 1970).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExposition, type MetricFamily } from '../../../server/src/feeds/exposition/exposition';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/exposition/${name}`, import.meta.url), 'utf8');
const docsExample = fixture('prometheus-docs-example.txt');
const withoutLineNumbers = (families: MetricFamily[]) =>
  families.map((f) => ({ ...f, samples: f.samples.map(({ name, labels, value, timestampMs }) => ({ name, labels, value, timestampMs })) }));

describe('the exposition_formats.md example', () => {
  const { format, families, samples } = parseExposition(docsExample);

  it('is the text format, with every sample', () => {
    expect(format).toBe('prometheus');
    expect(samples).toHaveLength(2 + 1 + 1 + 1 + 8 + 7);
  });

  it('groups families by their TYPE line, suffixes included', () => {
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['http_requests_total', 'counter', 2],
      ['msdos_file_access_time_seconds', 'untyped', 1],
      ['metric_without_timestamp_and_labels', 'untyped', 1],
      ['something_weird', 'untyped', 1],
      ['http_request_duration_seconds', 'histogram', 8],
      ['rpc_duration_seconds', 'summary', 7],
    ]);
  });

  it('keeps HELP text, and null where there is none', () => {
    const help = Object.fromEntries(families.map((f) => [f.name, f.help]));
    expect(help.http_requests_total).toBe('The total number of HTTP requests.');
    expect(help.msdos_file_access_time_seconds).toBeNull();
  });

  it('reads the +Inf bucket, timestamps and escaped labels', () => {
    const inf = samples.find((s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.le === '+Inf');
    expect(inf?.value).toBe(144_320);
    expect(samples[0]).toMatchObject({ name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1_395_066_363_000 });
    expect(samples.find((s) => s.name === 'something_weird')).toMatchObject({ value: Infinity, timestampMs: -3_982_045 });
    expect(samples.find((s) => s.name.startsWith('msdos'))?.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
  });

  it.each([
    ['CRLF line endings', docsExample.replaceAll('\n', '\r\n')],
    ['no newline after the last line', docsExample.trimEnd()],
    ['a byte-order mark', `\uFEFF${docsExample}`],
    ['extra blank lines', docsExample.replaceAll('\n\n', '\n\n\n  \n\t\n')],
  ])('reads the same with %s', (_, text) => {
    expect(withoutLineNumbers(parseExposition(text).families)).toEqual(withoutLineNumbers(families));
  });
});

describe('comments and metadata', () => {
  it('ignores other comments, and HELP/TYPE lines without a name', () => {
    const text = '# A normal comment.\n#\n# Hrandom comment starting with prefix of HELP\n# HELP\n# TYPE\nm 1\n# comment with escaped \\n newline\n';
    expect(parseExposition(text).families).toEqual([{ name: 'm', type: 'untyped', help: null, samples: [expect.objectContaining({ value: 1 })] }]);
  });

  it('unescapes \\\\ and \\n in HELP and keeps other text as written', () => {
    const text = '# HELP name two-line\\n doc  str\\\\ing "quoted" \\t\nname 1\n';
    expect(parseExposition(text).families[0]?.help).toBe('two-line\n doc  str\\ing "quoted" \\t');
  });

  it('accepts blanks before and inside the comment, as expfmt does', () => {
    const text = ' # HELP  name2  \tdoc str"ing 2\n  #    TYPE    name2 gauge\nname2 3\n';
    expect(parseExposition(text).families[0]).toMatchObject({ name: 'name2', type: 'gauge', help: 'doc str"ing 2' });
  });

  it('tolerates the repeated TYPE lines Pulsar has shipped (apache/pulsar#8616), keeping the first', () => {
    const text = '# TYPE pulsar_subscriptions_count gauge\npulsar_subscriptions_count{cluster="a"} 0\n# TYPE pulsar_subscriptions_count gauge\npulsar_subscriptions_count{cluster="a",namespace="n"} 7\n# TYPE pulsar_subscriptions_count counter\n';
    const [family] = parseExposition(text).families;
    expect(family).toMatchObject({ name: 'pulsar_subscriptions_count', type: 'gauge' });
    expect(family?.samples.map((s) => s.value)).toEqual([0, 7]);
  });

  it('does not fold x_sum into x unless x is a summary or histogram', () => {
    const text = '# TYPE my_summary summary\nmy_summary_sum 4711\nfake_sum 2001\n# TYPE c counter\nc_total 3\nc_created 1.6e9\nc_bucket 1\n';
    expect(parseExposition(text).families.map((f) => [f.name, f.samples.map((s) => s.name)])).toEqual([
      ['my_summary', ['my_summary_sum']],
      ['fake_sum', ['fake_sum']],
      ['c', ['c_total', 'c_created']],
      ['c_bucket', ['c_bucket']],
    ]);
  });

  it('leaves out families that have a TYPE but no sample', () => {
    expect(parseExposition('# TYPE pulsar_resource_group_updates counter\nm 1\n').families.map((f) => f.name)).toEqual(['m']);
  });

  it('an empty body is no samples, not an error', () => {
    expect(parseExposition('')).toEqual({ format: 'prometheus', families: [], samples: [] });
    expect(parseExposition('\n\n').samples).toEqual([]);
  });
});

describe('keep: only the series a caller wants are stored, all are still checked', () => {
  const text = 'a 1\nb 2\na{x="y"} 3\n';
  it('filters samples and families', () => {
    const { samples, families } = parseExposition(text, { keep: (name) => name === 'a' });
    expect(samples.map((s) => s.value)).toEqual([1, 3]);
    expect(families.map((f) => f.name)).toEqual(['a']);
  });
  it('still refuses garbage in a series it drops', () => {
    expect(() => parseExposition(`${text}b{ 4\n`, { keep: (name) => name === 'a' })).toThrow(/^line 4: /);
  });
});

// Parsed inside each test, so a parser that throws fails the tests by name.
const om = () => parseExposition(fixture('openmetrics-example.txt'));

describe('OpenMetrics (a body that ends with # EOF)', () => {
  it('is recognised, and its timestamps in seconds become ms', () => {
    const { format, samples } = om();
    expect(format).toBe('openmetrics');
    expect(samples.find((s) => s.name === 'go_goroutines')).toMatchObject({ value: 69, timestampMs: 1_605_281_325_250 });
  });

  it('skips exemplars after the value', () => {
    const buckets = om().samples.filter((s) => s.name === 'foo_bucket');
    expect(buckets.map((s) => [s.labels.le, s.value, s.timestampMs])).toEqual([
      ['0.01', 0, undefined],
      ['0.1', 8, undefined],
      ['+Inf', 17, undefined],
    ]);
  });

  it('groups _total, _created and histogram series; families without a TYPE are "unknown"', () => {
    expect(om().families.map((f) => [f.name, f.type])).toEqual([
      ['acme_http_router_request_seconds', 'summary'],
      ['go_goroutines', 'gauge'],
      ['process_cpu_seconds', 'counter'],
      ['foo', 'histogram'],
    ]);
    expect(parseExposition('x 1\n# EOF\n').families[0]?.type).toBe('unknown');
  });

  it('refuses content after # EOF', () => {
    expect(() => parseExposition('a 1\n# EOF\nb 2\n')).toThrow(/^line 3: unexpected content after "# EOF"/);
  });

  it('without # EOF, a seconds timestamp is refused, not read as ms in 1970', () => {
    expect(() => parseExposition('go_goroutines 69 1605281325.25\n')).toThrow(/^line 1: expected an integer timestamp in milliseconds.*# EOF/);
  });
});
