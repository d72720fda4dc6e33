/**
 * Math functions (ksqlDB's io.confluent.ksql.function.udf.math): Java's Math semantics, NaN and
 * Infinity where Java gives them, and ksqlDB's ROUND that rounds half away from zero for positive values
 * and half toward zero for negative ones, like Math.round.
 */
import { SqlUnsupportedError } from '../errors.js';
import { T, type SqlType } from '../types.js';
import { Decimal } from '../values.js';
import { decimalFromDouble, toDouble } from '../expressions/numeric.js';
import type { MaybeType } from '../expressions/sql-types.js';
import type { FunctionDef, Overload } from './registry.js';

const D = T.DOUBLE;

function decimalArg(types: readonly MaybeType[], i = 0): { precision: number; scale: number } {
  const t = types[i];
  return t?.base === 'DECIMAL' ? t : { precision: 38, scale: 0 };
}

/** ROUND(DECIMAL(p, s)) is DECIMAL(p - s, 0) (ksqlDB's Round.provideDecimalSchema). */
function wholeDecimal(types: readonly MaybeType[]): SqlType {
  const { precision, scale } = decimalArg(types);
  return T.decimal(Math.max(1, Math.min(38, precision - scale)), 0);
}

/** BigDecimal.setScale with RoundingMode FLOOR / CEILING. */
function decimalToWhole(d: Decimal, mode: 'floor' | 'ceil'): Decimal {
  const div = 10n ** BigInt(d.scale);
  let q = d.unscaled / div;
  const r = d.unscaled % div;
  if (r !== 0n && mode === 'floor' && d.unscaled < 0n) q -= 1n;
  if (r !== 0n && mode === 'ceil' && d.unscaled > 0n) q += 1n;
  return new Decimal(q, 0);
}

/** HALF_UP for positive values, HALF_DOWN for negative ones (ksqlDB's Round, consistent with Math.round). */
function roundDecimal(d: Decimal, places: number): Decimal {
  if (places >= d.scale) return d;
  const div = 10n ** BigInt(d.scale - places);
  const abs = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  let q = abs / div;
  const twice = (abs % div) * 2n;
  if (d.unscaled >= 0n ? twice >= div : twice > div) q += 1n;
  return new Decimal(d.unscaled < 0n ? -q : q, places);
}

function roundDouble(v: number, places: number): number {
  if (!Number.isFinite(v)) return v;
  return roundDecimalTo(decimalFromDouble(v), places).toNumber();
}

function truncDecimal(d: Decimal, places: number): Decimal {
  if (places >= d.scale) return d;
  return new Decimal(d.unscaled / 10n ** BigInt(d.scale - places), places);
}

/** The given-scale result expressed back in the input's scale (ROUND(v, 1) of DECIMAL(33, 16) keeps scale 16). */
function rescale(d: Decimal, scale: number): Decimal {
  if (d.scale >= 0 && d.scale <= scale) return d.withScale(scale);
  return new Decimal(d.unscaled * 10n ** BigInt(Math.max(0, -d.scale)), 0).withScale(scale);
}

function roundDecimalTo(d: Decimal, places: number): Decimal {
  if (places >= 0) return rescale(roundDecimal(d, places), d.scale);
  // Negative places: round the whole part at 10^-places, then restore the scale.
  const shifted = new Decimal(d.unscaled, d.scale - places);
  const r = roundDecimal(shifted, 0);
  return new Decimal(r.unscaled * 10n ** BigInt(-places), 0).withScale(d.scale);
}

function truncDecimalTo(d: Decimal, places: number): Decimal {
  if (places >= 0) return rescale(truncDecimal(d, places), d.scale);
  const shifted = new Decimal(d.unscaled, d.scale - places);
  const r = truncDecimal(shifted, 0);
  return new Decimal(r.unscaled * 10n ** BigInt(-places), 0).withScale(d.scale);
}

/** One DOUBLE-valued function of one argument, accepting INTEGER, BIGINT, DOUBLE (and DECIMAL by widening). */
function unaryDouble(name: string, f: (x: number) => number): FunctionDef {
  return { name, overloads: [{ params: ['DOUBLE'], returns: D, invoke: ([x]) => f(toDouble(x)) }] };
}

function perNumeric(int: Omit<Overload, 'params'>, big: Omit<Overload, 'params'>, dbl: Omit<Overload, 'params'>, dec?: Omit<Overload, 'params'>): Overload[] {
  const list: Overload[] = [
    { ...int, params: ['INTEGER'] },
    { ...big, params: ['BIGINT'] },
    { ...dbl, params: ['DOUBLE'] },
  ];
  if (dec !== undefined) list.push({ ...dec, params: ['DECIMAL'] });
  return list;
}

function bigAbs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

const sameType = (types: readonly MaybeType[]): SqlType => types[0] ?? T.DOUBLE;

/** java.nio.ByteBuffer#compareTo: byte by byte as signed values, then the shorter first. */
function compareSignedBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = ((a[i] ?? 0) << 24) >> 24;
    const y = ((b[i] ?? 0) << 24) >> 24;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** GREATEST / LEAST: one variadic overload per comparable type; nulls are skipped. */
function extremum(name: string, pickFirst: (cmp: number) => boolean): FunctionDef {
  const compare = (a: unknown, b: unknown): number => {
    if (a instanceof Decimal && b instanceof Decimal) {
      const s = Math.max(a.scale, b.scale);
      const x = a.withScale(s).unscaled;
      const y = b.withScale(s).unscaled;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a instanceof Uint8Array && b instanceof Uint8Array) return compareSignedBytes(a, b);
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  };
  const bases = ['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP'];
  return {
    name,
    ambiguousOnWidening: true,
    overloads: bases.map(
      (base): Overload => ({
        params: [base, base],
        variadic: true,
        handlesNulls: true,
        returns: (types) => (base === 'DECIMAL' ? (types.find((t) => t !== null) ?? T.decimal(38, 0)) : ({ base } as SqlType)),
        invoke: (args) => {
          let best: unknown = null;
          for (const v of args) {
            if (v === null || v === undefined) continue;
            if (best === null || pickFirst(compare(v, best))) best = v;
          }
          return best;
        },
      }),
    ),
  };
}

export const MATH_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'ABS',
    overloads: perNumeric(
      { returns: T.INTEGER, invoke: ([x]) => Math.abs(x as number) | 0 },
      { returns: T.BIGINT, invoke: ([x]) => bigAbs(x as bigint) },
      { returns: D, invoke: ([x]) => Math.abs(x as number) },
      { returns: sameType, invoke: ([x]) => new Decimal(bigAbs((x as Decimal).unscaled), (x as Decimal).scale) },
    ),
  },
  {
    name: 'CEIL',
    overloads: perNumeric(
      { returns: T.INTEGER, invoke: ([x]) => x },
      { returns: T.BIGINT, invoke: ([x]) => x },
      { returns: D, invoke: ([x]) => Math.ceil(x as number) },
      // The input's type and scale: 1.5 gives 2.0 (ksqlDB's Ceil).
      { returns: sameType, invoke: ([x]) => decimalToWhole(x as Decimal, 'ceil').withScale((x as Decimal).scale) },
    ),
  },
  {
    name: 'FLOOR',
    overloads: perNumeric(
      { returns: T.INTEGER, invoke: ([x]) => x },
      { returns: T.BIGINT, invoke: ([x]) => x },
      { returns: D, invoke: ([x]) => Math.floor(x as number) },
      { returns: sameType, invoke: ([x]) => decimalToWhole(x as Decimal, 'floor').withScale((x as Decimal).scale) },
    ),
  },
  {
    name: 'ROUND',
    overloads: [
      ...perNumeric(
        { returns: T.INTEGER, invoke: ([x]) => x },
        { returns: T.BIGINT, invoke: ([x]) => x },
        // Math.round: half toward positive infinity.
        { returns: T.BIGINT, invoke: ([x]) => (Number.isFinite(x as number) ? BigInt(Math.floor((x as number) + 0.5)) : 0n) },
        { returns: wholeDecimal, invoke: ([x]) => roundDecimalTo(x as Decimal, 0).withScale(0) },
      ),
      { params: ['DOUBLE', 'INTEGER'], returns: D, invoke: ([x, n]) => roundDouble(x as number, n as number) },
      { params: ['DECIMAL', 'INTEGER'], returns: sameType, invoke: ([x, n]) => roundDecimalTo(x as Decimal, n as number) },
    ],
  },
  {
    name: 'TRUNC',
    overloads: [
      ...perNumeric(
        { returns: T.INTEGER, invoke: ([x]) => x },
        { returns: T.BIGINT, invoke: ([x]) => x },
        { returns: T.BIGINT, invoke: ([x]) => (Number.isFinite(x as number) ? BigInt(Math.trunc(x as number)) : 0n) },
        { returns: wholeDecimal, invoke: ([x]) => truncDecimal(x as Decimal, 0) },
      ),
      { params: ['DOUBLE', 'INTEGER'], returns: D, invoke: ([x, n]) => (Number.isFinite(x as number) ? truncDecimalTo(decimalFromDouble(x as number), n as number).toNumber() : x) },
      { params: ['DECIMAL', 'INTEGER'], returns: sameType, invoke: ([x, n]) => truncDecimalTo(x as Decimal, n as number) },
    ],
  },
  {
    name: 'SIGN',
    overloads: [
      { params: ['INTEGER'], returns: T.INTEGER, invoke: ([x]) => Math.sign(x as number) },
      { params: ['BIGINT'], returns: T.INTEGER, invoke: ([x]) => ((x as bigint) > 0n ? 1 : (x as bigint) < 0n ? -1 : 0) },
      { params: ['DOUBLE'], returns: T.INTEGER, invoke: ([x]) => Math.sign(x as number) | 0 },
      { params: ['DECIMAL'], returns: T.INTEGER, invoke: ([x]) => ((x as Decimal).unscaled > 0n ? 1 : (x as Decimal).unscaled < 0n ? -1 : 0) },
    ],
  },
  unaryDouble('SQRT', Math.sqrt),
  unaryDouble('CBRT', Math.cbrt),
  unaryDouble('EXP', Math.exp),
  unaryDouble('LN', Math.log),
  {
    name: 'LOG',
    overloads: [
      { params: ['DOUBLE'], returns: D, invoke: ([x]) => Math.log(x as number) },
      {
        params: ['DOUBLE', 'DOUBLE'],
        returns: D,
        invoke: ([b, v]) => {
          const base = b as number;
          const value = v as number;
          // ksqlDB's Log: NaN for a non-positive or unit base, or a negative value.
          if (base <= 0 || base === 1 || value < 0) return NaN;
          return Math.log(value) / Math.log(base);
        },
      },
    ],
  },
  { name: 'POWER', overloads: [{ params: ['DOUBLE', 'DOUBLE'], returns: D, invoke: ([b, e]) => Math.pow(b as number, e as number) }] },
  unaryDouble('SIN', Math.sin),
  unaryDouble('COS', Math.cos),
  unaryDouble('TAN', Math.tan),
  unaryDouble('ASIN', Math.asin),
  unaryDouble('ACOS', Math.acos),
  unaryDouble('ATAN', Math.atan),
  unaryDouble('COT', (x) => 1 / Math.tan(x)),
  unaryDouble('SINH', Math.sinh),
  unaryDouble('COSH', Math.cosh),
  unaryDouble('TANH', Math.tanh),
  unaryDouble('DEGREES', (x) => (x * 180) / Math.PI),
  unaryDouble('RADIANS', (x) => (x / 180) * Math.PI),
  { name: 'ATAN2', overloads: [{ params: ['DOUBLE', 'DOUBLE'], returns: D, invoke: ([y, x]) => Math.atan2(y as number, x as number) }] },
  { name: 'PI', overloads: [{ params: [], returns: D, invoke: () => Math.PI }] },
  extremum('GREATEST', (cmp) => cmp > 0),
  extremum('LEAST', (cmp) => cmp < 0),
  {
    name: 'RANDOM',
    overloads: [
      {
        params: [],
        returns: D,
        invoke: () => {
          throw new SqlUnsupportedError('RANDOM() (not deterministic)');
        },
      },
    ],
  },
];
