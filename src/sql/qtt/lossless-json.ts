/**
 * JSON without losing numbers. ksqlDB's test files hold integers beyond 2^53 (9223372036854775807) and
 * decimals whose trailing zeros matter (1.10 is DECIMAL scale 2): JSON.parse would lose both, so every number
 * is parsed into a `JsonNumber` that keeps its exact text.
 */
import { Decimal, JsonNumber } from '../values.js';

/** Bad JSON: the message names the 1-based line and column and the 0-based offset. */
export class LosslessJsonError extends SyntaxError {
  override readonly name = 'LosslessJsonError';
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line} column ${column} (position ${position})`);
  }
}

/** JSON.parse semantics, except that every number becomes a JsonNumber holding its source text. */
export function parseLosslessJson(text: string): unknown {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.parseValue();
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail(`Unexpected ${describe(text, parser.pos)} after the JSON value`);
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(reason: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new LosslessJsonError(reason, at, line, at - lineStart + 1);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.pos++;
    }
  }

  parseValue(): unknown {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case '"':
        return this.parseString();
      case 't':
        return this.parseWord('true', true);
      case 'f':
        return this.parseWord('false', false);
      case 'n':
        return this.parseWord('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
        return this.fail(`Unexpected ${describe(this.text, this.pos)}`);
    }
  }

  private parseWord(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) this.fail(`Unexpected ${describe(this.text, this.pos)}`);
    this.pos += word.length;
    return value;
  }

  private parseNumber(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) return this.fail(`Invalid number`);
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }

  private parseString(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('Unterminated string', start);
      const c = t.charCodeAt(this.pos);
      if (c === 34) break;
      if (c < 32) this.fail('Bad control character in string');
      if (c !== 92) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Bad unicode escape', this.pos - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail('Bad escape in string', this.pos - 2);
      }
      chunk = this.pos;
    }
    out += t.slice(chunk, this.pos);
    this.pos++; // closing quote
    return out;
  }

  private parseArray(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.parseValue());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return out;
      if (c !== ',') this.fail(`Expected ',' or ']' but found ${describe(this.text, this.pos - 1)}`, this.pos - 1);
    }
  }

  private parseObject(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`Expected a property name but found ${describe(this.text, this.pos)}`);
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`Expected ':' but found ${describe(this.text, this.pos)}`);
      this.pos++;
      this.skipWhitespace();
      // defineProperty: a "__proto__" key is data, as with JSON.parse
      Object.defineProperty(out, key, { value: this.parseValue(), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return out;
      if (c !== ',') this.fail(`Expected ',' or '}' but found ${describe(this.text, this.pos - 1)}`, this.pos - 1);
    }
  }
}

function describe(text: string, pos: number): string {
  const c = text[pos];
  return c === undefined ? 'end of input' : `token '${c}'`;
}

/**
 * JSON.stringify for SQL values: JsonNumber text as written, bigint as digits whatever their size (JSON has no
 * integer limit), Decimal in plain notation (keeping its scale), Map as an object, Set as an array, Uint8Array as
 * base64 (ksqlDB's JSON form of BYTES), Date through its toJSON; keys in the value's own order.
 */
export function stringifyLosslessJson(value: unknown, indent?: number): string {
  return write(value, indent === undefined || indent <= 0 ? '' : ' '.repeat(indent), '') ?? 'null';
}

function write(value: unknown, indent: string, current: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value instanceof JsonNumber) return value.text;
  if (value instanceof Decimal) return value.toString();
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value instanceof Date) return JSON.stringify(value.toJSON());
  const inner = current + indent;
  const open = (items: string[], l: string, r: string): string => {
    if (items.length === 0) return `${l}${r}`;
    if (indent === '') return `${l}${items.join(',')}${r}`;
    return `${l}\n${inner}${items.join(`,\n${inner}`)}\n${current}${r}`;
  };
  const sep = indent === '' ? ':' : ': ';
  if (Array.isArray(value) || value instanceof Set) {
    return open(
      [...(value as Iterable<unknown>)].map((v) => write(v, indent, inner) ?? 'null'),
      '[',
      ']',
    );
  }
  const entries: [string, unknown][] =
    value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v]) : Object.entries(value);
  const items: string[] = [];
  for (const [k, v] of entries) {
    const text = write(v, indent, inner);
    if (text !== undefined) items.push(`${JSON.stringify(k)}${sep}${text}`);
  }
  return open(items, '{', '}');
}
