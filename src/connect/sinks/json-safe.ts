/**
 * Plain JSON values from what records carry (SCENARIOS.md §0.3: keys and values are plain JS values, but SQL output
 * has BIGINT as `bigint`, DECIMAL and lossless numbers as classes with `toJSON`, MAP as a `Map`, BYTES as bytes).
 *
 * **Decision:** a `bigint` becomes a JSON number when it is a safe integer (|n| ≤ 2^53 − 1) and a decimal string
 * otherwise, so no reader silently rounds it. Non-finite numbers become the strings "NaN", "Infinity",
 * "-Infinity" (JSON has no form for them; `JSON.stringify` would write null). Bytes become base64 strings, a `Map`
 * with string keys an object (other keys: an array of `[key, value]` pairs), a `Set` an array; `undefined` object
 * fields are left out, an `undefined` value is null. Windowed keys (`{key, window: {start, end}}`) are plain objects
 * already and stay as they are.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export function toJsonSafe(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'object':
      return objectToJsonSafe(value);
    default:
      // Functions and symbols have no JSON form; records never carry them.
      return String(value);
  }
}

function objectToJsonSafe(value: object): JsonValue {
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Set) return [...value].map(toJsonSafe);
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.every(([k]) => typeof k === 'string')) {
      return Object.fromEntries(entries.map(([k, v]) => [k as string, toJsonSafe(v)]));
    }
    return entries.map(([k, v]) => [toJsonSafe(k), toJsonSafe(v)]);
  }
  if ('toJSON' in value && typeof value.toJSON === 'function') return toJsonSafe((value.toJSON as () => unknown).call(value));
  const out: { [k: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonSafe(v);
  return out;
}
