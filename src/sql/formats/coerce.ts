/**
 * Text and number conversions shared by the formats, with Java's rules: Integer.parseInt/Long.parseLong are
 * strict, Double.toString switches to E-notation outside [1e-3, 1e7), decimals must fit their precision
 * without rounding (ksqlDB's DecimalUtil.ensureFit).
 */
import { Decimal, JsonNumber } from '../values.js';
import { SerializationError } from './format.js';

const INT_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DOUBLE_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/** Java Integer.parseInt. */
export function parseJavaInt(text: string, what = 'INTEGER'): number {
  if (!INT_TEXT.test(text)) throw new SerializationError(`Can't coerce string to type. targetType: ${what}`);
  const v = BigInt(text);
  if (v !== BigInt.asIntN(32, v)) throw new SerializationError(`Can't coerce string to type. targetType: ${what}`);
  return Number(v);
}

/** Java Long.parseLong. */
export function parseJavaLong(text: string): bigint {
  if (!INT_TEXT.test(text)) throw new SerializationError(`Can't coerce string to type. targetType: BIGINT`);
  const v = BigInt(text);
  if (v !== BigInt.asIntN(64, v)) throw new SerializationError(`Can't coerce string to type. targetType: BIGINT`);
  return v;
}

/** Java Double.parseDouble (surrounding whitespace, NaN, Infinity and a d/f suffix allowed). */
export function parseJavaDouble(text: string): number {
  const t = text.trim();
  if (!DOUBLE_TEXT.test(t)) throw new SerializationError(`Can't coerce string to type. targetType: DOUBLE`);
  return Number(t.replace(/[fFdD]$/, ''));
}

/** new BigDecimal(text): plain or E-notation. */
export function parseBigDecimal(text: string): Decimal {
  const t = text.trim();
  if (!DECIMAL_TEXT.test(t)) throw new SerializationError(`Can't coerce string to type. targetType: DECIMAL`);
  const e = t.search(/[eE]/);
  const mantissa = Decimal.parse(e < 0 ? t : t.slice(0, e));
  const exponent = e < 0 ? 0 : Number(t.slice(e + 1));
  const scale = mantissa.scale - exponent;
  return scale >= 0 ? new Decimal(mantissa.unscaled, scale) : new Decimal(mantissa.unscaled * 10n ** BigInt(-scale), 0);
}

/** DecimalUtil.ensureFit: below 10^(precision - scale) and representable at `scale` without rounding. */
export function ensureDecimalFits(v: Decimal, precision: number, scale: number): Decimal {
  const digits = precision - scale;
  const atScale = v.withScale(Math.max(scale, v.scale));
  const abs = atScale.unscaled < 0n ? -atScale.unscaled : atScale.unscaled;
  if (abs >= 10n ** BigInt(digits + atScale.scale)) {
    throw new SerializationError(
      `Numeric field overflow: A field with precision ${precision} and scale ${scale} must round to an absolute value less than 10^${digits}. Got ${v.toString()}`,
    );
  }
  const fitted = v.withScale(scale);
  if (v.scale > scale && !fitted.withScale(v.scale).equals(v)) {
    throw new SerializationError(
      `Cannot fit decimal '${v.toString()}' into DECIMAL(${precision}, ${scale}) without rounding. (Requires ${v.precision()},${v.scale})`,
    );
  }
  return fitted;
}

/** The exact text of a numeric JSON value (JsonNumber keeps it; a JS number gives its shortest form). */
export function numberText(v: JsonNumber | number | bigint | Decimal): string {
  if (v instanceof JsonNumber) return v.text;
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

/** Java's (int)/(long) narrowing of a JSON number, as Jackson's intValue()/asLong(): truncate, then wrap. */
export function integralOf(v: JsonNumber | number | bigint | Decimal, bits: 32 | 64): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(bits, v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 0n;
    return BigInt.asIntN(bits, BigInt(Math.trunc(v)));
  }
  const d = v instanceof Decimal ? v : parseBigDecimal(v.text);
  return BigInt.asIntN(bits, d.unscaled / 10n ** BigInt(d.scale));
}

// One Double.toString for the whole SQL stack (formats print doubles as CAST(x AS STRING) does).
export { javaDoubleToString } from '../expressions/java-strings.js';

export function decodeBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new SerializationError(`Value is not base64 encoded: ${text}`);
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export const isJsonNumeric = (v: unknown): v is JsonNumber | number | bigint | Decimal =>
  typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonNumber || v instanceof Decimal;
