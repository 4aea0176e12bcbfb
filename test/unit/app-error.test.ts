import { describe, expect, it } from 'vitest';
import { PostEntryInput } from '#shared/timeline';
import { SampleBatch } from '#shared/metrics';
import { AppError, toErrorBody } from '../../server/src/http/app-error';

function errorFor(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, input: unknown) {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return AppError.fromZod(r.error as never);
}

describe('AppError.fromZod names the field', () => {
  it.each([
    { input: { text: '' }, field: 'text' },
    { input: { text: 'x', kind: 'status' }, field: 'kind' },
    { input: { text: 'x', component: 'Storage' }, field: 'component' },
    { input: { text: 'x', clientId: 'has space' }, field: 'clientId' },
    { input: { text: 'x', colour: 'red' }, field: 'colour' },
    { input: 'just text', field: 'body' },
  ])('$field', ({ input, field }) => {
    const e = errorFor(PostEntryInput, input);
    expect(e.code).toBe('bad_request');
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
  });
  it('indexes array items', () => {
    expect(errorFor(SampleBatch, [{ metric: 'a', value: 1 }, { metric: 'a', value: 'x' }]).field).toBe('[1].value');
  });
});

describe('toErrorBody', () => {
  const logged: unknown[] = [];
  const logger = { error: (o: unknown) => logged.push(o) } as unknown as Parameters<typeof toErrorBody>[1];

  it("never sends an unknown error's message: it is logged with a reference instead", () => {
    const secret = new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/warroom/warroom.db');
    const body = toErrorBody(secret, logger, 'ref-42');
    expect(body).toEqual({ code: 'internal', message: 'internal error (ref ref-42)' });
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|\/var\/lib/);
    expect(logged).toEqual([{ err: secret, ref: 'ref-42' }]);
  });

  it("sends an expected error's message and field", () => {
    expect(toErrorBody(new AppError('conflict', 'version: stale', 'version'), logger, 'r')).toEqual({ code: 'conflict', message: 'version: stale', field: 'version' });
  });
});
