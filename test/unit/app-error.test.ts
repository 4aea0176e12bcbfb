import { describe, expect, it } from 'vitest';
import { PostEntryInput } from '#shared/timeline';
import { SampleBatch } from '#shared/metrics';
import { AppError } from '../../server/src/http/app-error';

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
