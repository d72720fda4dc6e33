import { Decimal, JsonNumber } from '../values.js';

/**
 * Compares an actual value (topic representation, from the engine) with an expected one (from the test
 * file, numbers lossless), after ksqlDB's ExpectedRecordComparator: objects match on field count and on each
 * expected field (looked up as written, then upper-cased), arrays element by element, numbers by value.
 * Returns null when they match, else a short description of the first difference.
 */
export function diffValues(actual: unknown, expected: unknown, path = ''): string | null {
  const at = path === '' ? '' : `${path}: `;
  if (expected === null || expected === undefined) {
    return actual === null || actual === undefined ? null : `${at}expected null, got ${show(actual)}`;
  }
  if (expected instanceof JsonNumber || typeof expected === 'number' || typeof expected === 'bigint' || expected instanceof Decimal) {
    return numbersMatch(actual, expected) ? null : `${at}expected ${show(expected)}, got ${show(actual)}`;
  }
  if (typeof expected === 'string') {
    if (actual === expected) return null;
    // ksqlDB accepts a decimal written as a JSON string ("1.50") for a DECIMAL.
    if (actual instanceof Decimal && isPlainDecimal(expected) && Decimal.parse(expected).equals(actual)) return null;
    // A JSON sink writes a DECIMAL as a number keeping its scale; ksqlDB reads expected and actual back with
    // the column's type, so "3.40" equals 3.40 (and not 3.4).
    if (actual instanceof JsonNumber && isPlainDecimal(expected) && isPlainDecimal(actual.text) && Decimal.parse(expected).equals(Decimal.parse(actual.text))) return null;
    if (actual instanceof Uint8Array && base64(actual) === expected) return null;
    return `${at}expected ${show(expected)}, got ${show(actual)}`;
  }
  if (typeof expected === 'boolean') {
    return actual === expected ? null : `${at}expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${at}expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = diffValues(actual[i], expected[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof expected === 'object') {
    const fields = fieldsOf(actual);
    if (fields === null) return `${at}expected an object, got ${show(actual)}`;
    const want = Object.entries(expected as Record<string, unknown>);
    if (fields.size !== want.length) {
      return `${at}expected fields {${want.map(([k]) => k).join(', ')}}, got {${[...fields.keys()].map(String).join(', ')}}`;
    }
    for (const [name, value] of want) {
      const got = fields.get(name) ?? fields.get(name.toUpperCase());
      const d = diffValues(got, value, path === '' ? name : `${path}.${name}`);
      if (d !== null) return d;
    }
    return null;
  }
  return `${at}cannot expect ${show(expected)}`;
}

function fieldsOf(v: unknown): Map<unknown, unknown> | null {
  if (v instanceof Map) return v as Map<unknown, unknown>;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Decimal || v instanceof JsonNumber || v instanceof Uint8Array) {
    return null;
  }
  return new Map(Object.entries(v as Record<string, unknown>));
}

/** How close two doubles must be: 1e-6, relative beyond magnitude 1. */
const DOUBLE_TOLERANCE = 1e-6;

/**
 * Integers compare exactly (as bigints, so values past 2^53 keep their digits); a Decimal must equal the
 * expected text with its scale (Java BigDecimal#equals: 1.10 is not 1.1), and an expected integer only
 * matches a Decimal without fraction digits; a double matches within DOUBLE_TOLERANCE.
 */
export function numbersMatch(actual: unknown, expected: JsonNumber | number | bigint | Decimal): boolean {
  const e = numberText(expected);
  if (actual instanceof Decimal) return decimalMatches(actual, e);
  if (actual instanceof JsonNumber) {
    if (isInteger(actual.text) && isInteger(e)) return BigInt(actual.text) === BigInt(e);
    if (isPlainDecimal(actual.text) && isPlainDecimal(e) && Decimal.parse(actual.text).equals(Decimal.parse(e))) return true;
    return doublesMatch(actual.toNumber(), Number(e));
  }
  if (typeof actual === 'bigint') return isInteger(e) && BigInt(e) === actual;
  if (typeof actual === 'number') {
    if (Number.isInteger(actual) && isInteger(e) && Number.isSafeInteger(actual)) return BigInt(e) === BigInt(actual);
    return doublesMatch(actual, Number(e));
  }
  return false;
}

function decimalMatches(actual: Decimal, expectedText: string): boolean {
  if (isInteger(expectedText)) return actual.scale <= 0 && actual.unscaled * 10n ** BigInt(-actual.scale) === BigInt(expectedText);
  return isPlainDecimal(expectedText) && Decimal.parse(expectedText).equals(actual);
}

function doublesMatch(a: number, e: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= DOUBLE_TOLERANCE * Math.max(1, Math.abs(e));
}

function numberText(n: JsonNumber | number | bigint | Decimal): string {
  if (n instanceof JsonNumber) return n.text;
  return n.toString();
}

const isInteger = (text: string): boolean => /^-?\d+$/.test(text);
const isPlainDecimal = (text: string): boolean => /^-?\d+(\.\d+)?$/.test(text);

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A short, readable rendering for diffs: JSON-like, bigints and lossless numbers as their digits. */
export function show(v: unknown, limit = 160): string {
  const text = render(v);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function render(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof JsonNumber) return v.text;
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Uint8Array) return `bytes(${base64(v)})`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(render).join(',')}]`;
  if (v instanceof Map) return `{${[...v.entries()].map(([k, x]) => `${render(k)}:${render(x)}`).join(',')}}`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${render(x)}`).join(',')}}`;
  }
  return String(v);
}
