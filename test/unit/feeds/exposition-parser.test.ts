/**
 * Sample lines of the Prometheus text format: the spec cases of prometheus/docs
 * `exposition_formats.md` and prometheus/common `expfmt/text_parse_test.go`, plus the traps
 * of real Pulsar brokers (FEEDS.md).
 */
import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition } from '../../../server/src/feeds/exposition/exposition';
import { FeedError } from '../../../server/src/feeds/observation';

const samplesOf = (text: string) => parseExposition(text).samples.map(({ name, labels, value, timestampMs }) => ({ name, labels, value, timestampMs }));
const one = (text: string) => {
  const samples = samplesOf(text);
  expect(samples).toHaveLength(1);
  return samples[0]!;
};

describe('sample lines', () => {
  const cases = [
    { name: 'minimal', line: 'minimal_metric 1.234', labels: {}, value: 1.234 },
    { name: 'ms timestamp', line: 'another_metric -3e3 103948', labels: {}, value: -3000, ts: 103_948 },
    { name: 'negative timestamp (before the epoch)', line: 'something_weird{problem="division by zero"} +Inf -3982045', labels: { problem: 'division by zero' }, value: Infinity, ts: -3_982_045 },
    { name: 'empty braces', line: 'no_labels{} 3', labels: {}, value: 3 },
    { name: 'exponent', line: 'msdos_file_access_time_seconds 1.458255915e9', labels: {}, value: 1_458_255_915 },
    { name: 'Java exponent', line: 'jvm_memory_bytes_max{area="heap"} 1.073741824E9', labels: { area: 'heap' }, value: 1_073_741_824 },
    { name: 'escapes \\\\ \\" \\n in a label value', line: String.raw`m{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1`, labels: { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' }, value: 1 },
    { name: 'an unknown escape is kept as written', line: String.raw`m{a="tab\there"} 1`, labels: { a: 'tab\\there' }, value: 1 },
    { name: 'trailing comma (simpleclient 0.5, Pulsar 2.x)', line: 'jvm_gc_collection_seconds_count{gc="Copy",} 104.0', labels: { gc: 'Copy' }, value: 104 },
    { name: 'space after commas (Pulsar broker lines)', line: 'pulsar_active_connections{cluster="c", broker="b", metric="broker_connection"} 412', labels: { cluster: 'c', broker: 'b', metric: 'broker_connection' }, value: 412 },
    { name: 'spaces around = and braces, and no space before the value', line: 'name2{ labelname = "val1" , }-Inf', labels: { labelname: 'val1' }, value: -Infinity },
    { name: 'tabs and runs of blanks', line: 'name2{labelname="val2"\t,basename   =   "basevalue2"\t\t} +Inf 54321', labels: { labelname: 'val2', basename: 'basevalue2' }, value: Infinity, ts: 54_321 },
    { name: 'a space between name and labels', line: 'name {labelname="val2"} 0.23 1234567890', labels: { labelname: 'val2' }, value: 0.23, ts: 1_234_567_890 },
    { name: 'commas and braces inside a value', line: 'm{a="x,y}",b="{z}"} 3', labels: { a: 'x,y}', b: '{z}' }, value: 3 },
    { name: 'single quotes in a value (JVM pools)', line: `m{pool="CodeHeap 'non-nmethods'"} 2406528.0`, labels: { pool: "CodeHeap 'non-nmethods'" }, value: 2_406_528 },
    { name: 'colons and leading underscore in names', line: '_some:aggregate:rate5m{_a_b="c"}\t1', labels: { _a_b: 'c' }, value: 1 },
    { name: 'trailing blanks after the timestamp', line: 'go_goroutines 33  \t123123  ', labels: {}, value: 33, ts: 123_123 },
    { name: 'leading blanks', line: '  my_summary{n1="val1",quantile="-12.34",} NaN', labels: { n1: 'val1', quantile: '-12.34' }, value: Number.NaN },
    { name: 'a leading zero', line: 'my_summary_sum{n1="val2"} 08 15', labels: { n1: 'val2' }, value: 8, ts: 15 },
    { name: 'quoted UTF-8 metric name (Prometheus 3)', line: '{"gauge.name","name.1"="val with\\nnew line","name*2"="Björn"} 3.14e+42', labels: { 'name.1': 'val with\nnew line', 'name*2': 'Björn' }, value: 3.14e42, metric: 'gauge.name' },
    { name: 'a label called __proto__ stays a label', line: 'm{__proto__="x"} 1', labels: JSON.parse('{"__proto__":"x"}') as Record<string, string>, value: 1 },
  ];
  it.each(cases)('$name', ({ line, labels, value, ts, metric }) => {
    const sample = one(`${line}\n`);
    if (metric) expect(sample.name).toBe(metric);
    expect(sample.labels).toEqual(labels);
    expect(Object.getPrototypeOf(sample.labels)).toBe(Object.prototype);
    expect(sample.value).toBe(value);
    expect(sample.timestampMs).toBe(ts);
  });

  it('keeps the name with its suffix and the 1-based line of each sample', () => {
    const exposition = parseExposition('# TYPE h histogram\n\nh_bucket{le="+Inf"} 5\nh_sum 2.5\nh_count 5\n');
    expect(exposition.samples.map((s) => [s.name, s.line])).toEqual([
      ['h_bucket', 3],
      ['h_sum', 4],
      ['h_count', 5],
    ]);
  });
});

describe('special values are mapped explicitly, never read as 0', () => {
  const values: Array<[string, number]> = [
    ['NaN', Number.NaN],
    ['nan', Number.NaN],
    ['+Inf', Infinity],
    ['Inf', Infinity],
    ['-Inf', -Infinity],
    ['+Infinity', Infinity],
    ['-Infinity', -Infinity], // Java's Double.toString, in Pulsar's bookkeeper-client summaries
    ['-0.0', -0],
    ['.5', 0.5],
    ['5.', 5],
    ['1.7560473e+07', 17_560_473],
    ['-1.0', -1],
  ];
  it.each(values)('%s', (token, expected) => expect(one(`m ${token}\n`).value).toBe(expected));
});

describe('garbage is refused with the line and what was expected', () => {
  const errors: Array<[string, string, RegExp]> = [
    ['a missing value', 'bla 3.14\nm\n', /^line 2: expected a value after the metric name/],
    ['a missing value after labels', 'm{a="b"}\n', /^line 1: expected a value after the labels/],
    ['a word as value', 'metric{label="bla"} blubb\n', /^line 1: expected a number as value .*"blubb"/],
    ['an empty value is not 0', 'm{a="b"} \n', /^line 1: expected a value/],
    ['underscore in a number', 'foo 1_2\n', /^line 1: expected a number as value/],
    ['hex float', 'foo 0x1p-3\n', /^line 1: expected a number as value/],
    ['hex integer', 'foo 0x1\n', /^line 1: expected a number as value/],
    ['binary', 'foo 0b1\n', /^line 1: expected a number as value/],
    ['octal', 'foo 0o1\n', /^line 1: expected a number as value/],
    ['out of float64 range', 'foo 1e400\n', /^line 1: expected a number as value/],
    ['a float timestamp', 'metric{label="bla"} 3.14 2.72\n', /^line 1: expected an integer timestamp in milliseconds, got "2.72" \(.*OpenMetrics/],
    ['a word as timestamp', 'metric 3.14 soon\n', /^line 1: expected an integer timestamp in milliseconds, got "soon"$/],
    ['something after the timestamp', 'metric{label="bla"} 3.14 2 3\n', /^line 1: expected the end of the line after the timestamp, got "3"/],
    ['an unclosed label set', 'm{a="b" 1\n', /^line 1: expected ',' or '}' after a label, got "1"/],
    ['no comma between labels', 'm{a="b" c="d"} 1\n', /^line 1: expected ',' or '}' after a label/],
    ['an unquoted label value', 'metric{label=bla} 3.14\n', /^line 1: expected '"' to open the value of label "label"/],
    ['a bad label name', 'metric{@="bla"} 3.14\n', /^line 1: expected a label name or '}', got "@=/],
    ['no = after a label name', 'metric{label+="bla"} 3.14\n', /^line 1: expected '=' after label name "label", got "\+/],
    ['a junk char after a value', 'metric{label="bla"+} 3.14\n', /^line 1: expected ',' or '}' after a label, got "\+/],
    ['a newline inside a label value', 'metric{label="new\nline"} 3.14\n', /^line 1: value of label "label" is not closed/],
    ['a duplicate label', 'metric{label="bla",label="bla"} 3.14\n', /^line 1: label "label" appears twice/],
    ['the reserved __name__ label', 'metric{__name__="bla"} 3.14\n', /^line 1: label name "__name__" is reserved/],
    ['a bad metric name', '@invalidmetric{label="bla"} 3.14 2\n', /^line 1: expected a metric name, got "@invalidmetr…"$/],
    ['labels without a name', '{label="bla"} 3.14 2\n', /^line 1: expected '=' after label name|^line 1: expected a metric name/],
    ['empty braces without a name', '{} 3.14\n', /^line 1: expected a metric name/],
    ['no blank after the name', 'm1.5\n', /^line 1: expected a space or '\{' after the metric name "m1"/],
    ['an unknown type', '\n# TYPE metric bla\n', /^line 2: expected a metric type .* got "bla"/],
    ['a TYPE without a type', '# TYPE metric\n', /^line 1: expected a metric type .* got ""/],
    ['a bad name in TYPE', '\n# TYPE met-ric\n', /^line 2: expected a space after the metric name "met" in # TYPE, got "-ric"/],
    ['an HTML error page', '<!DOCTYPE html>\n<html></html>\n', /^line 1: expected a metric name, got "<!DOCTYPE ht…"/],
    ['a JSON body', '{"status":"error"}\n', /^line 1: expected ',' or '}' after the quoted metric name "status", got ":/],
  ];
  it.each(errors)('%s', (_, text, message) => {
    let thrown: unknown;
    try {
      parseExposition(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExpositionError);
    expect(thrown).toBeInstanceOf(FeedError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('reports the line number of the bad line, counting blank and comment lines', () => {
    const text = '# HELP a x\n# TYPE a gauge\n\na 1\na{b="c"} 2\na{b="d"} two\n';
    expect(() => parseExposition(text)).toThrow(expect.objectContaining({ line: 6, message: expect.stringMatching(/^line 6: /) }));
  });
});
