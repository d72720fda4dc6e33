/**
 * Serdes with the byte layouts of Kafka's org.apache.kafka.common.serialization classes, so keys hash
 * to the partitions a Java producer would pick and values read like Java wrote them.
 * spec/serde.spec.ts checks the bytes against fixtures/partitioning/java-murmur2-partitions.json,
 * printed by the real kafka-clients serializers.
 */
import type { z } from 'zod';

/**
 * Kafka's Serializer + Deserializer pair. A null (or undefined) value serializes to null bytes and null
 * bytes deserialize to null, as every Kafka serializer does for tombstones. The static return type of
 * deserialize is T, like Java's Deserializer<T>: use a T that includes null where tombstones can arrive.
 */
export interface Serde<T> {
  readonly name: string;
  serialize(topic: string, value: T | null): Uint8Array | null;
  deserialize(topic: string, bytes: Uint8Array | null): T;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A JSON serde that checks values against a zod schema both ways; `validate` checks without encoding. */
export interface ZodJsonSerde<T> extends Serde<T> {
  readonly schema: z.ZodType<T>;
  validate(value: unknown): ValidationResult<T>;
}

/** Long accepts bigint as well as safe-integer numbers, like Java's long; it always reads back a number. */
export interface LongSerde extends Serde<number> {
  serialize(topic: string, value: number | bigint | null): Uint8Array | null;
}

export type SerdeOperation = 'serialize' | 'deserialize';

/** Bad input to a serde. `reason` is short and stable enough to put in a dead-letter header. */
export class SerdeError extends Error {
  override readonly name = 'SerdeError';
  readonly serde: string;
  readonly topic: string;
  readonly operation: SerdeOperation;
  readonly reason: string;

  constructor(details: { serde: string; topic: string; operation: SerdeOperation; reason: string; cause?: unknown }) {
    super(
      `${details.serde} serde could not ${details.operation} a record of topic "${details.topic}": ${details.reason}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.serde = details.serde;
    this.topic = details.topic;
    this.operation = details.operation;
    this.reason = details.reason;
  }
}

/** Thrown inside encoders/decoders; defineSerde adds the serde name, topic and operation. */
class Rejection extends Error {}

function reject(reason: string): never {
  throw new Rejection(reason);
}

/** Builds a serde from its non-null halves; Out differs from In only for Long (bigint in, number out). */
function defineSerde<In, Out = In>(
  name: string,
  encode: (value: In) => Uint8Array,
  decode: (bytes: Uint8Array) => Out,
): { readonly name: string; serialize(topic: string, value: In | null): Uint8Array | null; deserialize(topic: string, bytes: Uint8Array | null): Out } {
  const wrap = (operation: SerdeOperation, topic: string, error: unknown): SerdeError => {
    if (error instanceof SerdeError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new SerdeError({ serde: name, topic, operation, reason, cause: error instanceof Rejection ? undefined : error });
  };
  return Object.freeze({
    name,
    serialize(topic: string, value: In | null): Uint8Array | null {
      if (value === null || value === undefined) return null;
      try {
        return encode(value);
      } catch (error) {
        throw wrap('serialize', topic, error);
      }
    },
    deserialize(topic: string, bytes: Uint8Array | null): Out {
      // The one place the tombstone is typed as Out (see the Serde doc comment).
      if (bytes === null || bytes === undefined) return null as Out;
      if (!(bytes instanceof Uint8Array)) throw wrap('deserialize', topic, new Rejection(`expected bytes, got ${describeValue(bytes)}`));
      try {
        return decode(bytes);
      } catch (error) {
        throw wrap('deserialize', topic, error);
      }
    },
  });
}

/** A short description of a value for error messages (`"abc" (string)`, `42 (number)`, `3 bytes`). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)} (string)`;
  if (typeof value === 'bigint') return `${value}n (bigint)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${String(value)} (${typeof value})`;
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return Array.isArray(value) ? 'an array' : typeof value;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Same wording as Kafka's deserializers ("Size of data received by IntegerDeserializer is not 4"). */
function requireLength(bytes: Uint8Array, length: number, javaDeserializer: string): void {
  if (bytes.length !== length) {
    reject(`Size of data received by ${javaDeserializer} is not ${length} (got ${bytes.length} bytes)`);
  }
}

function requireIntegerIn(value: unknown, min: number, max: number, javaType: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reject(`expected an integer in [${min}, ${max}] (Java ${javaType}), got ${describeValue(value)}`);
  }
  return value;
}

function requireNumber(value: unknown): number {
  if (typeof value !== 'number') reject(`expected a number, got ${describeValue(value)}`);
  return value;
}

// ---- strings ----

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF, as Java's new String(bytes, UTF_8) does; malformed input becomes U+FFFD
// in both (StringDeserializer does not throw on it either).
const javaLikeDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
// A lenient decoder for JSON, whose parser would choke on a BOM.
const jsonDecoder = new TextDecoder('utf-8');

// A surrogate code unit without its partner. No `u` flag: this must match code units, not code points.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Java's String.getBytes(UTF_8) (used by StringSerializer) writes '?' for a lone surrogate; TextEncoder writes U+FFFD. */
function javaUtf8(s: string): Uint8Array {
  return encoder.encode(LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '?') : s);
}

const stringSerde = defineSerde<string>(
  'String',
  (value) => {
    if (typeof value !== 'string') reject(`expected a string, got ${describeValue(value)}`);
    return javaUtf8(value);
  },
  (bytes) => javaLikeDecoder.decode(bytes),
);

// ---- fixed-width numbers (all big-endian, as Kafka writes them) ----

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const TWO_POW_32 = 0x100000000;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const integerSerde = defineSerde<number>(
  'Integer',
  (value) => {
    const bytes = new Uint8Array(4);
    viewOf(bytes).setInt32(0, requireIntegerIn(value, INT32_MIN, INT32_MAX, 'int'));
    return bytes;
  },
  (bytes) => {
    requireLength(bytes, 4, 'IntegerDeserializer');
    return viewOf(bytes).getInt32(0);
  },
);

const shortSerde = defineSerde<number>(
  'Short',
  (value) => {
    const bytes = new Uint8Array(2);
    viewOf(bytes).setInt16(0, requireIntegerIn(value, -0x8000, 0x7fff, 'short'));
    return bytes;
  },
  (bytes) => {
    requireLength(bytes, 2, 'ShortDeserializer');
    return viewOf(bytes).getInt16(0);
  },
);

const longSerde: LongSerde = defineSerde<number | bigint, number>(
  'Long',
  (value) => {
    const bytes = new Uint8Array(8);
    const view = viewOf(bytes);
    if (typeof value === 'bigint') {
      if (value < INT64_MIN || value > INT64_MAX) reject(`expected a bigint in the Java long range, got ${describeValue(value)}`);
      view.setBigInt64(0, value);
    } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
      // Split into two 32-bit halves so the common number path allocates no BigInt.
      const high = Math.floor(value / TWO_POW_32);
      view.setInt32(0, high);
      view.setUint32(4, value - high * TWO_POW_32);
    } else {
      reject(`expected a safe integer number or a bigint (Java long), got ${describeValue(value)}`);
    }
    return bytes;
  },
  (bytes) => {
    requireLength(bytes, 8, 'LongDeserializer');
    const view = viewOf(bytes);
    // Exact whenever the result is a safe integer; anything else rounds to an unsafe value and is refused.
    const value = view.getInt32(0) * TWO_POW_32 + view.getUint32(4);
    if (!Number.isSafeInteger(value)) {
      reject(`${view.getBigInt64(0)} is outside JavaScript's safe integer range and cannot be read as a number`);
    }
    return value;
  },
);

const doubleSerde = defineSerde<number>(
  'Double',
  (value) => {
    const bytes = new Uint8Array(8);
    const view = viewOf(bytes);
    // DoubleSerializer uses doubleToLongBits, which writes every NaN as the canonical 0x7ff8000000000000.
    if (Number.isNaN(requireNumber(value))) view.setUint32(0, 0x7ff80000);
    else view.setFloat64(0, value);
    return bytes;
  },
  (bytes) => {
    // Kafka's DoubleDeserializer really says "Deserializer" here.
    requireLength(bytes, 8, 'Deserializer');
    return viewOf(bytes).getFloat64(0);
  },
);

/**
 * Numbers are rounded to the nearest float32, as a Java (float) cast would. FloatSerializer writes raw
 * bits, but a JS NaN is a double with no float payload to keep, so it is written as Float.NaN (0x7fc00000).
 */
const floatSerde = defineSerde<number>(
  'Float',
  (value) => {
    const bytes = new Uint8Array(4);
    const view = viewOf(bytes);
    if (Number.isNaN(requireNumber(value))) view.setUint32(0, 0x7fc00000);
    else view.setFloat32(0, value);
    return bytes;
  },
  (bytes) => {
    requireLength(bytes, 4, 'Deserializer');
    return viewOf(bytes).getFloat32(0);
  },
);

// ---- the rest ----

/** Kafka 3.x+ BooleanSerializer: one byte, 0x00 or 0x01; anything else is refused on read. */
const booleanSerde = defineSerde<boolean>(
  'Boolean',
  (value) => {
    if (typeof value !== 'boolean') reject(`expected a boolean, got ${describeValue(value)}`);
    // Fresh bytes each time, so a caller that mutates them cannot change later records.
    return new Uint8Array([value ? 1 : 0]);
  },
  (bytes) => {
    requireLength(bytes, 1, 'BooleanDeserializer');
    if (bytes[0] === 0) return false;
    if (bytes[0] === 1) return true;
    return reject(`Unexpected byte received by BooleanDeserializer: ${bytes[0]}`);
  },
);

/** ByteArraySerializer passes the array through untouched (no copy), so does this. */
const byteArraySerde = defineSerde<Uint8Array>(
  'ByteArray',
  (value) => {
    if (!(value instanceof Uint8Array)) reject(`expected a Uint8Array, got ${describeValue(value)}`);
    return value;
  },
  (bytes) => bytes,
);

/** VoidSerializer/VoidDeserializer: only null exists, any bytes are an error. */
const voidSerde = defineSerde<null>(
  'Void',
  (value) => reject(`expected null, got ${describeValue(value)}`),
  () => reject('Data should be null for a VoidDeserializer.'),
);

// Canonical 8-4-4-4-12 form. Java's UUID.fromString is laxer (e.g. "1-1-1-1-1"); we refuse such
// strings rather than guess how Java would widen them.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDSerializer writes UUID.toString(), which is lowercase; values read back lowercase too. */
const uuidSerde = defineSerde<string>(
  'Uuid',
  (value) => {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) reject(`expected a UUID string, got ${describeValue(value)}`);
    return encoder.encode(value.toLowerCase());
  },
  (bytes) => {
    const text = javaLikeDecoder.decode(bytes);
    if (!UUID_PATTERN.test(text)) reject(`Error parsing data into UUID: ${describeValue(text)}`);
    return text.toLowerCase();
  },
);

// ---- JSON ----

function encodeJson(value: unknown): Uint8Array {
  const text = JSON.stringify(value);
  // JSON.stringify returns undefined (not a string) for undefined, functions and symbols.
  if (text === undefined) reject(`${describeValue(value)} has no JSON form`);
  return encoder.encode(text);
}

function decodeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(jsonDecoder.decode(bytes)) as unknown;
  } catch (error) {
    return reject(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Unchecked JSON: the parsed value is trusted to be a T. Use ZodJson to check it. */
function jsonSerde<T>(): Serde<T> {
  return defineSerde<T>('Json', encodeJson, (bytes) => decodeJson(bytes) as T);
}

/** "items[0].price", "(root)" for the value itself. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

/**
 * JSON checked by a zod schema on both sides. The encoded value is the schema's parse result, so unknown
 * keys that the schema strips are not written. Keep schemas JSON-shaped: a one-way transform would make
 * the encoded form fail validation when read back.
 */
function zodJsonSerde<S extends z.ZodType>(schema: S, name = 'ZodJson'): ZodJsonSerde<z.output<S>> {
  type T = z.output<S>;
  const validate = (value: unknown): ValidationResult<T> => {
    const result = schema.safeParse(value);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, reason: `schema validation failed: ${formatIssues(result.error.issues)}` };
  };
  const mustValidate = (value: unknown): T => {
    const checked = validate(value);
    if (!checked.ok) reject(checked.reason);
    return checked.value;
  };
  const serde = defineSerde<T>(
    name,
    (value) => encodeJson(mustValidate(value)),
    (bytes) => mustValidate(decodeJson(bytes)),
  );
  return Object.freeze({ ...serde, schema: schema as z.ZodType<T>, validate });
}

/** Factories named after Kafka's org.apache.kafka.common.serialization.Serdes. Stateless, so shared. */
export const Serdes = Object.freeze({
  String: (): Serde<string> => stringSerde,
  Json: <T>(): Serde<T> => jsonSerde<T>(),
  Integer: (): Serde<number> => integerSerde,
  Long: (): LongSerde => longSerde,
  Double: (): Serde<number> => doubleSerde,
  Float: (): Serde<number> => floatSerde,
  Short: (): Serde<number> => shortSerde,
  ByteArray: (): Serde<Uint8Array> => byteArraySerde,
  Void: (): Serde<null> => voidSerde,
  /** Alias of Void. */
  Null: (): Serde<null> => voidSerde,
  Boolean: (): Serde<boolean> => booleanSerde,
  Uuid: (): Serde<string> => uuidSerde,
  ZodJson: zodJsonSerde,
});
