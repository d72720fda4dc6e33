import { utf8 } from './murmur2.js';

/**
 * A canonical string for a key, used to index in-memory maps (stores, compaction). Strings map to
 * themselves (the common case, allocation free); other values get a type tag so that 1 and "1" differ,
 * and objects a JSON form with sorted fields so that equal structures are one key.
 */
export function keyId(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean') return `\u0000${typeof key}:${String(key)}`;
  if (key === null || key === undefined) return '\u0000null';
  if (key instanceof Uint8Array) return `\u0000bytes:${Buffer.from(key).toString('base64')}`;
  return `\u0000json:${stableStringify(key)}`;
}

/**
 * keyId of an object whose stableStringify text is `json`: for writers that know their keys' layout and build
 * that text without the generic walk (a window store's changelog keys).
 */
export function jsonKeyId(json: string): string {
  return `\u0000json:${json}`;
}

export function stableStringify(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  // Same text as JSON.stringify (which writes non-finite numbers as null), several times faster.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  // Maps and Sets keep insertion order, which is part of the value (an ordered top-N, say).
  if (value instanceof Map) return `{"$map":[${[...value].map(stableStringify).join(',')}]}`;
  if (value instanceof Set) return `{"$set":[${[...value].map(stableStringify).join(',')}]}`;
  if (value instanceof Uint8Array) return `{"$bytes":"${Buffer.from(value).toString('base64')}"}`;
  // Hot (changelog keys, windowed keys): one pass and string appends, no filter/map/join arrays. Sorting
  // before skipping undefined fields gives the same order as filtering first.
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // Fields mostly come in order already; Array#sort costs more than the check.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${quote(k)}:${stableStringify(v)}`;
  }
  return `${out}}`;
}

/** Characters JSON.stringify escapes: quote, backslash, controls, and (unpaired) surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string; the common string without anything to escape is only wrapped in quotes. */
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * Bytes the default partitioner hashes when a topic has no key serde: the UTF-8 of the string form,
 * which is what Kafka's StringSerializer produces for string keys (SCENARIOS.md §0.3).
 */
export function defaultKeyBytes(key: unknown): Uint8Array | null {
  if (key === null || key === undefined) return null;
  if (key instanceof Uint8Array) return key;
  if (typeof key === 'string') return utf8(key);
  if (typeof key === 'object') return utf8(stableStringify(key));
  return utf8(String(key));
}
