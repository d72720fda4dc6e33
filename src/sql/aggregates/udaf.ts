/**
 * The contract every aggregate function meets, and the value helpers they share (ordering, equality keys,
 * Java integer wrapping). Mirrors ksqlDB's `TableUdaf`: a function with `undo` can aggregate a table.
 */
import { SqlStatementError } from '../errors.js';
import type { SqlType } from '../types.js';
import { Decimal, JsonNumber } from '../values.js';

export interface Udaf {
  readonly returnType: SqlType;
  /** The type ksqlDB stores the accumulator as (formats check it can be serialized: DELIMITED cannot hold a STRUCT). */
  readonly aggregateType: SqlType;
  initial(): unknown;
  /** `args` holds every argument's value, literals included, in call order. Returns a new accumulator. */
  add(acc: unknown, args: readonly unknown[]): unknown;
  /** Present for the functions ksqlDB can apply to a table source (TableUdaf): removes a value added before. */
  undo?(acc: unknown, args: readonly unknown[]): unknown;
  /** Combines two accumulators (session windows merging). */
  merge?(a: unknown, b: unknown): unknown;
  result(acc: unknown): unknown;
}

/** What a factory gets to build one Udaf instance. */
export interface UdafRequest {
  /** Upper-cased function name. */
  readonly name: string;
  readonly argTypes: readonly SqlType[];
  /** Literal argument values by position (undefined where the argument is not a literal). */
  readonly literalArgs: readonly unknown[];
  /** ksqlDB properties in effect (ksql.functions.collect_list.limit...). */
  readonly config: Readonly<Record<string, unknown>>;
}

export type UdafFactory = (req: UdafRequest) => Udaf;

/**
 * A failure inside an aggregate on a record (ksqlDB's KsqlFunctionException, e.g. "Numeric field overflow"):
 * in ksqlDB it stops the query.
 */
export class UdafError extends Error {
  override readonly name = 'KsqlFunctionException';
}

/** ksqlDB's message when no overload matches (UdafAggregateFunctionFactory). */
export function noOverload(req: UdafRequest): SqlStatementError {
  return new SqlStatementError(
    `There is no aggregate function with name='${req.name}' that has arguments of type=${req.argTypes.map((t) => t.base).join(',')}`,
  );
}

/** A literal argument that must be an INTEGER constant, e.g. the K of TOPK(col, K). */
export function literalInt(req: UdafRequest, index: number): number {
  const v = req.literalArgs[index];
  const t = req.argTypes[index];
  if (t?.base !== 'INTEGER' || v === undefined || v === null) throw noOverload(req);
  return Number(v instanceof JsonNumber ? v.text : v);
}

/** A literal argument that must be a BOOLEAN constant (ignoreNulls of LATEST_BY_OFFSET). */
export function literalBool(req: UdafRequest, index: number): boolean {
  const v = req.literalArgs[index];
  if (req.argTypes[index]?.base !== 'BOOLEAN' || typeof v !== 'boolean') throw noOverload(req);
  return v;
}

export function configInt(req: UdafRequest, key: string, fallback: number): number {
  const v = req.config[key];
  if (v === undefined || v === null) return fallback;
  const n = Number(v instanceof JsonNumber ? v.text : v);
  return Number.isFinite(n) ? n : fallback;
}

// ---- numbers ----

export const wrapInt = (v: bigint): number => Number(BigInt.asIntN(32, v));
export const wrapLong = (v: bigint): bigint => BigInt.asIntN(64, v);

/** A SQL numeric value as a double (implicit widening to DOUBLE). */
export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Decimal) return v.toNumber();
  if (v instanceof JsonNumber) return v.toNumber();
  return Number(v);
}

/** A SQL integral value as a bigint (INTEGER or BIGINT, for Java int/long arithmetic). */
export function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (v instanceof JsonNumber) return BigInt(v.text);
  return BigInt(String(v));
}

export const isNumericType = (t: SqlType): boolean =>
  t.base === 'INTEGER' || t.base === 'BIGINT' || t.base === 'DOUBLE' || t.base === 'DECIMAL';

/** Types with a natural order (Java Comparable in ksqlDB's MIN/MAX/TOPK). */
export const isComparableType = (t: SqlType): boolean =>
  isNumericType(t) || ['STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP'].includes(t.base);

// ---- ordering and equality ----

/** Orders two non-null values of one SQL type: numbers, bigint, Decimal, strings (UTF-16, as Java), bytes (signed, as ByteBuffer). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Decimal && b instanceof Decimal) {
    const scale = Math.max(a.scale, b.scale);
    const x = a.withScale(scale).unscaled;
    const y = b.withScale(scale).unscaled;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = ((a[i] ?? 0) << 24) >> 24;
      const y = ((b[i] ?? 0) << 24) >> 24;
      if (x !== y) return x < y ? -1 : 1;
    }
    return a.length - b.length;
  }
  const x = toDouble(a);
  const y = toDouble(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A string that is equal for equal SQL values (Java equals: maps regardless of entry order), to keep
 * COLLECT_SET, HISTOGRAM and COUNT_DISTINCT members in plain arrays.
 */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  switch (typeof v) {
    case 'number':
      return `d${v}`;
    case 'bigint':
      return `l${v}`;
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v instanceof Decimal) return `m${v.toString()}`;
  if (v instanceof JsonNumber) return `d${v.text}`;
  if (v instanceof Uint8Array) return `b${Array.from(v).join('.')}`;
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return `{${entries
    .map(([k, x]) => `${valueKey(k)}:${valueKey(x)}`)
    .sort()
    .join(',')}}`;
}
