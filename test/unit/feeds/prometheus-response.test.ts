/** Reading Prometheus HTTP API answers: real 2.42 captures and hand-written traps. */
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../../server/src/feeds/observation';
import { formatLabels, parsePromResponse, parsePromValue } from '../../../server/src/feeds/prometheus/prom-response';
import { answer, parsedAnswer } from '../../fixtures/prometheus/load';

function failure(name: string): FeedError {
  const a = answer(name);
  try {
    parsePromResponse(a.url, a.status, a.body);
  } catch (error) {
    expect(error).toBeInstanceOf(FeedError);
    return error as FeedError;
  }
  throw new Error(`${name} parsed without an error`);
}

describe('parsePromResponse: failures say status, errorType and error', () => {
  const cases = [
    {
      name: 'real-2.42-error-bad-data.json',
      message: /^HTTP 400 from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: bad_data: invalid parameter "query": 1:19: parse error: unclosed left parenthesis$/,
    },
    { name: 'real-2.42-error-execution.json', message: /^HTTP 422 from .*: execution: found duplicate series for the match group/ },
    { name: 'real-2.42-error-range-too-many-points.json', message: /^HTTP 400 from .*query_range: bad_data: exceeded maximum resolution/ },
    { name: 'hand-timeout-503.json', message: /^HTTP 503 from http:\/\/prom\.example:9090\/api\/v1\/query: timeout: query timed out in expression evaluation$/ },
    { name: 'hand-canceled-499-with-data.json', message: /^HTTP 499 from .*: canceled: context canceled$/ },
    {
      name: 'hand-html-502.json',
      message: /^HTTP 502 from .*: unparsable body \(not JSON\): <html> <head><title>502 Bad Gateway<\/title><\/head> <body> <center><h1>502 Bad Ga…$/,
    },
    { name: 'hand-empty-body-504.json', message: /^HTTP 504 from .*: unparsable body \(not JSON\): \(empty body\)$/ },
    { name: 'hand-not-prometheus.json', message: /^HTTP 200 from .*: not a Prometheus API answer: status: / },
    { name: 'hand-success-without-data.json', message: /^HTTP 200 from .*: unexpected data: / },
    // Number("") is 0: an empty value string must not become a reading of zero.
    { name: 'hand-empty-string-value.json', message: /^HTTP 200 from .*: unexpected data: result\.0\.value\.1: not a number: ""$/ },
  ];
  it.each(cases)('$name', ({ name, message }) => {
    expect(failure(name).message).toMatch(message);
  });

  it('names where without the query string or credentials', () => {
    const error = (() => {
      try {
        parsePromResponse('http://ops:s3cret@prom:9090/api/v1/query?query=up&time=1', 503, '{"status":"error","errorType":"timeout","error":"x"}');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe('HTTP 503 from http://prom:9090/api/v1/query: timeout: x');
  });

  it('refuses a success envelope carrying an error status (a proxy rewrote one half)', () => {
    expect(() => parsePromResponse('http://p/api/v1/query', 500, '{"status":"success","data":{"resultType":"vector","result":[]}}')).toThrow(
      'HTTP 500 from http://p/api/v1/query: a success envelope with an error status',
    );
  });
});

describe('parsePromResponse: data', () => {
  it('reads a real vector: labels, Unix ms and numbers', () => {
    const data = parsedAnswer('real-2.42-vector.json');
    expect(data.resultType).toBe('vector');
    if (data.resultType !== 'vector') return;
    expect(data.result.map((s) => [s.labels.device, s.value])).toEqual([
      ['md6', 50_000_000],
      ['md7', 0],
      ['md8', 104_790_016],
    ]);
    expect(data.result[0]).toMatchObject({ labels: { __name__: 'node_md_blocks_synced', instance: 'hv-12:9100' }, at: 1_796_163_602_506 });
  });

  it('keeps an empty vector empty', () => {
    expect(parsedAnswer('real-2.42-vector-empty.json')).toEqual({ resultType: 'vector', result: [], warnings: [], infos: [] });
  });

  it.each([
    ['real-2.42-scalar-nan.json', { resultType: 'scalar', result: { at: 1_796_163_602_506, value: Number.NaN } }],
    ['hand-scalar.json', { resultType: 'scalar', result: { at: 1_741_010_160_123, value: 42 } }],
    ['real-2.42-string.json', { resultType: 'string', result: { at: 1_796_163_602_506, value: 'hello' } }],
  ])('%s', (name, expected) => {
    expect(parsedAnswer(name)).toMatchObject(expected);
  });

  it('maps NaN, -Inf and +Inf explicitly', () => {
    const real = parsedAnswer('real-2.42-vector-inf.json');
    const hand = parsedAnswer('hand-nan-and-inf-values.json');
    if (real.resultType !== 'vector' || hand.resultType !== 'vector') throw new Error('not vectors');
    expect(real.result.map((s) => s.value)).toEqual([Infinity, Infinity, Infinity]);
    expect(hand.result.map((s) => s.value)).toEqual([Number.NaN, -Infinity, Infinity, 1000]);
  });

  it('reads a real matrix and a range vector from an instant query', () => {
    const range = parsedAnswer('real-2.42-matrix.json');
    const instant = parsedAnswer('real-2.42-matrix-instant.json');
    if (range.resultType !== 'matrix' || instant.resultType !== 'matrix') throw new Error('not matrices');
    expect(range.result[0]!.points).toEqual([
      [1_796_163_600_000, 16_775_552],
      [1_796_163_602_000, 50_000_000],
    ]);
    expect(instant.result[0]!.points.length).toBeGreaterThan(1);
  });

  it('marks native histogram samples as having no value', () => {
    const v = parsedAnswer('hand-native-histogram-vector.json');
    const m = parsedAnswer('hand-native-histogram-matrix.json');
    expect(v).toMatchObject({ resultType: 'vector', result: [{ at: 1_741_010_160_500, value: null }] });
    expect(m).toMatchObject({ resultType: 'matrix', result: [{ points: [], histogramPoints: 2 }] });
  });

  it('returns warnings and Prometheus 3 infos', () => {
    expect(parsedAnswer('hand-success-with-warnings-and-infos.json')).toMatchObject({
      warnings: ['remote read from store eu-2 failed: partial response'],
      infos: [expect.stringContaining('might not be a counter')],
    });
  });
});

describe('parsePromValue', () => {
  it.each([
    ['1', 1],
    ['-0.5', -0.5],
    ['1.95310144e+08', 195_310_144],
    ['NaN', Number.NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['', undefined],
    [' ', undefined],
    ['0x10', undefined],
    ['12abc', undefined],
  ])('%j → %s', (text, value) => {
    expect(parsePromValue(text)).toBe(value);
  });
});

it('formatLabels names a series the way PromQL does', () => {
  expect(formatLabels({ __name__: 'up', instance: 'hv-3:9100', job: 'node' })).toBe('up{instance="hv-3:9100",job="node"}');
});
