/**
 * Java's numeric conversions on our value representation (values.ts): INTEGER wraps at 32 bits, BIGINT at
 * 64, (int) of a double truncates and saturates, decimals round HALF_UP.
 */
import { SqlEvaluationError } from '../errors.js';
import { Decimal, JsonNumber } from '../values.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Any numeric value as a JavaScript double. */
export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Decimal || v instanceof JsonNumber) return v.toNumber();
  throw new SqlEvaluationError(`not a number: ${String(v)}`);
}

/** Java's (int) of a double: truncates toward zero, saturates, NaN is 0. */
function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  return Math.max(INT_MIN, Math.min(INT_MAX, Math.trunc(d)));
}

/** Java's (long) of a double. */
function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9.223372036854776e18) return LONG_MAX;
  if (d <= -9.223372036854776e18) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/** Number#intValue: wraps integers, truncates fractions. */
export function toInt(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? v | 0 : doubleToInt(v);
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
  if (v instanceof Decimal) return Number(BigInt.asIntN(32, v.unscaled / 10n ** BigInt(v.scale)));
  if (v instanceof JsonNumber) return toInt(Number(v.text));
  throw new SqlEvaluationError(`not a number: ${String(v)}`);
}

/** Number#longValue. */
export function toLong(v: unknown): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : doubleToLong(v);
  if (v instanceof Decimal) return BigInt.asIntN(64, v.unscaled / 10n ** BigInt(v.scale));
  if (v instanceof JsonNumber) return /^-?\d+$/.test(v.text) ? BigInt.asIntN(64, BigInt(v.text)) : doubleToLong(Number(v.text));
  throw new SqlEvaluationError(`not a number: ${String(v)}`);
}

/** Java's BigDecimal.valueOf(double): the shortest decimal that round-trips. */
export function decimalFromDouble(d: number): Decimal {
  if (!Number.isFinite(d)) throw new SqlEvaluationError(`cannot convert ${d} to DECIMAL`);
  const text = d.toString();
  if (!/e/i.test(text)) return Decimal.parse(text);
  const [m = '0', e = '0'] = text.split(/e/i);
  const base = Decimal.parse(m);
  const exp = Number(e);
  return exp >= 0
    ? new Decimal(base.unscaled * 10n ** BigInt(exp), base.scale).withScale(Math.max(0, base.scale - exp))
    : new Decimal(base.unscaled, base.scale - exp);
}

/** Any numeric value as an exact decimal (doubles through Java's BigDecimal.valueOf). */
export function toDecimal(v: unknown): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return new Decimal(v, 0);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? new Decimal(BigInt(v), 0) : decimalFromDouble(v);
  if (v instanceof JsonNumber) return Decimal.parse(v.text);
  if (typeof v === 'string') return Decimal.parse(v);
  throw new SqlEvaluationError(`not a number: ${String(v)}`);
}

/** Rounds HALF_UP to the type's scale and checks the precision (DecimalUtil.ensureFit). */
export function fitDecimal(d: Decimal, precision: number, scale: number): Decimal {
  const scaled = d.withScale(scale);
  const digits = (scaled.unscaled < 0n ? -scaled.unscaled : scaled.unscaled).toString().length;
  if (scaled.unscaled !== 0n && digits > precision) {
    throw new SqlEvaluationError(`Numeric field overflow: A field with precision ${precision} and scale ${scale} must round to an absolute value less than 10^${precision - scale}. Got ${d.toString()}`);
  }
  return scaled;
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.withScale(scale).unscaled;
  const y = b.withScale(scale).unscaled;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact decimal division rounded HALF_UP to `scale`. */
export function divideDecimals(a: Decimal, b: Decimal, scale: number): Decimal {
  if (b.unscaled === 0n) throw new SqlEvaluationError('Division by zero');
  // a/b = (ua * 10^(sb + scale + 1 - sa)) / ub, computed one digit beyond the target scale then rounded.
  const shift = b.scale + scale + 1 - a.scale;
  const num = shift >= 0 ? a.unscaled * 10n ** BigInt(shift) : a.unscaled / 10n ** BigInt(-shift);
  const q = num / b.unscaled;
  return new Decimal(q, scale + 1).withScale(scale);
}

export function isIntegerRange(v: number): boolean {
  return v >= INT_MIN && v <= INT_MAX;
}
