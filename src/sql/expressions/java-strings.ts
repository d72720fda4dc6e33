/**
 * Values as Java prints them: ksqlDB's CAST(x AS STRING) and string UDFs call Java's toString, so
 * 1.0 is "1.0", 1e21 is "1.0E21", arrays are "[1, 3]", maps "{k=1}" and structs "Struct{A=1,B=2}".
 */
import type { SqlType } from '../types.js';
import { Decimal } from '../values.js';
import { formatIsoDate, formatIsoTime, formatIsoTimestamp } from './iso-temporal.js';

/** Java's Double.toString: plain between 10^-3 and 10^7, computerized scientific notation outside. */
export function javaDoubleToString(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v);
    return s.includes('.') ? s : `${s}.0`;
  }
  // Java never prints a one-digit significand: it picks the closest two-digit one (4.9E-324, not 5.0E-324).
  let text = v.toExponential();
  if (!text.includes('.')) text = v.toExponential(1);
  const [mantissa = '', exponent = '0'] = text.split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}

/** A value of a known SQL type as Java's toString would print it (null stays null for the caller). */
export function javaToString(value: unknown, type: SqlType | null): string {
  if (value === null || value === undefined) return 'null';
  switch (type?.base) {
    case 'DOUBLE':
      return javaDoubleToString(value as number);
    case 'TIMESTAMP':
      return formatIsoTimestamp(value as number);
    case 'DATE':
      return formatIsoDate(value as number);
    case 'TIME':
      return formatIsoTime(value as number);
    case 'ARRAY': {
      const element = type.element;
      return `[${(value as unknown[]).map((v) => javaToString(v, element)).join(', ')}]`;
    }
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, v] of value as Map<unknown, unknown>) parts.push(`${javaToString(k, type.key)}=${javaToString(v, type.value)}`);
      return `{${parts.join(', ')}}`;
    }
    case 'STRUCT': {
      const obj = value as Record<string, unknown>;
      const parts = type.fields.filter((f) => obj[f.name] !== null && obj[f.name] !== undefined).map((f) => `${f.name}=${javaToString(obj[f.name], f.type)}`);
      return `Struct{${parts.join(',')}}`;
    }
    default:
      break;
  }
  if (value instanceof Decimal) return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'number' && type === null && !Number.isInteger(value)) return javaDoubleToString(value);
  return String(value);
}
