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

/** Bytes of a string in an encoding (ASCII turns every non-ASCII character into '?', as Java does). */
export function stringToBytes(text: string, encoding: string): Uint8Array {
  switch (encodingOf(encoding)) {
    case 'hex':
      if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new SqlEvaluationError(`invalid hex string: '${text}'`);
      return new Uint8Array(Buffer.from(text, 'hex'));
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
      return Buffer.from(bytes).toString('hex');
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
        // An empty delimiter splits into characters (ksqlDB's Split).
        invoke: ([s, d]) => ((d as string) === '' ? [...(s as string)] : (s as string).split(d as string)),
      },
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
    overloads: [{ params: ['STRING', 'STRING'], returns: T.array(S), invoke: ([s, p]) => (s as string).split(regex(p as string)) }],
  },
  {
    name: 'ENCODE',
    overloads: [
      {
        params: ['STRING', 'STRING', 'STRING'],
        returns: S,
        invoke: ([s, from, to]) => bytesToString(stringToBytes(s as string, from as string), to as string),
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
