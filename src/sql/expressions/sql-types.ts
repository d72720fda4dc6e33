/**
 * Type questions the compiler and the functions ask: equality, numeric widening, ksqlDB's decimal
 * precision rules for arithmetic (io.confluent.ksql.util.DecimalUtil).
 */
import { T, formatType, type SqlType } from '../types.js';

/** The type of an expression whose type is not known: a bare NULL literal. */
export type MaybeType = SqlType | null;

export function typeEquals(a: SqlType, b: SqlType): boolean {
  if (a.base !== b.base) return false;
  switch (a.base) {
    case 'DECIMAL':
      return b.base === 'DECIMAL' && a.precision === b.precision && a.scale === b.scale;
    case 'ARRAY':
      return b.base === 'ARRAY' && typeEquals(a.element, b.element);
    case 'MAP':
      return b.base === 'MAP' && typeEquals(a.key, b.key) && typeEquals(a.value, b.value);
    case 'STRUCT':
      return (
        b.base === 'STRUCT' &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => f.name === b.fields[i]?.name && typeEquals(f.type, b.fields[i].type))
      );
    case 'CUSTOM':
      return b.base === 'CUSTOM' && a.name === b.name;
    default:
      return true;
  }
}

/** ksqlDB prints an unknown type as `null` in its function-resolution messages. */
export function formatMaybeType(t: MaybeType): string {
  return t === null ? 'null' : formatType(t);
}

const NUMERIC_RANK: Partial<Record<SqlType['base'], number>> = { INTEGER: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

export function isNumeric(t: MaybeType): boolean {
  return t !== null && NUMERIC_RANK[t.base] !== undefined;
}

export function numericRank(t: SqlType): number {
  return NUMERIC_RANK[t.base] ?? -1;
}

export function isTemporal(t: MaybeType): boolean {
  return t !== null && (t.base === 'TIMESTAMP' || t.base === 'DATE' || t.base === 'TIME');
}

/** INTEGER is DECIMAL(10, 0) and BIGINT DECIMAL(19, 0) when mixed with decimals (DecimalUtil.toSqlDecimal). */
export function asDecimalType(t: SqlType): { precision: number; scale: number } {
  if (t.base === 'DECIMAL') return { precision: t.precision, scale: t.scale };
  if (t.base === 'INTEGER') return { precision: 10, scale: 0 };
  if (t.base === 'BIGINT') return { precision: 19, scale: 0 };
  return { precision: 38, scale: 16 };
}

/** The wider of two numeric types, INTEGER < BIGINT < DECIMAL < DOUBLE (decimals widen to hold both). */
export function widerNumeric(a: SqlType, b: SqlType): SqlType {
  if (a.base === 'DOUBLE' || b.base === 'DOUBLE') return T.DOUBLE;
  if (a.base === 'DECIMAL' || b.base === 'DECIMAL') {
    const x = asDecimalType(a);
    const y = asDecimalType(b);
    const scale = Math.max(x.scale, y.scale);
    const integral = Math.max(x.precision - x.scale, y.precision - y.scale);
    return T.decimal(Math.min(38, integral + scale), scale);
  }
  if (a.base === 'BIGINT' || b.base === 'BIGINT') return T.BIGINT;
  return T.INTEGER;
}

/** The result type of decimal arithmetic (ksqlDB's DecimalUtil / SQL Server's rules). */
export function decimalResultType(op: '+' | '-' | '*' | '/' | '%', a: SqlType, b: SqlType): SqlType {
  const { precision: p1, scale: s1 } = asDecimalType(a);
  const { precision: p2, scale: s2 } = asDecimalType(b);
  let precision: number;
  let scale: number;
  switch (op) {
    case '+':
    case '-':
      scale = Math.max(s1, s2);
      precision = scale + Math.max(p1 - s1, p2 - s2) + 1;
      break;
    case '*':
      scale = s1 + s2;
      precision = p1 + p2 + 1;
      break;
    case '/':
      scale = Math.max(6, s1 + p2 + 1);
      precision = p1 - s1 + s2 + scale;
      break;
    case '%':
      scale = Math.max(s1, s2);
      precision = Math.min(p1 - s1, p2 - s2) + scale;
      break;
  }
  return T.decimal(Math.min(38, precision), Math.min(38, scale));
}

/**
 * The common type of several branches/elements (CASE, ARRAY[...], IN, COALESCE), or undefined when they do
 * not share one. Nulls are ignored; numbers widen; everything else must match exactly.
 */
export function commonType(types: readonly MaybeType[]): MaybeType | undefined {
  let result: MaybeType = null;
  for (const t of types) {
    if (t === null) continue;
    if (result === null) {
      result = t;
    } else if (isNumeric(result) && isNumeric(t)) {
      result = widerNumeric(result, t);
    } else if (result.base === 'ARRAY' && t.base === 'ARRAY') {
      const element = commonType([result.element, t.element]);
      if (element === undefined || element === null) return undefined;
      result = T.array(element);
    } else if (result.base === 'MAP' && t.base === 'MAP') {
      const key = commonType([result.key, t.key]);
      const value = commonType([result.value, t.value]);
      if (key === undefined || key === null || value === undefined || value === null) return undefined;
      result = T.map(key, value);
    } else if (!typeEquals(result, t)) {
      return undefined;
    }
  }
  return result;
}
