/**
 * NDJSON for the scenario commands: a lossless JSON writer for the values records carry (bigint for SQL BIGINT,
 * Decimal, Map, Uint8Array) and a reader that turns the lossless parser's JsonNumbers back into JS numbers.
 */
import { parseLosslessJson, stringifyLosslessJson } from '../sql/qtt/lossless-json.js';
import { JsonNumber } from '../sql/values.js';

/** One value as JSON text, losslessly and in the value's own key order (records keep their producers' field order). */
export function toJson(value: unknown): string {
  return stringifyLosslessJson(value);
}

/**
 * A parsed document with its JsonNumbers made JS values: a number when the double holds it exactly (every integer
 * up to 2^53, larger ones such as 1e16 that a double holds, and every decimal, as JSON.parse would), a bigint for
 * an integer the double would round, so that no digit is lost and a generator's numbers read back as numbers.
 */
export function fromLossless(value: unknown): unknown {
  if (value instanceof JsonNumber) {
    const n = value.toNumber();
    // an integer the double would round (9223372036854775807) stays exact as a bigint
    if (/^-?\d+$/.test(value.text) && !Number.isSafeInteger(n) && String(n) !== value.text.replace(/^(-?)0+(?=\d)/, '$1')) return BigInt(value.text);
    return n;
  }
  if (Array.isArray(value)) return value.map(fromLossless);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a "__proto__" field stays data, as the parser left it
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: fromLossless(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** One NDJSON line parsed losslessly; a syntax error says its column. */
export function parseJsonLine(line: string): unknown {
  return fromLossless(parseLosslessJson(line));
}

/** The non-blank lines of an NDJSON text with their 1-based line numbers. */
export function ndjsonLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (t.trim() !== '') out.push({ line: i + 1, text: t });
  });
  return out;
}
