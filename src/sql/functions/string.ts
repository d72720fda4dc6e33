/**
 * String and bytes functions (ksqlDB's io.confluent.ksql.function.udf.string): 1-based positions,
 * Java's String semantics (UTF-16 code units), nulls in, null out unless a function says otherwise.
 */
import { SqlEvaluationError } from '../errors.js';
import { T } from '../types.js';
import type { FunctionDef, Overload } from './registry.js';

const S = T.STRING;

type Encoding = 'hex' | 'utf8' | 'ascii' | 'base64';

function encodingOf(name: string): Encoding {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  if (n === 'hex' || n === 'utf8' || n === 'ascii' || n === 'base64') return n;
  throw new SqlEvaluationError(`Unknown encoding: '${name}'`);
}

function hexDecode(text: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new SqlEvaluationError(`invalid hex string: '${text}'`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/**
 * ENCODE's hex input may be written `0x...` (odd digit counts get a leading zero) or `X'...'` (ksqlDB's
 * Encode.hexStrip); its hex output is lower case (commons-codec Hex), unlike FROM_BYTES.
 */
function encode(text: string, from: string, to: string): string {
  const source = from.toLowerCase();
  const target = to.toLowerCase();
  const known = ['hex', 'utf8', 'ascii', 'base64'];
  if (!known.includes(source) || !known.includes(target) || source === target) {
    throw new SqlEvaluationError('Supported input and output encodings are: hex, utf8, ascii and base64');
  }
  let bytes: Uint8Array;
  if (source === 'hex') {
    let hex = text;
    if (text.startsWith('0x')) hex = text.length % 2 !== 0 ? `0${text.slice(2)}` : text.slice(2);
    else if (/^[xX]'.*'$/s.test(text)) hex = text.slice(2, -1);
    bytes = hexDecode(hex);
  } else {
    bytes = stringToBytes(text, source);
  }
  return target === 'hex' ? Buffer.from(bytes).toString('hex') : bytesToString(bytes, target);
}

/** Java's String#split semantics for a pattern that can match empty: no leading empty piece for a match at 0, trailing empties dropped. */
function javaPatternSplit(s: string, re: RegExp): string[] {
  const out: string[] = [];
  let index = 0;
  for (const m of s.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end === 0) continue;
    out.push(s.slice(index, start));
    index = end;
  }
  if (index === 0) return [s];
  out.push(s.slice(index));
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

/** Guava's Splitter.on(pattern): every match separates, empty pieces kept, capture groups ignored. */
function splitOnPattern(s: string, re: RegExp): string[] {
  const out: string[] = [];
  let index = 0;
  for (const m of s.matchAll(re)) {
    out.push(s.slice(index, m.index));
    index = m.index + m[0].length;
  }
  out.push(s.slice(index));
  return out;
}

/** ksqlDB's RegexpSplitToArray: Java's split when the pattern matches the empty string, Guava's splitter otherwise. */
function regexpSplit(s: string, pattern: string): string[] {
  const re = regex(pattern, 'g');
  if (pattern === '' || regex(`^(?:${pattern})$`).test('')) return javaPatternSplit(s, re);
  return splitOnPattern(s, re);
}

/** ksqlDB's BytesUtils.split: an empty input gives one empty piece, an empty delimiter single bytes. */
function splitBytes(b: Uint8Array, delim: Uint8Array): Uint8Array[] {
  if (b.length === 0) return [b.slice()];
  if (delim.length === 0) return [...b].map((x) => Uint8Array.of(x));
  const out: Uint8Array[] = [];
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  let offset = 0;
  for (let at = buf.indexOf(delim, offset); at >= 0; at = buf.indexOf(delim, offset)) {
    out.push(b.slice(offset, at));
    offset = at + delim.length;
  }
  out.push(b.slice(offset));
  return out;
}

/** ksqlDB's Masker: upper case to 'X', lower case to 'x', digits to 'n', anything else to '-'; a NULL mask leaves that class alone. */
function maskWith(input: string, masks: readonly unknown[] = ['X', 'x', 'n', '-']): string {
  const chars = masks.map((m) => {
    if (m === null || m === undefined) return null;
    if ((m as string).length !== 1) throw new SqlEvaluationError(`Invalid mask character. Must be only single character, but was '${m as string}'`);
    return m as string;
  });
  let out = '';
  for (const c of input) {
    const kind = /\p{Lu}/u.test(c) ? 0 : /\p{Ll}/u.test(c) ? 1 : /\p{Nd}/u.test(c) ? 2 : 3;
    out += chars[kind] ?? c;
  }
  return out;
}

/** MASK_LEFT / MASK_RIGHT / MASK_KEEP_LEFT / MASK_KEEP_RIGHT: which part of the string is masked. */
function maskPart(name: string, part: (length: number, n: number) => [number, number]): FunctionDef {
  const run = (args: readonly unknown[]): string | null => {
    const [input, n, ...masks] = args;
    if (n === null) return null;
    if ((n as number) < 0) throw new SqlEvaluationError(`function ${name.toLowerCase()} requires a non-negative number of characters to mask or skip`);
    if (input === null) return null;
    const text = input as string;
    const [from, to] = part(text.length, n as number);
    return text.slice(0, from) + maskWith(text.slice(from, to), masks.length === 0 ? undefined : masks) + text.slice(to);
  };
  return {
    name,
    overloads: [
      { params: ['STRING', 'INTEGER'], handlesNulls: true, returns: S, invoke: run },
      { params: ['STRING', 'INTEGER', 'STRING', 'STRING', 'STRING', 'STRING'], handlesNulls: true, returns: S, invoke: run },
    ],
  };
}

/** Bytes of a string in an encoding (ASCII turns every non-ASCII character into '?', as Java does). */
export function stringToBytes(text: string, encoding: string): Uint8Array {
  switch (encodingOf(encoding)) {
    case 'hex':
      return hexDecode(text);
    case 'utf8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'ascii':
      return new Uint8Array([...text].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 63)));
    case 'base64':
      return new Uint8Array(Buffer.from(text, 'base64'));
  }
}

/** A string from bytes in an encoding (ASCII decodes bytes above 127 to U+FFFD, as Java does). */
export function bytesToString(bytes: Uint8Array, encoding: string): string {
  switch (encodingOf(encoding)) {
    case 'hex':
      // Guava's BaseEncoding.base16() writes upper case (ksqlDB's BytesUtils).
      return Buffer.from(bytes).toString('hex').toUpperCase();
    case 'utf8':
      return Buffer.from(bytes).toString('utf8');
    case 'ascii':
      return String.fromCharCode(...[...bytes].map((b) => (b < 128 ? b : 0xfffd)));
    case 'base64':
      return Buffer.from(bytes).toString('base64');
  }
}

/** ksqlDB's Substring.getStartIndex / getEndIndex. */
function substringBounds(length: number, pos: number, len?: number): [number, number] {
  const start = pos >= 0 ? Math.min(length, Math.max(0, pos - 1)) : Math.max(0, length + pos);
  const end = len === undefined ? length : Math.max(start, Math.min(length, start + len));
  return [start, end];
}

/** Pads on one side to exactly `length` characters, truncating longer input (ksqlDB's LPad / RPad). */
function pad(input: string, length: number, padding: string, left: boolean): string | null {
  if (length < 0 || padding === '') return null;
  if (input.length >= length) return input.slice(0, length);
  const needed = length - input.length;
  const fill = padding.repeat(Math.ceil(needed / padding.length)).slice(0, needed);
  return left ? fill + input : input + fill;
}

function instr(str: string, sub: string, position = 1, occurrence = 1): number {
  if (occurrence <= 0) return 0;
  let idx = position >= 0 ? position - 2 : str.length + position + 1;
  for (let n = 0; n < occurrence; n++) {
    idx = position >= 0 ? str.indexOf(sub, idx + 1) : str.lastIndexOf(sub, idx - 1);
    if (idx < 0) return 0;
  }
  return idx + 1;
}

/** Java's String#trim: strips every character up to U+0020 at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Java regex syntax is close enough to JavaScript's for the patterns ksqlDB users write. */
function regex(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    throw new SqlEvaluationError(`Invalid regular expression pattern: ${pattern}: ${(e as Error).message}`);
  }
}

function perStringAndBytes(make: (base: 'STRING' | 'BYTES') => Overload[]): Overload[] {
  return [...make('STRING'), ...make('BYTES')];
}

export const STRING_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'CONCAT',
    overloads: [
      // Nulls are skipped (ksqlDB's Concat).
      { params: ['STRING'], variadic: true, handlesNulls: true, returns: S, invoke: (args) => args.filter((a) => a !== null).join('') },
      {
        params: ['BYTES'],
        variadic: true,
        handlesNulls: true,
        returns: T.BYTES,
        invoke: (args) => new Uint8Array(Buffer.concat(args.filter((a): a is Uint8Array => a instanceof Uint8Array))),
      },
    ],
  },
  {
    name: 'CONCAT_WS',
    overloads: [
      {
        params: ['STRING', 'STRING'],
        variadic: true,
        handlesNulls: true,
        returns: S,
        invoke: ([sep, ...rest]) => (sep === null ? null : rest.filter((a) => a !== null).join(sep as string)),
      },
      {
        params: ['BYTES', 'BYTES'],
        variadic: true,
        handlesNulls: true,
        returns: T.BYTES,
        invoke: ([sep, ...rest]) => {
          if (sep === null) return null;
          const parts: Uint8Array[] = [];
          for (const a of rest) {
            if (!(a instanceof Uint8Array)) continue;
            if (parts.length > 0) parts.push(sep as Uint8Array);
            parts.push(a);
          }
          return new Uint8Array(Buffer.concat(parts));
        },
      },
    ],
  },
  {
    name: 'SUBSTRING',
    overloads: perStringAndBytes((base) => [
      {
        params: [base, 'INTEGER'],
        returns: { base },
        invoke: ([s, p]) => {
          const v = s as string | Uint8Array;
          const [a, b] = substringBounds(v.length, p as number);
          return v.slice(a, b);
        },
      },
      {
        params: [base, 'INTEGER', 'INTEGER'],
        returns: { base },
        invoke: ([s, p, l]) => {
          const v = s as string | Uint8Array;
          const [a, b] = substringBounds(v.length, p as number, l as number);
          return v.slice(a, b);
        },
      },
    ]),
  },
  {
    name: 'LEN',
    overloads: [
      { params: ['STRING'], returns: T.INTEGER, invoke: ([s]) => (s as string).length },
      { params: ['BYTES'], returns: T.INTEGER, invoke: ([s]) => (s as Uint8Array).length },
    ],
  },
  { name: 'LCASE', overloads: [{ params: ['STRING'], returns: S, invoke: ([s]) => (s as string).toLowerCase() }] },
  { name: 'UCASE', overloads: [{ params: ['STRING'], returns: S, invoke: ([s]) => (s as string).toUpperCase() }] },
  { name: 'TRIM', overloads: [{ params: ['STRING'], returns: S, invoke: ([s]) => javaTrim(s as string) }] },
  {
    name: 'INITCAP',
    overloads: [
      {
        params: ['STRING'],
        returns: S,
        invoke: ([s]) => (s as string).replace(/[^\s]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
      },
    ],
  },
  {
    name: 'LPAD',
    overloads: [{ params: ['STRING', 'INTEGER', 'STRING'], returns: S, invoke: ([s, n, p]) => pad(s as string, n as number, p as string, true) }],
  },
  {
    name: 'RPAD',
    overloads: [{ params: ['STRING', 'INTEGER', 'STRING'], returns: S, invoke: ([s, n, p]) => pad(s as string, n as number, p as string, false) }],
  },
  {
    name: 'REPLACE',
    overloads: [{ params: ['STRING', 'STRING', 'STRING'], returns: S, invoke: ([s, a, b]) => (s as string).split(a as string).join(b as string) }],
  },
  {
    name: 'INSTR',
    overloads: [
      { params: ['STRING', 'STRING'], returns: T.INTEGER, invoke: ([s, sub]) => instr(s as string, sub as string) },
      { params: ['STRING', 'STRING', 'INTEGER'], returns: T.INTEGER, invoke: ([s, sub, p]) => instr(s as string, sub as string, p as number) },
      {
        params: ['STRING', 'STRING', 'INTEGER', 'INTEGER'],
        returns: T.INTEGER,
        invoke: ([s, sub, p, o]) => instr(s as string, sub as string, p as number, o as number),
      },
    ],
  },
  {
    name: 'SPLIT',
    overloads: [
      {
        params: ['STRING', 'STRING'],
        returns: T.array(S),
        // An empty delimiter splits into characters; an empty string gives one empty piece (ksqlDB's Split).
        invoke: ([s, d]) => {
          const text = s as string;
          if (text === '') return [''];
          return (d as string) === '' ? [...text] : text.split(d as string);
        },
      },
      { params: ['BYTES', 'BYTES'], returns: T.array(T.BYTES), invoke: ([b, d]) => splitBytes(b as Uint8Array, d as Uint8Array) },
    ],
  },
  {
    name: 'REGEXP_EXTRACT',
    overloads: [
      { params: ['STRING', 'STRING'], returns: S, invoke: ([p, s]) => regex(p as string).exec(s as string)?.[0] ?? null },
      { params: ['STRING', 'STRING', 'INTEGER'], returns: S, invoke: ([p, s, g]) => regex(p as string).exec(s as string)?.[g as number] ?? null },
    ],
  },
  {
    name: 'REGEXP_EXTRACT_ALL',
    overloads: [
      { params: ['STRING', 'STRING'], returns: T.array(S), invoke: ([p, s]) => [...(s as string).matchAll(regex(p as string, 'g'))].map((m) => m[0]) },
      {
        params: ['STRING', 'STRING', 'INTEGER'],
        returns: T.array(S),
        invoke: ([p, s, g]) => [...(s as string).matchAll(regex(p as string, 'g'))].map((m) => m[g as number] ?? null),
      },
    ],
  },
  {
    name: 'REGEXP_REPLACE',
    overloads: [
      {
        params: ['STRING', 'STRING', 'STRING'],
        returns: S,
        // Java's replacement syntax uses $1 like JavaScript's.
        invoke: ([s, p, r]) => (s as string).replace(regex(p as string, 'g'), r as string),
      },
    ],
  },
  {
    name: 'REGEXP_SPLIT_TO_ARRAY',
    overloads: [{ params: ['STRING', 'STRING'], returns: T.array(S), invoke: ([s, p]) => regexpSplit(s as string, p as string) }],
  },
  {
    name: 'ENCODE',
    overloads: [
      {
        params: ['STRING', 'STRING', 'STRING'],
        returns: S,
        invoke: ([s, from, to]) => encode(s as string, from as string, to as string),
      },
    ],
  },
  { name: 'TO_BYTES', overloads: [{ params: ['STRING', 'STRING'], returns: T.BYTES, invoke: ([s, e]) => stringToBytes(s as string, e as string) }] },
  { name: 'FROM_BYTES', overloads: [{ params: ['BYTES', 'STRING'], returns: S, invoke: ([b, e]) => bytesToString(b as Uint8Array, e as string) }] },
  {
    name: 'CHR',
    overloads: [
      {
        params: ['INTEGER'],
        returns: S,
        invoke: ([c]) => ((c as number) < 0 || (c as number) > 0x10ffff ? null : String.fromCodePoint(c as number)),
      },
      {
        params: ['STRING'],
        returns: S,
        invoke: ([s]) => {
          const m = /^\\u([0-9a-fA-F]{4,6})$/.exec(s as string);
          return m === null ? null : String.fromCodePoint(parseInt(m[1] ?? '', 16));
        },
      },
    ],
  },
  {
    name: 'ELT',
    overloads: [
      {
        params: ['INTEGER', 'STRING'],
        variadic: true,
        handlesNulls: true,
        returns: S,
        invoke: ([n, ...rest]) => (n === null || (n as number) < 1 || (n as number) > rest.length ? null : (rest[(n as number) - 1] ?? null)),
      },
    ],
  },
  {
    name: 'FIELD',
    overloads: [
      {
        params: ['STRING', 'STRING'],
        variadic: true,
        handlesNulls: true,
        returns: T.INTEGER,
        invoke: ([s, ...rest]) => (s === null ? 0 : rest.indexOf(s) + 1),
      },
    ],
  },
  {
    name: 'MASK',
    overloads: [
      { params: ['STRING'], returns: S, invoke: ([s]) => maskWith(s as string) },
      {
        params: ['STRING', 'STRING', 'STRING', 'STRING', 'STRING'],
        handlesNulls: true,
        returns: S,
        invoke: ([s, ...masks]) => (s === null ? null : maskWith(s as string, masks)),
      },
    ],
  },
  maskPart('MASK_LEFT', (length, n) => [0, Math.min(n, length)]),
  maskPart('MASK_RIGHT', (length, n) => [Math.max(0, length - n), length]),
  maskPart('MASK_KEEP_LEFT', (length, n) => [Math.min(n, length), length]),
  maskPart('MASK_KEEP_RIGHT', (length, n) => [0, Math.max(0, length - n)]),
  {
    name: 'UUID',
    overloads: [
      {
        params: [],
        returns: S,
        unsupported: 'UUID() (not deterministic)',
        invoke: () => null,
      },
    ],
  },
];
