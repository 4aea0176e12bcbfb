import { describe, expect, it } from 'vitest';
import type { TokenInfo } from '#shared/auth';
import { roleSummary, shortTime, tokenState } from '../../client/src/admin/admin-format';
import { tokenRequest, type TokenForm } from '../../client/src/admin/token-request';

const NOW = Date.parse('2026-03-03T12:00:00Z');
const token = (o: Partial<TokenInfo>): Pick<TokenInfo, 'revokedAt' | 'expiresAt'> => ({ revokedAt: null, expiresAt: null, ...o });

describe('tokenState', () => {
  it.each([
    { name: 'no expiry', t: token({}), expected: 'active' },
    { name: 'expires later', t: token({ expiresAt: '2026-03-04T00:00:00.000Z' }), expected: 'active' },
    { name: 'expired', t: token({ expiresAt: '2026-03-03T11:59:59.000Z' }), expected: 'expired' },
    { name: 'revoked, even if also expired', t: token({ revokedAt: '2026-03-01T00:00:00.000Z', expiresAt: '2026-03-02T00:00:00.000Z' }), expected: 'revoked' },
  ])('$name → $expected', ({ t, expected }) => {
    expect(tokenState(t, NOW)).toBe(expected);
  });
});

describe('shortTime', () => {
  it('is date and minutes (or seconds) of the UTC ISO time', () => {
    expect(shortTime('2026-03-03T14:05:09.123Z')).toBe('2026-03-03 14:05');
    expect(shortTime('2026-03-03T14:05:09.123Z', true)).toBe('2026-03-03 14:05:09');
    expect(shortTime(null)).toBe('—');
  });
});

describe('roleSummary', () => {
  it.each([
    { role: 'viewer', expected: 'Follows incidents; posts nothing.' },
    { role: 'responder', expected: 'Follows incidents; posts notes, actions.' },
    { role: 'support', expected: 'Follows incidents; posts customer comms.' },
    { role: 'commander', expected: 'Follows incidents; posts notes, actions, decisions, customer comms; changes status and severity; opens incidents; starts drills.' },
  ] as const)('$role', ({ role, expected }) => {
    expect(roleSummary(role)).toBe(expected);
  });
});

const form = (o: Partial<TokenForm>): TokenForm => ({ name: 'Alice', role: 'responder', source: '', expiresInDays: '', path: '', ...o });

describe('tokenRequest', () => {
  it('sends only what was filled in', () => {
    expect(tokenRequest(form({}))).toEqual({ ok: true, request: { name: 'Alice', role: 'responder' } });
    expect(tokenRequest(form({ name: ' Bob ', expiresInDays: '7', path: '/incidents/7' }))).toEqual({
      ok: true,
      request: { name: 'Bob', role: 'responder', expiresInDays: 7, path: '/incidents/7' },
    });
  });

  it('a feed token names its source and opens no page', () => {
    expect(tokenRequest(form({ role: 'feed', source: 'am-par', path: '/incidents/7' }))).toEqual({
      ok: true,
      request: { name: 'Alice', role: 'feed', source: 'am-par' },
    });
  });

  it.each([
    { o: { name: '  ' }, field: 'name' },
    { o: { role: 'feed', source: '' }, field: 'source' },
    { o: { role: 'feed', source: 'AM PAR' }, field: 'source' },
    { o: { expiresInDays: 'soon' }, field: 'expiresInDays' },
    { o: { expiresInDays: '0' }, field: 'expiresInDays' },
    { o: { path: 'incidents/7' }, field: 'path' },
    { o: { path: '/incidents/7#token=x' }, field: 'path' },
  ] as const)('names the field at fault: $field ($o)', ({ o, field }) => {
    const result = tokenRequest(form(o));
    expect(result.ok ? null : result.field).toBe(field);
  });
});
