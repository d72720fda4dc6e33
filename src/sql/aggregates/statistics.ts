/**
 * STDDEV_SAMP, STDDEV_SAMPLE and CORRELATION. The standard deviation keeps ksqlDB's Youngs-Cramer state
 * STRUCT<SUM, COUNT, M2> with the sum in the argument's own type, so integer deltas wrap like Java's
 * (StandardDeviationSampUdaf). In the ksqlDB version these semantics follow, STDDEV_SAMP returns
 * M2 / (COUNT - 1) (the sample variance) and STDDEV_SAMPLE its square root; both give 0.0 below two values.
 */
import { T, type SqlType } from '../types.js';
import { noOverload, toBigInt, toDouble, wrapInt, wrapLong, type UdafFactory, type UdafRequest } from './udaf.js';

interface Moments {
  /** number for INTEGER/DOUBLE arguments, bigint for BIGINT. */
  readonly SUM: number | bigint;
  readonly COUNT: number;
  readonly M2: number;
}

/** The argument-typed arithmetic of StandardDeviationSampUdaf's three variants. */
interface MomentOps {
  readonly zero: number | bigint;
  add(sum: number | bigint, v: unknown): number | bigint;
  sub(sum: number | bigint, v: unknown): number | bigint;
  /** newValue * (count + 1) - (sum + newValue), in the argument type, then as a double. */
  delta(m: Moments, v: unknown): number;
  /** sum1 / count1 - sum2 / count2 (integer division for INTEGER and BIGINT). */
  meanDiff(a: Moments, b: Moments): number;
}

function momentOps(t: SqlType): MomentOps | undefined {
  const integral = (wrap: (v: bigint) => number | bigint): MomentOps => ({
    zero: wrap(0n),
    add: (s, v) => wrap(toBigInt(s) + toBigInt(v)),
    sub: (s, v) => wrap(toBigInt(s) - toBigInt(v)),
    delta: (m, v) => {
      const x = toBigInt(v);
      const left = toBigInt(wrap(x * BigInt(m.COUNT + 1)));
      return Number(wrap(left - toBigInt(wrap(toBigInt(m.SUM) + x))));
    },
    meanDiff: (a, b) => Number(wrap(toBigInt(a.SUM) / BigInt(a.COUNT) - toBigInt(b.SUM) / BigInt(b.COUNT))),
  });
  switch (t.base) {
    case 'INTEGER':
      return integral(wrapInt);
    case 'BIGINT':
      return integral(wrapLong);
    case 'DOUBLE':
    case 'DECIMAL':
      return {
        zero: 0,
        add: (s, v) => toDouble(s) + toDouble(v),
        sub: (s, v) => toDouble(s) - toDouble(v),
        delta: (m, v) => toDouble(v) * (m.COUNT + 1) - (toDouble(m.SUM) + toDouble(v)),
        meanDiff: (a, b) => toDouble(a.SUM) / a.COUNT - toDouble(b.SUM) / b.COUNT,
      };
    default:
      return undefined;
  }
}

function standardDeviation(req: UdafRequest, map: (variance: number) => number) {
  const arg = req.argTypes[0];
  const ops = req.argTypes.length === 1 && arg !== undefined ? momentOps(arg) : undefined;
  if (ops === undefined || arg === undefined) throw noOverload(req);
  const sumType = arg.base === 'DECIMAL' ? T.DOUBLE : arg;
  return {
    returnType: T.DOUBLE,
    aggregateType: T.struct([
      { name: 'SUM', type: sumType },
      { name: 'COUNT', type: T.INTEGER },
      { name: 'M2', type: T.DOUBLE },
    ]),
    initial: (): Moments => ({ SUM: ops.zero, COUNT: 0, M2: 0 }),
    add: (acc: unknown, args: readonly unknown[]): unknown => {
      const v = args[0];
      if (v === null || v === undefined) return acc;
      const m = acc as Moments;
      const count = m.COUNT + 1;
      let m2 = 0;
      if (count > 1) {
        const d = ops.delta(m, v);
        m2 = (d * d) / (count * (count - 1));
      }
      return { SUM: ops.add(m.SUM, v), COUNT: count, M2: m.M2 + m2 };
    },
    undo: (acc: unknown, args: readonly unknown[]): unknown => {
      const v = args[0];
      if (v === null || v === undefined) return acc;
      const m = acc as Moments;
      const count = m.COUNT - 1;
      let m2 = 0;
      if (count > 0) {
        const d = ops.delta(m, v);
        m2 = (d * d) / (count * (count + 1));
      }
      return { SUM: ops.sub(m.SUM, v), COUNT: count, M2: m.M2 - m2 };
    },
    merge: (a: unknown, b: unknown): unknown => {
      const x = a as Moments;
      const y = b as Moments;
      const count = x.COUNT + y.COUNT;
      let m2 = x.M2 + y.M2;
      if (x.COUNT !== 0 && y.COUNT !== 0) {
        const inner = ops.meanDiff(x, y);
        m2 += (x.COUNT * y.COUNT * inner * inner) / count;
      }
      return { SUM: ops.add(x.SUM, y.SUM), COUNT: count, M2: m2 };
    },
    result: (acc: unknown): unknown => {
      const m = acc as Moments;
      return m.COUNT < 2 ? 0 : map(m.M2 / (m.COUNT - 1));
    },
  };
}

export const stddevSamp: UdafFactory = (req) => standardDeviation(req, (variance) => variance);
export const stddevSample: UdafFactory = (req) => standardDeviation(req, Math.sqrt);

interface CorrelationState {
  readonly X_SUM: number;
  readonly Y_SUM: number;
  readonly X_SQUARED_SUM: number;
  readonly Y_SQUARED_SUM: number;
  readonly XY_SUM: number;
  readonly COUNT: number;
}

/** CORRELATION(x, y): Pearson's coefficient over pairs with neither side null; NaN below two pairs (CorrelationUdaf). */
export const correlation: UdafFactory = (req) => {
  const numeric = (t: SqlType | undefined): boolean =>
    t !== undefined && ['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL'].includes(t.base);
  if (req.argTypes.length !== 2 || !numeric(req.argTypes[0]) || !numeric(req.argTypes[1])) throw noOverload(req);
  const step = (sign: 1 | -1) => (acc: unknown, args: readonly unknown[]): unknown => {
    const [xv, yv] = args;
    if (xv === null || xv === undefined || yv === null || yv === undefined) return acc;
    const s = acc as CorrelationState;
    const x = toDouble(xv);
    const y = toDouble(yv);
    return {
      X_SUM: s.X_SUM + sign * x,
      Y_SUM: s.Y_SUM + sign * y,
      X_SQUARED_SUM: s.X_SQUARED_SUM + sign * x * x,
      Y_SQUARED_SUM: s.Y_SQUARED_SUM + sign * y * y,
      XY_SUM: s.XY_SUM + sign * x * y,
      COUNT: s.COUNT + sign,
    };
  };
  return {
    returnType: T.DOUBLE,
    aggregateType: T.struct(
      ['X_SUM', 'Y_SUM', 'X_SQUARED_SUM', 'Y_SQUARED_SUM', 'XY_SUM']
        .map((name) => ({ name, type: T.DOUBLE }))
        .concat([{ name: 'COUNT', type: T.BIGINT }]),
    ),
    initial: (): CorrelationState => ({ X_SUM: 0, Y_SUM: 0, X_SQUARED_SUM: 0, Y_SQUARED_SUM: 0, XY_SUM: 0, COUNT: 0 }),
    add: step(1),
    undo: step(-1),
    merge: (a, b) => {
      const x = a as CorrelationState;
      const y = b as CorrelationState;
      return {
        X_SUM: x.X_SUM + y.X_SUM,
        Y_SUM: x.Y_SUM + y.Y_SUM,
        X_SQUARED_SUM: x.X_SQUARED_SUM + y.X_SQUARED_SUM,
        Y_SQUARED_SUM: x.Y_SQUARED_SUM + y.Y_SQUARED_SUM,
        XY_SUM: x.XY_SUM + y.XY_SUM,
        COUNT: x.COUNT + y.COUNT,
      };
    },
    result: (acc) => {
      const s = acc as CorrelationState;
      const n = s.COUNT;
      const numerator = n * s.XY_SUM - s.X_SUM * s.Y_SUM;
      const dx = n * s.X_SQUARED_SUM - s.X_SUM * s.X_SUM;
      const dy = n * s.Y_SQUARED_SUM - s.Y_SUM * s.Y_SUM;
      return numerator / Math.sqrt(dx * dy);
    },
  };
};
