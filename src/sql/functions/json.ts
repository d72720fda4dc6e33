/**
 * JSON functions (EXTRACTJSONFIELD, IS_JSON_STRING, JSON_*, TO_JSON_STRING). JSON is parsed losslessly:
 * numbers keep their text (`1.23450` stays `1.23450`), objects keep key order, output is compact like
 * Jackson's.
 */
import { SqlEvaluationError } from '../errors.js';
import { T, type SqlType } from '../types.js';
import { Decimal, JsonNumber } from '../values.js';
import { formatIsoDate, formatIsoTime, formatIsoTimestamp } from '../expressions/iso-temporal.js';
import { javaDoubleToString } from '../expressions/java-strings.js';
import { valuesEqual } from '../expressions/compare.js';
import type { FunctionDef } from './registry.js';

/** A parsed JSON value: string, JsonNumber, boolean, null, array, or Map for objects. */
type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | Map<string, JsonValue>;

class JsonReader {
  private i = 0;
  constructor(private readonly text: string) {}

  /** The first value; like Jackson's readTree (FAIL_ON_TRAILING_TOKENS off), whatever follows it is ignored. */
  parseDocument(): JsonValue {
    return this.value();
  }

  private fail(): never {
    throw new SqlEvaluationError(`Invalid JSON at offset ${this.i}`);
  }

  private ws(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private value(): JsonValue {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const rest = this.text.slice(this.i);
    const lit = /^(true|false|null)/.exec(rest);
    if (lit !== null) {
      this.i += lit[0].length;
      return lit[0] === 'null' ? null : lit[0] === 'true';
    }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num === null) this.fail();
    this.i += num[0].length;
    return new JsonNumber(num[0]);
  }

  private string(): string {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(this.text.slice(this.i));
    if (m === null) this.fail();
    this.i += m[0].length;
    try {
      // JSON.parse validates escapes and rejects raw control characters.
      return JSON.parse(m[0]) as string;
    } catch {
      return this.fail();
    }
  }

  private array(): JsonValue[] {
    this.i++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.text[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail();
    }
  }

  private object(): Map<string, JsonValue> {
    this.i++;
    const out = new Map<string, JsonValue>();
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail();
      const key = this.string();
      this.ws();
      if (this.text[this.i++] !== ':') this.fail();
      out.set(key, this.value());
      this.ws();
      const c = this.text[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail();
    }
  }
}

export function parseJson(text: string): JsonValue {
  return new JsonReader(text).parseDocument();
}

function tryParse(text: string): JsonValue | undefined {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

export function writeJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${writeJson(x)}`).join(',')}}`;
}

/** `$.a.b[0]`, `$['a']`, `$.@type` as a list of keys and indexes. */
function parsePath(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new SqlEvaluationError(`Invalid JSON path: ${path}`);
  const steps: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[\s*(-?\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (m === null) throw new SqlEvaluationError(`Invalid JSON path: ${path}`);
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4] ?? ''));
  }
  return steps;
}

const pathCache = new Map<string, (string | number)[]>();

function extract(json: string, path: string): string | null {
  let steps = pathCache.get(path);
  if (steps === undefined) {
    steps = parsePath(path);
    pathCache.set(path, steps);
  }
  let node: JsonValue | undefined = tryParse(json);
  for (const step of steps) {
    if (node === undefined || node === null) return null;
    if (typeof step === 'number') node = Array.isArray(node) && step >= 0 ? node[step] : undefined;
    else node = node instanceof Map ? node.get(step) : undefined;
  }
  if (node === undefined || node === null) return null;
  return typeof node === 'string' ? node : writeJson(node);
}

/** A SQL value as JSON text, as ksqlDB's TO_JSON_STRING writes it. */
export function sqlToJson(value: unknown, type: SqlType | null): string {
  if (value === null || value === undefined) return 'null';
  switch (type?.base) {
    case 'DATE':
      return JSON.stringify(formatIsoDate(value as number));
    case 'TIME':
      return JSON.stringify(formatIsoTime(value as number));
    case 'TIMESTAMP':
      return JSON.stringify(formatIsoTimestamp(value as number));
    case 'DOUBLE':
      return Number.isFinite(value) ? javaDoubleToString(value as number) : JSON.stringify(String(value));
    case 'ARRAY': {
      const element = type.element;
      return `[${(value as unknown[]).map((v) => sqlToJson(v, element)).join(',')}]`;
    }
    case 'MAP': {
      const valueType = type.value;
      return `{${[...(value as Map<unknown, unknown>)].map(([k, v]) => `${JSON.stringify(String(k))}:${sqlToJson(v, valueType)}`).join(',')}}`;
    }
    case 'STRUCT': {
      const obj = value as Record<string, unknown>;
      return `{${type.fields.map((f) => `${JSON.stringify(f.name)}:${sqlToJson(obj[f.name] ?? null, f.type)}`).join(',')}}`;
    }
    default:
      break;
  }
  if (value instanceof Decimal || typeof value === 'bigint') return value.toString();
  if (value instanceof JsonNumber) return value.text;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  return JSON.stringify(value);
}

export const JSON_FUNCTIONS: readonly FunctionDef[] = [
  { name: 'EXTRACTJSONFIELD', overloads: [{ params: ['STRING', 'STRING'], returns: T.STRING, invoke: ([j, p]) => extract(j as string, p as string) }] },
  {
    name: 'IS_JSON_STRING',
    overloads: [{ params: ['STRING'], handlesNulls: true, returns: T.BOOLEAN, invoke: ([s]) => s !== null && tryParse(s as string) !== undefined }],
  },
  {
    name: 'JSON_ARRAY_CONTAINS',
    overloads: [
      {
        params: ['STRING', 'ANY'],
        handlesNulls: true,
        returns: T.BOOLEAN,
        invoke: ([j, v]) => {
          if (j === null) return false;
          const arr = tryParse(j as string);
          if (!Array.isArray(arr)) return false;
          return arr.some((x) => {
            if (x === null || v === null) return x === v;
            if (x instanceof JsonNumber) return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal ? valuesEqual(Decimal.parse(x.text.replace(/[eE].*$/, '')), v) || x.toNumber() === Number(v) : false;
            return typeof x !== 'object' && x === v;
          });
        },
      },
    ],
  },
  {
    name: 'JSON_CONCAT',
    overloads: [
      {
        params: ['STRING'],
        variadic: true,
        handlesNulls: true,
        returns: T.STRING,
        // Objects merge (later keys win); otherwise everything becomes one array (ksqlDB's JsonConcat).
        invoke: (args) => {
          const docs = args.map((a) => (a === null ? undefined : tryParse(a as string)));
          if (docs.some((d) => d === undefined)) return null;
          const values = docs as JsonValue[];
          if (values.every((d) => d instanceof Map)) {
            const out = new Map<string, JsonValue>();
            for (const d of values as Map<string, JsonValue>[]) for (const [k, v] of d) out.set(k, v);
            return writeJson(out);
          }
          const out: JsonValue[] = [];
          for (const d of values) if (Array.isArray(d)) out.push(...d);
          else out.push(d);
          return writeJson(out);
        },
      },
    ],
  },
  {
    name: 'JSON_ITEMS',
    overloads: [
      {
        params: ['STRING'],
        returns: T.array(T.STRING),
        invoke: ([j]) => {
          const arr = tryParse(j as string);
          return Array.isArray(arr) ? arr.map(writeJson) : null;
        },
      },
    ],
  },
  {
    name: 'JSON_KEYS',
    overloads: [
      {
        params: ['STRING'],
        returns: T.array(T.STRING),
        invoke: ([j]) => {
          const obj = tryParse(j as string);
          return obj instanceof Map ? [...obj.keys()] : null;
        },
      },
    ],
  },
  {
    name: 'JSON_RECORDS',
    overloads: [
      {
        params: ['STRING'],
        returns: T.map(T.STRING, T.STRING),
        invoke: ([j]) => {
          const obj = tryParse(j as string);
          // Text values come back unquoted, everything else as JSON (ksqlDB's JsonRecords).
          return obj instanceof Map ? new Map([...obj].map(([k, v]) => [k, typeof v === 'string' ? v : writeJson(v)])) : null;
        },
      },
    ],
  },
  {
    name: 'TO_JSON_STRING',
    overloads: [{ params: ['ANY'], handlesNulls: true, returns: T.STRING, invoke: ([v], types) => sqlToJson(v, types[0] ?? null) }],
  },
];
