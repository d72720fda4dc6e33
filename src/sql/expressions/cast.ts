/**
 * CAST between SQL types, as ksqlDB's CastEvaluator does it: numbers convert like Java's Number methods,
 * strings parse (trimmed), decimals round HALF_UP and must fit their precision, temporal types convert
 * through UTC, and containers convert element by element.
 */
import { SqlEvaluationError } from '../errors.js';
import { formatType, type SqlType } from '../types.js';
import { Decimal } from '../values.js';
import { floorMod, MS_PER_DAY, parseIsoDate, parseIsoTime, parseIsoTimestamp } from './iso-temporal.js';
import { javaToString } from './java-strings.js';
import { fitDecimal, toDecimal, toDouble, toInt, toLong } from './numeric.js';
import { isNumeric, isTemporal, typeEquals } from './sql-types.js';

/** Whether ksqlDB accepts CAST(from AS to); null (an untyped NULL) casts to anything. */
export function isCastSupported(from: SqlType | null, to: SqlType): boolean {
  if (from === null || typeEquals(from, to) || to.base === 'STRING') return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (from.base === 'STRING') return isNumeric(to) || to.base === 'BOOLEAN' || isTemporal(to);
  if (isTemporal(from) && isTemporal(to)) return !(from.base === 'DATE' && to.base === 'TIME') && !(from.base === 'TIME' && to.base === 'DATE');
  if (from.base === 'ARRAY' && to.base === 'ARRAY') return isCastSupported(from.element, to.element);
  if (from.base === 'MAP' && to.base === 'MAP') return isCastSupported(from.key, to.key) && isCastSupported(from.value, to.value);
  if (from.base === 'STRUCT' && to.base === 'STRUCT') return true;
  return false;
}

export function castNotSupported(from: SqlType | null, to: SqlType): string {
  return `Cast of ${from === null ? 'NULL' : formatType(from)} to ${formatType(to)} is not supported`;
}

function invalidSyntax(type: string, text: string): SqlEvaluationError {
  return new SqlEvaluationError(`invalid input syntax for type ${type}: "${text}"`);
}

export function parseIntegerText(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw invalidSyntax('INTEGER', text);
  const n = Number(t);
  if (n < -2147483648 || n > 2147483647) throw invalidSyntax('INTEGER', text);
  return n;
}

export function parseBigintText(text: string): bigint {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw invalidSyntax('BIGINT', text);
  const n = BigInt(t);
  if (BigInt.asIntN(64, n) !== n) throw invalidSyntax('BIGINT', text);
  return n;
}

export function parseDoubleText(text: string): number {
  const t = text.trim();
  if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[dDfF]?$/.test(t)) throw invalidSyntax('DOUBLE', text);
  return Number(t.replace(/[dDfF]$/, ''));
}

export function parseDecimalText(text: string): Decimal {
  try {
    return Decimal.parse(text.trim());
  } catch {
    throw invalidSyntax('DECIMAL', text);
  }
}

/** SqlBooleans.parseBooleanExact: any non-empty prefix of true/yes or false/no, in any case ('t', 'tr', 'Y'). */
export function parseBooleanText(text: string): boolean {
  const t = text.trim().toLowerCase();
  const prefixOf = (word: string): boolean => t !== '' && word.startsWith(t);
  if (prefixOf('true') || prefixOf('yes')) return true;
  if (prefixOf('false') || prefixOf('no')) return false;
  throw invalidSyntax('BOOLEAN', text);
}

/** Converts a non-null value of type `from` to type `to`; throws SqlEvaluationError when it cannot. */
export function castValue(value: unknown, from: SqlType | null, to: SqlType): unknown {
  if (value === null || value === undefined) return null;
  if (from !== null && typeEquals(from, to) && to.base !== 'DECIMAL') return value;
  switch (to.base) {
    case 'STRING':
      return javaToString(value, from);
    case 'INTEGER':
      return typeof value === 'string' ? parseIntegerText(value) : toInt(value);
    case 'BIGINT':
      return typeof value === 'string' ? parseBigintText(value) : toLong(value);
    case 'DOUBLE':
      return typeof value === 'string' ? parseDoubleText(value) : toDouble(value);
    case 'DECIMAL':
      return fitDecimal(typeof value === 'string' ? parseDecimalText(value) : toDecimal(value), to.precision, to.scale);
    case 'BOOLEAN':
      return typeof value === 'string' ? parseBooleanText(value) : Boolean(value);
    case 'TIMESTAMP':
      if (typeof value === 'string') return parseIsoTimestamp(value);
      if (from?.base === 'DATE') return (value as number) * MS_PER_DAY;
      if (from?.base === 'TIME') return value as number;
      return value;
    case 'DATE':
      if (typeof value === 'string') return parseIsoDate(value);
      if (from?.base === 'TIMESTAMP') return Math.floor((value as number) / MS_PER_DAY);
      return value;
    case 'TIME':
      if (typeof value === 'string') return parseIsoTime(value);
      if (from?.base === 'TIMESTAMP') return floorMod(value as number, MS_PER_DAY);
      return value;
    case 'ARRAY': {
      const element = from?.base === 'ARRAY' ? from.element : null;
      return (value as unknown[]).map((v) => castValue(v, element, to.element));
    }
    case 'MAP': {
      const keyType = from?.base === 'MAP' ? from.key : null;
      const valueType = from?.base === 'MAP' ? from.value : null;
      const out = new Map<unknown, unknown>();
      for (const [k, v] of value as Map<unknown, unknown>) out.set(castValue(k, keyType, to.key), castValue(v, valueType, to.value));
      return out;
    }
    case 'STRUCT': {
      const obj = value as Record<string, unknown>;
      const fromFields = from?.base === 'STRUCT' ? from.fields : [];
      const out: Record<string, unknown> = {};
      for (const f of to.fields) {
        const source = fromFields.find((x) => x.name === f.name);
        out[f.name] = source === undefined ? null : castValue(obj[f.name] ?? null, source.type, f.type);
      }
      return out;
    }
    default:
      return value;
  }
}
