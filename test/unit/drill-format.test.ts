import { describe, expect, it } from 'vitest';
import { drillLengthText, parseSpeed, scenarioLabel } from '../../client/src/drills/drill-format';

const par6 = { title: 'PAR6 power outage, EU-FR-1 (2025-03-03)', date: '2025-03-03', durationMs: 23_700_000 };

describe('scenarioLabel', () => {
  it('keeps a title that already carries its date', () => expect(scenarioLabel(par6)).toBe('PAR6 power outage, EU-FR-1 (2025-03-03)'));
  it('adds the date when the title lacks it', () => expect(scenarioLabel({ title: 'PAR network down', date: '2021-06-16' })).toBe('PAR network down (2021-06-16)'));
});

describe('drillLengthText', () => {
  it.each([
    { speed: 60, expected: 'PAR6 power outage, EU-FR-1 (2025-03-03) lasts 6 h 35 min; at ×60: 6 min 35 s' },
    { speed: 1, expected: 'PAR6 power outage, EU-FR-1 (2025-03-03) lasts 6 h 35 min; at ×1: 6 h 35 min' },
    { speed: 0.5, expected: 'PAR6 power outage, EU-FR-1 (2025-03-03) lasts 6 h 35 min; at ×0.5: 13 h 10 min' },
    { speed: 10_000, expected: 'PAR6 power outage, EU-FR-1 (2025-03-03) lasts 6 h 35 min; at ×10,000: 2.4 s' },
  ])('×$speed', ({ speed, expected }) => expect(drillLengthText(par6, speed)).toBe(expected));
});

describe('parseSpeed', () => {
  it.each([
    { text: '60', expected: { speed: 60 } },
    { text: ' 2.5 ', expected: { speed: 2.5 } },
    { text: '10000', expected: { speed: 10_000 } },
    { text: '', expected: { error: 'enter a speed, e.g. 60' } },
    { text: '0', expected: { error: 'speed must be above 0 and at most 10,000' } },
    { text: '-5', expected: { error: 'speed must be above 0 and at most 10,000' } },
    { text: '10001', expected: { error: 'speed must be above 0 and at most 10,000' } },
    { text: 'fast', expected: { error: 'speed must be above 0 and at most 10,000' } },
  ])('"$text"', ({ text, expected }) => expect(parseSpeed(text)).toEqual(expected));
});
