/**
 * The token level of the exposition format: one line at a time, a cursor over it. Every
 * failure says what was expected at that point, because the message ends up on a tile
 * ("line 812: expected '=' after label name \"broker\"").
 */

/** Thrown inside a line; the parser adds the line number. */
export class LineSyntaxError extends Error {}

// Char codes, not a regex per character: a broker with topic-level metrics serves 100k+ lines.
const isBlank = (c: number) => c === 32 || c === 9;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; // a-z A-Z _
const isDigit = (c: number) => c >= 48 && c <= 57;
const COLON = 58;

// Go's strconv.ParseFloat as Prometheus calls it: decimal only (no hex, no '_'), and
// inf/infinity/nan in any case — Java brokers write `-Infinity`.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;
const NOT_A_NUMBER = /^nan$/i;

/** A sample value; `NaN`, `+Inf`, `-Infinity`… are mapped explicitly, never by parseFloat. */
export function parseSampleValue(token: string): number | null {
  if (DECIMAL.test(token)) {
    const x = Number(token);
    // 1e400 is out of float64 range: Go refuses it, and so do we rather than invent an Inf.
    return Number.isFinite(x) ? x : null;
  }
  const inf = INFINITY.exec(token);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return NOT_A_NUMBER.test(token) ? Number.NaN : null;
}

export class LineScanner {
  private i = 0;
  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.i >= this.text.length;
  }
  peek(): string | undefined {
    return this.text[this.i];
  }
  /** Skips spaces and tabs; says whether there were any. */
  skipBlanks(): boolean {
    const start = this.i;
    while (isBlank(this.text.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }
  take(char: string): boolean {
    if (this.text[this.i] !== char) return false;
    this.i++;
    return true;
  }
  expect(char: string, what: string): void {
    if (!this.take(char)) throw new LineSyntaxError(`expected ${what}, got ${this.describeNext()}`);
  }
  /** Up to the next blank or the end of the line. */
  word(): string {
    const start = this.i;
    while (this.i < this.text.length && !isBlank(this.text.charCodeAt(this.i))) this.i++;
    return this.text.slice(start, this.i);
  }
  rest(): string {
    const out = this.text.slice(this.i);
    this.i = this.text.length;
    return out;
  }
  /** A bare metric name (`pulsar_active_connections`, `rate5m:sum`), or '' if none starts here. */
  bareName(): string {
    return this.identifier(true);
  }
  /** A bare label name: a metric name without colons. */
  bareLabelName(): string {
    return this.identifier(false);
  }
  private identifier(colons: boolean): string {
    const from = this.i;
    const ok = (c: number) => isLetter(c) || (colons && c === COLON);
    if (!ok(this.text.charCodeAt(this.i))) return '';
    this.i++;
    while (ok(this.text.charCodeAt(this.i)) || isDigit(this.text.charCodeAt(this.i))) this.i++;
    return this.text.slice(from, this.i);
  }

  /**
   * A double-quoted string: label values and, since the UTF-8 names of Prometheus 3,
   * quoted metric and label names. `\\`, `\"`, `\n` are the format's escapes; any other
   * backslash pair is kept as written, as Prometheus' own scraper does, so one odd label
   * cannot blank a whole broker.
   */
  quoted(what: string): string {
    this.expect('"', `'"' to open the ${what}`);
    const { text } = this;
    let out = '';
    let from = this.i;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return out + text.slice(from, i);
      }
      if (c !== 92) continue;
      const next = text[i + 1];
      if (next === undefined) break;
      out += text.slice(from, i) + (next === 'n' ? '\n' : next === '\\' || next === '"' ? next : `\\${next}`);
      from = ++i + 1;
    }
    throw new LineSyntaxError(`${what} is not closed: expected '"' before the end of the line`);
  }

  describeNext(): string {
    if (this.atEnd) return 'the end of the line';
    const next = this.text.slice(this.i, this.i + 12);
    return JSON.stringify(next.length < this.text.length - this.i ? `${next}…` : next);
  }
}

/** `# HELP` text: only `\\` and `\n` are escapes there. */
export function unescapeHelp(text: string): string {
  return text.replace(/\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}
