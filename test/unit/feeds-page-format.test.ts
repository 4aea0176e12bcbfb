import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FeedStatus } from '#shared/feeds';
import {
  agoText,
  configFileText,
  describeFetchError,
  intervalText,
  latencyText,
  nextPollText,
  reloadErrorText,
  summaryText,
} from '../../client/src/feeds/feeds-format';
import { formatDuration } from '../../client/src/lib/duration';

const NOW = Date.parse('2025-03-03T15:32:30Z');

describe('formatDuration', () => {
  it.each([
    { ms: 120, expected: '120 ms' },
    { ms: 2370, expected: '2.4 s' },
    { ms: 9949, expected: '9.9 s' },
    { ms: 9950, expected: '10 s' },
    { ms: 15_000, expected: '15 s' },
    { ms: 60_000, expected: '1 min' },
    { ms: 395_000, expected: '6 min 35 s' },
    { ms: 3_599_600, expected: '1 h' },
    { ms: 23_700_000, expected: '6 h 35 min' },
    { ms: 33_000_000, expected: '9 h 10 min' },
    { ms: -1, expected: '—' },
    { ms: Number.POSITIVE_INFINITY, expected: '—' },
  ])('$ms ms → $expected', ({ ms, expected }) => expect(formatDuration(ms)).toBe(expected));
});

describe('agoText', () => {
  it.each([
    { at: null, expected: 'never' },
    { at: NOW - 12_400, expected: '12 s ago' },
    { at: NOW - 125_000, expected: '2 min ago' },
    // The server's clock a little ahead of the corrected one: never "-1 s ago".
    { at: NOW + 800, expected: '0 s ago' },
  ])('$at → $expected', ({ at, expected }) => expect(agoText(at, NOW)).toBe(expected));
});

describe('nextPollText', () => {
  it.each([
    { name: 'a push source', intervalMs: null, nextPollAt: null, expected: '—' },
    { name: 'a stopped poller', intervalMs: 15_000, nextPollAt: null, expected: '—' },
    { name: 'a poll ahead', intervalMs: 15_000, nextPollAt: NOW + 8_300, expected: 'in 8 s' },
    { name: 'a poll due', intervalMs: 15_000, nextPollAt: NOW + 400, expected: 'now' },
    // The poller keeps its next time while a poll runs: a time past is a poll under way.
    { name: 'a slow poll', intervalMs: 15_000, nextPollAt: NOW - 4_200, expected: 'polling for 4 s' },
  ])('$name → $expected', ({ intervalMs, nextPollAt, expected }) => expect(nextPollText({ intervalMs, nextPollAt }, NOW)).toBe(expected));
});

describe('intervalText and latencyText', () => {
  it.each([
    { ms: null, expected: 'receives pushes' },
    { ms: 15_000, expected: 'every 15 s' },
    { ms: 60_000, expected: 'every 1 min' },
  ])('interval $ms → $expected', ({ ms, expected }) => expect(intervalText(ms)).toBe(expected));
  it.each([
    { ms: null, expected: '—' },
    { ms: 42, expected: '42 ms' },
    { ms: 1234, expected: '1.2 s' },
  ])('latency $ms → $expected', ({ ms, expected }) => expect(latencyText(ms)).toBe(expected));
});

describe('config', () => {
  it('names the file, or the built-in defaults', () => {
    expect(configFileText({ file: '/etc/warroom.yaml', loadedAt: NOW, reloadError: null })).toBe('/etc/warroom.yaml');
    expect(configFileText({ file: null, loadedAt: NOW, reloadError: null })).toBe('built-in defaults');
  });
  it('says when a reload failed, why, and that the running config stays', () => {
    const text = reloadErrorText({ message: 'warroom.yaml:4: sources[0].url: Invalid URL', at: Date.parse('2025-03-03T15:32:10Z') });
    expect(text).toBe('Config reload failed at 15:32:10 UTC: warroom.yaml:4: sources[0].url: Invalid URL — the running config is kept');
  });
});

const s = (state: FeedStatus['state']) => ({ state });

describe('summaryText', () => {
  it.each([
    { states: [], expected: '0 sources' },
    { states: [s('ok')], expected: '1 source: 1 ok' },
    { states: [s('ok'), s('failing'), s('ok'), s('waiting')], expected: '4 sources: 1 failing, 1 waiting, 2 ok' },
    { states: [s('starting'), s('failing'), s('failing')], expected: '3 sources: 2 failing, 1 starting' },
  ])('$expected', ({ states, expected }) => expect(summaryText(states)).toBe(expected));
});

describe('describeFetchError', () => {
  const zodError = (() => {
    try {
      z.object({ now: z.number() }).parse({});
    } catch (error) {
      return error;
    }
  })();
  it.each([
    { name: 'a timeout', error: new DOMException('signal timed out', 'TimeoutError'), expected: 'no answer within 5 s' },
    { name: 'an unreachable server', error: new TypeError('Failed to fetch'), expected: 'cannot reach the server (Failed to fetch)' },
    { name: 'an API error', error: new Error('HTTP 503'), expected: 'HTTP 503' },
    { name: 'a report of another version', error: zodError, expected: 'the server sent a report this page cannot read (reload the page)' },
    { name: 'anything else', error: 'boom', expected: 'boom' },
  ])('$name', ({ error, expected }) => expect(describeFetchError(error, 5000)).toBe(expected));
});
