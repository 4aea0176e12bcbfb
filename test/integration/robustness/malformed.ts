/**
 * Inputs that are wrong by construction, for the fuzz tests: each starts from a valid request
 * and breaks one thing (a field's type or range, an unknown or `__proto__` key, the JSON itself,
 * 10,000 levels of nesting, a lone surrogate), so the server must refuse every one of them and
 * store nothing. The oracle is the construction, never the server's own schemas.
 */
import * as fc from 'fast-check';
import { expect } from 'vitest';
import { ErrorCode } from '#shared/ack';
import { httpStatus } from '../../../server/src/http/app-error';

/** Fixed, so a failure names the seed and path that reproduce it; FUZZ_SEED explores others. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);

/** JSON text placed as is: what JSON.stringify cannot write (1e400, duplicate or `__proto__` keys, 10,000 levels). */
export class Raw {
  constructor(readonly json: string) {}
}
/** An object written key by key, in order, duplicates and `__proto__` included. */
export class Entries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/** `onBuffer`: what to write for a Buffer (Socket.IO's attachment placeholder); by default an object of its bytes. */
export function toJson(value: unknown, onBuffer?: (b: Buffer) => Raw): string {
  const json = (v: unknown) => toJson(v, onBuffer);
  if (value instanceof Raw) return value.json;
  if (Buffer.isBuffer(value) && onBuffer) return onBuffer(value).json;
  if (value instanceof Entries) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(json).join(',')}]`;
  if (value !== null && typeof value === 'object') return json(new Entries(Object.entries(value)));
  return JSON.stringify(value) ?? 'null';
}

export const DEPTH = 10_000;
export const deepArray = new Raw('['.repeat(DEPTH) + ']'.repeat(DEPTH));
export const deepObject = new Raw('{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH));
const deep = fc.constantFrom(deepArray, deepObject);

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const pollution = fc.constantFrom<unknown>(
  new Raw('{"polluted":"yes"}'),
  new Raw('{"prototype":{"polluted":"yes"}}'),
  new Raw('{"__proto__":{"polluted":"yes"}}'),
  new Raw('{"constructor":{"prototype":{"polluted":"yes"}}}'),
);

export const small = fc.jsonValue({ maxDepth: 2 });
const anArray = fc.array(small, { maxLength: 3 });
const anObject = fc.dictionary(fc.string({ maxLength: 8 }), small, { maxKeys: 3 });
const infinite = fc.constant(new Raw('1e400'));

export const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), anArray, anObject, infinite, deep);
export const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), anArray, anObject, infinite, deep);

/** A string with a lone surrogate that no neighbour pairs up. */
export const withLoneSurrogate = fc
  .tuple(fc.string({ maxLength: 10, unit: 'binary' }), fc.constantFrom(...LONE_SURROGATES), fc.string({ maxLength: 10, unit: 'binary' }))
  .map(([a, lone, b]) => a + lone + b)
  .filter((s) => !s.isWellFormed());

/** Not Text(max): not a string, blank, too long, or not well-formed Unicode. */
export const badText = (max: number) =>
  fc.oneof(
    notString,
    fc.constantFrom('', ' ', ' \t\n '),
    fc.integer({ min: max + 1, max: max + 100 }).map((n) => 'x'.repeat(n)),
    withLoneSurrogate,
  );
export const badEnum = (values: readonly string[]) =>
  fc.oneof(notString, fc.string({ maxLength: 12 }).filter((s) => !values.includes(s)), fc.constantFrom(...values.map((v) => ` ${v}`), ...values.map((v) => v.toUpperCase() + 'x')));
/** Not a positive safe integer. */
export const badPositiveInt = fc.oneof(
  notNumber,
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ noNaN: true }).filter((d) => !Number.isSafeInteger(d) || d <= 0),
  fc.constantFrom(2 ** 53, -0, 0.5),
  fc.integer({ min: 1, max: 99 }).map(String),
);
export const failing = (pattern: RegExp) => fc.oneof(notString, fc.string({ maxLength: 80 }).filter((s) => !pattern.test(s)), fc.constant('x'.repeat(65)));

export type Fields = Record<string, fc.Arbitrary<unknown>>;

/** A valid body with one thing broken: a field's value, or a key it does not know. */
export function brokenObject(base: Record<string, unknown>, fields: Fields, { unknownKeys = true } = {}): fc.Arbitrary<Entries> {
  const known = [...Object.keys(base), ...Object.keys(fields)];
  const entries = Object.entries(base);
  const badField = fc
    .constantFrom(...Object.keys(fields))
    .chain((key) => fields[key]!.map((value) => new Entries([...entries.filter(([k]) => k !== key), [key, value]])));
  const unknownKey = fc
    .tuple(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 12 }).filter((k) => !known.includes(k))), fc.oneof(pollution, small))
    .map(([key, value]) => new Entries([...entries, [key, value]]));
  return unknownKeys ? fc.oneof({ arbitrary: badField, weight: 3 }, { arbitrary: unknownKey, weight: 1 }) : badField;
}

/** Bodies no endpoint of ours accepts, whatever it expects: not an object at all, or not JSON. */
export function brokenJson(base: Record<string, unknown>): fc.Arbitrary<string> {
  const text = JSON.stringify(base);
  return fc.oneof(
    fc.constantFrom('null', '5', '"text"', 'true', '{}', '[]', '[{}]', deepArray.json, deepObject.json),
    // Cut short: the outer brace never closes.
    fc.integer({ min: 1, max: text.length - 1 }).map((n) => text.slice(0, n)),
    fc.string({ maxLength: 40, unit: 'binary' }).filter((s) => !/^\s*[[{]/.test(s)),
    fc.constant(`[${text}]`),
  );
}

export type Refusal = { status: number; body: unknown };

/** A refusal a client can act on: 4xx, the shared envelope, and a message with nothing of the server's insides. */
export function expectRefused(res: Refusal, context: string): void {
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expectErrorBody(error, context);
  expect(httpStatus[(error as { code: ErrorCode }).code], context).toBe(res.status);
}

export function expectErrorBody(error: unknown, context: string): void {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  expect(ErrorCode.options, context).toContain(code);
  expect(code, context).not.toBe('internal');
  expect(typeof message, context).toBe('string');
  const text = message as string;
  expect(text.length, context).toBeGreaterThan(0);
  // Never echoes a 2 MB input back, and never a stack, a path or a source file.
  expect(text.length, context).toBeLessThan(500);
  expect(text, context).not.toMatch(/^\s*at .+:\d+:\d+\)?$/m);
  expect(text, context).not.toMatch(/\/work\/|node_modules|\.[cm]?[jt]s:\d+/);
}

/** Object.prototype and Array.prototype as they are now, to compare after the fuzz. */
export function prototypes(): string[][] {
  return [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype)];
}
