import { describe, expect, it } from 'vitest';
import { parseSignInInput, tokenFromFragment } from '../../client/src/session/link-token';

describe('tokenFromFragment', () => {
  it.each([
    { fragment: '#token=wr_abc', expected: 'wr_abc' },
    { fragment: '#token=wr_abc&x=1', expected: 'wr_abc' },
    { fragment: 'token=wr_abc', expected: 'wr_abc' },
    { fragment: '#token=', expected: null },
    { fragment: '#tok=wr_abc', expected: null },
    { fragment: '', expected: null },
  ])('$fragment → $expected', ({ fragment, expected }) => {
    expect(tokenFromFragment(fragment)).toBe(expected);
  });
});

describe('parseSignInInput', () => {
  it.each([
    { input: 'https://warroom.example.org/incidents/7#token=wr_abc', expected: { ok: true, token: 'wr_abc', path: '/incidents/7' } },
    { input: '  http://127.0.0.1:3000/#token=wr_abc \n', expected: { ok: true, token: 'wr_abc', path: null } },
    { input: '#token=wr_abc', expected: { ok: true, token: 'wr_abc', path: null } },
    { input: 'token=wr_abc', expected: { ok: true, token: 'wr_abc', path: null } },
    { input: 'wr_abc', expected: { ok: true, token: 'wr_abc', path: null } },
  ])('reads $input', ({ input, expected }) => {
    expect(parseSignInInput(input)).toEqual(expected);
  });

  it.each([
    { input: '', error: /Paste your Warroom link/ },
    { input: 'https://warroom.example.org/incidents/7', error: /carries no token/ },
    { input: 'https://warroom.example.org/#token=', error: /carries no token/ },
    { input: 'wr_abc wr_def', error: /one word/ },
  ])('refuses $input, saying why', ({ input, error }) => {
    const result = parseSignInInput(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(error);
  });
});
