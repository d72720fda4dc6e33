/**
 * JSON (ksqlDB's KsqlJsonDeserializer / JSON serializer). Reading coerces JSON values to the column types as
 * ksqlDB does: numbers narrow like Java casts, numeric strings parse, DECIMAL comes exactly from the number's
 * text, STRUCT fields and wrapped columns match case-insensitively, a STRING column takes any JSON as text.
 * Writing gives an object keyed by column name, BIGINT and DECIMAL as JsonNumber (exact, DECIMAL with its
 * scale), BYTES as base64, DATE/TIME/TIMESTAMP as numbers, NaN and infinities as strings (Jackson's default).
 */
import { SqlStatementError } from '../errors.js';
import { formatType, type SqlType } from '../types.js';
import { Decimal, JsonNumber, type Row } from '../values.js';
import {
  decodeBase64,
  encodeBase64,
  ensureDecimalFits,
  integralOf,
  isJsonNumeric,
  javaDoubleToString,
  numberText,
  parseBigDecimal,
  parseJavaDouble,
  parseJavaInt,
  parseJavaLong,
} from './coerce.js';
import { checkExplicitWrapping, checkNoMapInKey, SerializationError, singleColumnRow, type Format, type FormatColumn } from './format.js';

function mapKeysAreStrings(t: SqlType): boolean {
  switch (t.base) {
    case 'MAP':
      return t.key.base === 'STRING' && mapKeysAreStrings(t.value);
    case 'ARRAY':
      return mapKeysAreStrings(t.element);
    case 'STRUCT':
      return t.fields.every((f) => mapKeysAreStrings(f.type));
    default:
      return true;
  }
}

export const JSON_FORMAT: Format = {
  name: 'JSON',
  wrapping: { wrap: true, unwrap: true },
  checkSupported(columns, isKey, explicit) {
    if (isKey) checkNoMapInKey(columns);
    else checkExplicitWrapping(JSON_FORMAT, columns.length, explicit);
    for (const c of columns) {
      if (c.type.base === 'CUSTOM') throw new SqlStatementError(`Unknown type: ${c.type.name}`);
      if (!mapKeysAreStrings(c.type)) throw new SqlStatementError('JSON only supports MAP types with STRING keys');
    }
    if (explicit?.delimiter !== undefined) throw new SqlStatementError('JSON does not support the following configs: [delimiter]');
  },
  read(topicValue, columns, options) {
    if (topicValue === null || topicValue === undefined) return null;
    if (options?.wrapSingleValue === false && columns.length === 1) {
      const only = columns[0] as FormatColumn;
      return singleColumnRow(columns, readJson(topicValue, only.type, '$'));
    }
    return readStruct(topicValue, columns, '$');
  },
  write(row, columns, options) {
    if (row === null) return null;
    if (options?.wrapSingleValue === false && columns.length === 1) {
      const only = columns[0] as FormatColumn;
      return writeJson(row[only.name], only.type);
    }
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c.name] = writeJson(row[c.name], c.type);
    return out;
  },
};

// ---- reading ----

function nodeName(v: unknown): string {
  if (typeof v === 'string') return 'TextNode';
  if (typeof v === 'boolean') return 'BooleanNode';
  if (Array.isArray(v)) return 'ArrayNode';
  if (isJsonNumeric(v)) return /^-?\d+$/.test(numberText(v)) ? 'IntNode' : 'DecimalNode';
  return 'ObjectNode';
}

function cannotConvert(v: unknown, type: SqlType | string, path: string): SerializationError {
  const required = typeof type === 'string' ? type : formatType(type);
  return new SerializationError(`Can't convert type. sourceType: ${nodeName(v)}, requiredType: ${required}, path: ${path}`);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isJsonNumeric(v) && !(v instanceof Uint8Array) && !(v instanceof Map);

function entriesOf(v: unknown): [string, unknown][] | undefined {
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [String(k), x]);
  return isPlainObject(v) ? Object.entries(v) : undefined;
}

/** A field by exact name, else by the upper-cased JSON name (ksqlDB's case-insensitive match for unquoted names). */
function fieldOf(entries: [string, unknown][], name: string): unknown {
  let upperMatch: unknown = undefined;
  for (const [k, v] of entries) {
    if (k === name) return v;
    if (upperMatch === undefined && k.toUpperCase() === name) upperMatch = v;
  }
  return upperMatch;
}

function readStruct(v: unknown, fields: readonly FormatColumn[], path: string): Row {
  const entries = entriesOf(v);
  if (entries === undefined || v instanceof Map) {
    throw cannotConvert(v, `STRUCT<${fields.map((f) => `\`${f.name}\` ${formatType(f.type)}`).join(', ')}>`, path);
  }
  const out: Row = {};
  for (const f of fields) out[f.name] = readJson(fieldOf(entries, f.name), f.type, `${path}.${f.name}`);
  return out;
}

function readJson(v: unknown, type: SqlType, path: string): unknown {
  if (v === null || v === undefined) return null;
  switch (type.base) {
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      throw cannotConvert(v, 'BOOLEAN', path);
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      if (isJsonNumeric(v)) return Number(integralOf(v, 32));
      if (typeof v === 'string') return withPath(() => parseJavaInt(v), path);
      throw cannotConvert(v, type.base, path);
    case 'BIGINT':
      if (isJsonNumeric(v)) return integralOf(v, 64);
      if (typeof v === 'string') return withPath(() => parseJavaLong(v), path);
      throw cannotConvert(v, 'BIGINT', path);
    case 'TIMESTAMP':
      if (isJsonNumeric(v)) return Number(integralOf(v, 64));
      if (typeof v === 'string') return Number(withPath(() => parseJavaLong(v), path));
      throw cannotConvert(v, 'TIMESTAMP', path);
    case 'DOUBLE':
      if (isJsonNumeric(v)) return Number(numberText(v));
      if (typeof v === 'string') return withPath(() => parseJavaDouble(v), path);
      throw cannotConvert(v, 'DOUBLE', path);
    case 'DECIMAL':
      if (isJsonNumeric(v) || typeof v === 'string') {
        const text = typeof v === 'string' ? v : numberText(v);
        return withPath(() => ensureDecimalFits(parseBigDecimal(text), type.precision, type.scale), path);
      }
      throw cannotConvert(v, type, path);
    case 'STRING':
      return readString(v);
    case 'BYTES':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return withPath(() => decodeBase64(v), path);
      throw cannotConvert(v, 'BYTES', path);
    case 'ARRAY':
      if (!Array.isArray(v)) throw cannotConvert(v, type, path);
      return v.map((x, i) => readJson(x, type.element, `${path}[${i}]`));
    case 'MAP': {
      const entries = entriesOf(v);
      if (entries === undefined) throw cannotConvert(v, type, path);
      return new Map(entries.map(([k, x]) => [k, readJson(x, type.value, `${path}.${k}.value`)]));
    }
    case 'STRUCT':
      return readStruct(v, type.fields, path);
    case 'CUSTOM':
      throw new SerializationError(`Type is not supported: ${type.name}, path: ${path}`);
  }
}

function withPath<V>(f: () => V, path: string): V {
  try {
    return f();
  } catch (e) {
    if (e instanceof SerializationError) throw new SerializationError(`${e.message}, path: ${path}`);
    throw e;
  }
}

/** Any JSON as a STRING column: text as is, numbers by their text, objects as compact JSON, arrays as "[a, b]". */
function readString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (isJsonNumeric(v)) return typeof v === 'number' && !Number.isInteger(v) ? javaDoubleToString(v) : numberText(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === null || x === undefined ? 'null' : readString(x))).join(', ')}]`;
  return compactJson(v);
}

function compactJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (isJsonNumeric(v)) return numberText(v);
  if (v instanceof Uint8Array) return JSON.stringify(encodeBase64(v));
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  const entries = entriesOf(v) ?? [];
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${compactJson(x)}`).join(',')}}`;
}

// ---- writing ----

function writeJson(v: unknown, type: SqlType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.base) {
    case 'BIGINT':
      return isJsonNumeric(v) ? new JsonNumber(numberText(v)) : v;
    case 'DECIMAL': {
      const d = v instanceof Decimal ? v : isJsonNumeric(v) ? parseBigDecimal(numberText(v)) : undefined;
      return d === undefined ? v : new JsonNumber(d.withScale(type.scale).toString());
    }
    case 'DOUBLE':
      if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      return isJsonNumeric(v) ? Number(numberText(v)) : v;
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return isJsonNumeric(v) ? Number(numberText(v)) : v;
    case 'BYTES':
      return v instanceof Uint8Array ? encodeBase64(v) : v;
    case 'ARRAY':
      return Array.isArray(v) ? v.map((x) => writeJson(x, type.element)) : v;
    case 'MAP': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of entriesOf(v) ?? []) out[k] = writeJson(x, type.value);
      return out;
    }
    case 'STRUCT': {
      const entries = entriesOf(v) ?? [];
      const out: Record<string, unknown> = {};
      for (const f of type.fields) out[f.name] = writeJson(fieldOf(entries, f.name), f.type);
      return out;
    }
    default:
      return v;
  }
}
