/**
 * COUNT, COUNT_DISTINCT, SUM, SUM_LIST and AVG (ksqlDB's CountKudaf, CountDistinct, *SumKudaf, ListSumUdaf,
 * AverageUdaf). Nulls are skipped; INTEGER and BIGINT sums wrap like Java int/long; DECIMAL sums keep the
 * argument's type and fail past its precision (DecimalSumKudaf).
 */
import { T, type SqlType } from '../types.js';
import { Decimal } from '../values.js';
import {
  noOverload,
  toBigInt,
  toDouble,
  UdafError,
  valueKey,
  wrapInt,
  wrapLong,
  type Udaf,
  type UdafFactory,
} from './udaf.js';

/** COUNT(*) / COUNT() counts rows; COUNT(expr) counts non-null values. TableUdaf: undo decrements. */
export const count: UdafFactory = (req) => {
  if (req.argTypes.length > 1) throw noOverload(req);
  const countsRows = req.argTypes.length === 0;
  const counts = (args: readonly unknown[]): boolean => countsRows || (args[0] !== null && args[0] !== undefined);
  return {
    returnType: T.BIGINT,
    aggregateType: T.BIGINT,
    initial: () => 0n,
    add: (acc, args) => (counts(args) ? (acc as bigint) + 1n : acc),
    undo: (acc, args) => (counts(args) ? (acc as bigint) - 1n : acc),
    merge: (a, b) => (a as bigint) + (b as bigint),
    result: (acc) => acc,
  };
};

/** COUNT_DISTINCT(expr): distinct non-null values (ksqlDB estimates with HyperLogLog; exact here, equal for small sets). */
export const countDistinct: UdafFactory = (req) => {
  if (req.argTypes.length !== 1) throw noOverload(req);
  return {
    returnType: T.BIGINT,
    aggregateType: T.array(T.INTEGER),
    initial: () => [] as string[],
    add: (acc, args) => {
      const v = args[0];
      if (v === null || v === undefined) return acc;
      const key = valueKey(v);
      const seen = acc as readonly string[];
      return seen.includes(key) ? acc : [...seen, key];
    },
    merge: (a, b) => {
      const seen = [...(a as readonly string[])];
      for (const k of b as readonly string[]) if (!seen.includes(k)) seen.push(k);
      return seen;
    },
    result: (acc) => BigInt((acc as readonly string[]).length),
  };
};

/** Addition and subtraction for one numeric SQL type, with Java's overflow behaviour. */
interface NumericOps {
  readonly type: SqlType;
  readonly zero: unknown;
  plus(a: unknown, b: unknown): unknown;
  minus(a: unknown, b: unknown): unknown;
}

function numericOps(t: SqlType): NumericOps | undefined {
  switch (t.base) {
    case 'INTEGER':
      return {
        type: t,
        zero: 0,
        plus: (a, b) => wrapInt(toBigInt(a) + toBigInt(b)),
        minus: (a, b) => wrapInt(toBigInt(a) - toBigInt(b)),
      };
    case 'BIGINT':
      return {
        type: t,
        zero: 0n,
        plus: (a, b) => wrapLong(toBigInt(a) + toBigInt(b)),
        minus: (a, b) => wrapLong(toBigInt(a) - toBigInt(b)),
      };
    case 'DOUBLE':
      return { type: t, zero: 0, plus: (a, b) => toDouble(a) + toDouble(b), minus: (a, b) => toDouble(a) - toDouble(b) };
    case 'DECIMAL': {
      const { precision, scale } = t;
      const fit = (v: Decimal): Decimal => checkDecimalFits(v.withScale(scale), precision, scale);
      return {
        type: t,
        zero: new Decimal(0n, scale),
        plus: (a, b) => fit(new Decimal(asDecimal(a, scale).unscaled + asDecimal(b, scale).unscaled, scale)),
        minus: (a, b) => fit(new Decimal(asDecimal(a, scale).unscaled - asDecimal(b, scale).unscaled, scale)),
      };
    }
    default:
      return undefined;
  }
}

function asDecimal(v: unknown, scale: number): Decimal {
  if (v instanceof Decimal) return v.withScale(scale);
  if (typeof v === 'bigint') return new Decimal(v, 0).withScale(scale);
  return Decimal.parse(String(v)).withScale(scale);
}

/** DecimalSumKudaf: the sum must stay below 10^(precision - scale). */
function checkDecimalFits(v: Decimal, precision: number, scale: number): Decimal {
  const digits = precision - scale;
  const abs = v.unscaled < 0n ? -v.unscaled : v.unscaled;
  if (abs >= 10n ** BigInt(digits + scale)) {
    throw new UdafError(
      `Numeric field overflow: A field with precision ${precision} and scale ${scale} must round to an absolute value less than 10^${digits}. Got ${v.toString()}`,
    );
  }
  return v;
}

/** SUM(INTEGER) is INTEGER, SUM(BIGINT) BIGINT, SUM(DOUBLE) DOUBLE, SUM(DECIMAL(p, s)) DECIMAL(p, s). */
export const sum: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  const ops = req.argTypes.length === 1 && arg !== undefined ? numericOps(arg) : undefined;
  if (ops === undefined) throw noOverload(req);
  const skipNull =
    (f: (acc: unknown, v: unknown) => unknown) =>
    (acc: unknown, args: readonly unknown[]): unknown =>
      args[0] === null || args[0] === undefined ? acc : f(acc, args[0]);
  return {
    returnType: ops.type,
    aggregateType: ops.type,
    initial: () => ops.zero,
    add: skipNull((acc, v) => ops.plus(acc, v)),
    undo: skipNull((acc, v) => ops.minus(acc, v)),
    merge: (a, b) => ops.plus(a, b),
    result: (acc) => acc,
  };
};

/** SUM_LIST(ARRAY<INTEGER|BIGINT|DOUBLE>): sums every non-null element of each array (ListSumUdaf). */
export const sumList: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  const ops = req.argTypes.length === 1 && arg?.base === 'ARRAY' && arg.element.base !== 'DECIMAL' ? numericOps(arg.element) : undefined;
  if (ops === undefined) throw noOverload(req);
  const total = (list: unknown): unknown => {
    let s = ops.zero;
    if (Array.isArray(list)) for (const v of list) if (v !== null && v !== undefined) s = ops.plus(s, v);
    return s;
  };
  return {
    returnType: ops.type,
    aggregateType: ops.type,
    initial: () => ops.zero,
    add: (acc, args) => ops.plus(acc, total(args[0])),
    undo: (acc, args) => ops.minus(acc, total(args[0])),
    merge: (a, b) => ops.plus(a, b),
    result: (acc) => acc,
  };
};

interface SumCount {
  readonly SUM: unknown;
  readonly COUNT: bigint;
}

/**
 * AVG: STRUCT<SUM, COUNT> with the argument's own sum arithmetic (an INTEGER sum wraps like Java int), the
 * result SUM / COUNT as a DOUBLE, 0.0 when nothing was counted (AverageUdaf). DECIMAL averages as DOUBLE.
 */
export const avg: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  if (req.argTypes.length !== 1 || arg === undefined || !['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL'].includes(arg.base)) {
    throw noOverload(req);
  }
  const ops = numericOps(arg.base === 'DECIMAL' ? T.DOUBLE : arg) as NumericOps;
  const aggregateType = T.struct([
    { name: 'SUM', type: ops.type },
    { name: 'COUNT', type: T.BIGINT },
  ]);
  const step = (plus: boolean) => (acc: unknown, args: readonly unknown[]): unknown => {
    const v = args[0];
    if (v === null || v === undefined) return acc;
    const a = acc as SumCount;
    return { SUM: plus ? ops.plus(a.SUM, v) : ops.minus(a.SUM, v), COUNT: a.COUNT + (plus ? 1n : -1n) };
  };
  const udaf: Udaf = {
    returnType: T.DOUBLE,
    aggregateType,
    initial: (): SumCount => ({ SUM: ops.zero, COUNT: 0n }),
    add: step(true),
    undo: step(false),
    merge: (a, b) => {
      const x = a as SumCount;
      const y = b as SumCount;
      return { SUM: ops.plus(x.SUM, y.SUM), COUNT: x.COUNT + y.COUNT };
    },
    result: (acc) => {
      const a = acc as SumCount;
      return a.COUNT === 0n ? 0 : toDouble(a.SUM) / Number(a.COUNT);
    },
  };
  return udaf;
};
