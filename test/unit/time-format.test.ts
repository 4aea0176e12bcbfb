import { describe, expect, it } from 'vitest';
import { age, clockTime } from '../../client/src/lib/time';
import { formatValue } from '../../client/src/metrics/format';
import { makeDef } from '../support/factories';

describe('clockTime', () => {
  const powerLoss = '2025-03-03T13:55:00Z';
  it.each([
    { zone: 'UTC', expected: '13:55:00 UTC' },
    { zone: 'Europe/Paris', expected: '14:55:00 CET' },
  ])('$zone', ({ zone, expected }) => expect(clockTime(powerLoss, zone)).toBe(expected));
  it('follows summer time', () => expect(clockTime('2021-06-16T10:12:00Z', 'Europe/Paris')).toBe('12:12:00 CEST'));
});

describe('age', () => {
  it.each([
    { ms: -500, expected: '0 s' },
    { ms: 4_999, expected: '4 s' },
    { ms: 125_000, expected: '2 min' },
    { ms: 3_900_000, expected: '1 h 05 min' },
  ])('$ms ms → $expected', ({ ms, expected }) => expect(age(ms)).toBe(expected));
});

describe('formatValue', () => {
  it.each([
    { value: null, def: makeDef(), expected: '—' },
    { value: 2800, def: makeDef(), expected: '2,800' },
    { value: 0.3, def: makeDef(), expected: '0.3' },
    { value: 1, def: makeDef({ valueLabels: { '0': 'HEALTH_OK', '1': 'HEALTH_WARN' } }), expected: 'HEALTH_WARN' },
  ])('$value → $expected', ({ value, def, expected }) => expect(formatValue({ value, def })).toBe(expected));
});
