/**
 * Reads a YAML (or JSON) file through a zod schema. Every error names the file, the key path
 * and the line, because the person reading it is fixing a config during an outage.
 * `${NAME}` in a string is replaced by that environment variable, so secrets stay out of files.
 */
import fs from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
  constructor(
    readonly file: string,
    readonly keyPath: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${keyPath ? `${keyPath}: ` : ''}${problem}`);
  }
}

type Path = readonly PropertyKey[];

export function formatKeyPath(path: Path): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

/** The line of the deepest node of `path` that exists (a missing key points at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth) as PropertyKey[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${NAME}` in every string; a name missing from the environment is an error at its key. */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: PropertyKey[], fail: (path: Path, problem: string) => never): unknown {
  if (typeof value === 'string') {
    return value.replace(VARIABLE, (_, name: string) => env[name] ?? fail(path, `environment variable ${name} is not set`));
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i], fail));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k], fail)]));
  }
  return value;
}

/** Parses `text` (the content of `file`) with `schema`; throws a ConfigFileError naming key and line. */
export function parseConfigText<S extends z.ZodType>(file: string, text: string, schema: S, env: NodeJS.ProcessEnv = {}): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new ConfigFileError(file, '', line, `not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const fail = (path: Path, problem: string): never => {
    throw new ConfigFileError(file, formatKeyPath(path), lineOf(doc, lines, path), problem);
  };
  const raw = interpolate(doc.toJS() ?? {}, env, [], fail);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
  return fail(path, unknownKey === undefined ? issue.message : 'unknown key');
}

export function readConfigFile<S extends z.ZodType>(file: string, schema: S, env: NodeJS.ProcessEnv = {}): z.output<S> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, '', null, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseConfigText(file, text, schema, env);
}
