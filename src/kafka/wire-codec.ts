/**
 * Typed keys and values as bytes on a real cluster, and back. The simulator keeps typed values in its topics; on
 * Kafka a record is bytes, so a topology running there (src/kafka/kafka-streams-app.ts) writes what it produces
 * this way and reads its inputs (gen --to's records included) the same way:
 *
 * - a key is the bytes the simulator hashes to pick its partition (`defaultKeyBytes`: a string is its UTF-8, as
 *   Kafka's StringSerializer writes it; anything else its stable JSON text), so keys land where the simulator puts
 *   them; a key that is not a string says what it is in a `streamsim.key` header (`bytes`, or `json:` and its JSON),
 *   so that it reads back typed;
 * - a value is its JSON (what gen --to writes), or its own bytes with a `streamsim.value: bytes` header; JSON has no
 *   bigint nor bytes, so those are written as a number and base64 text, and a `streamsim.value.types` header
 *   (`streamsim.key.types` for keys) gives their paths and exact text to read them back typed;
 * - a null value is a tombstone (null bytes);
 * - a topic whose configuration names a key or value serde (TopicConfig) uses that serde instead, without a header.
 *
 * The streamsim.* headers are removed when a record is read back.
 */
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { defaultKeyBytes } from '../sim/key-id.js';
import { NO_HEADERS, type Header, type Headers } from '../sim/record.js';
import type { Serde } from '../sim/serde.js';
import { Decimal, JsonNumber } from '../sql/values.js';

export const KEY_FORMAT_HEADER = 'streamsim.key';
export const VALUE_FORMAT_HEADER = 'streamsim.value';
/** Where a key's or value's JSON holds a bigint or bytes (JSON has neither): their paths and exact text. */
export const KEY_TYPES_HEADER = 'streamsim.key.types';
export const VALUE_TYPES_HEADER = 'streamsim.value.types';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A leaf JSON cannot hold: its path (object keys and array indexes), its type and its exact text. */
type Special = [path: (string | number)[], type: string, text: string];

/**
 * The typed leaves JSON has no form for: what the payload holds instead (a number, text) and the exact text the
 * types header keeps. Besides bigint and bytes, the SQL layer's exact numbers travel through topics (a COUNT
 * is a JsonNumber, a DECIMAL a Decimal), so they are here too.
 */
const WIRE_TYPES: readonly { name: string; is(v: unknown): boolean; payload(v: never): unknown; text(v: never): string; read(text: string): unknown }[] = [
  { name: 'bigint', is: (v) => typeof v === 'bigint', payload: (v: bigint) => Number(v), text: (v: bigint) => v.toString(), read: (t) => BigInt(t) },
  {
    name: 'bytes',
    is: (v) => v instanceof Uint8Array,
    payload: (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'),
    text: (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'),
    read: (t) => new Uint8Array(Buffer.from(t, 'base64')),
  },
  { name: 'json-number', is: (v) => v instanceof JsonNumber, payload: (v: JsonNumber) => v.toNumber(), text: (v: JsonNumber) => v.text, read: (t) => new JsonNumber(t) },
  {
    name: 'decimal',
    is: (v) => v instanceof Decimal,
    payload: (v: Decimal) => v.toNumber(),
    text: (v: Decimal) => `${v.unscaled}e-${v.scale}`,
    read: (t) => {
      const [unscaled, scale] = t.split('e-') as [string, string];
      return new Decimal(BigInt(unscaled), Number(scale));
    },
  },
];

const wireTypeOf = (v: unknown) => (v === null || (typeof v !== 'object' && typeof v !== 'bigint') ? undefined : WIRE_TYPES.find((t) => t.is(v)));

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasSpecial(v: unknown): boolean {
  if (wireTypeOf(v) !== undefined) return true;
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasSpecial);
  return isPlainObject(v) && Object.values(v).some(hasSpecial);
}

/** The value with bigints as JSON numbers and bytes as base64 text, each noted in `specials` with its exact text. */
function jsonSafe(v: unknown, path: (string | number)[], specials: Special[]): unknown {
  const type = wireTypeOf(v);
  if (type !== undefined) {
    specials.push([path, type.name, type.text(v as never)]);
    return type.payload(v as never);
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => jsonSafe(x, [...path, i], specials));
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x, [...path, k], specials);
  return out;
}

/** JSON text of a value, and the header that restores its bigints and bytes (null when it has none). */
function toJson(value: unknown): { text: string; types: string | null } {
  if (!hasSpecial(value)) return { text: JSON.stringify(value), types: null };
  const specials: Special[] = [];
  const safe = jsonSafe(value, [], specials);
  return { text: JSON.stringify(safe), types: JSON.stringify(specials) };
}

function fromJson(text: string, types: string | undefined): unknown {
  let value = JSON.parse(text) as unknown;
  if (types === undefined) return value;
  for (const [path, type, exact] of JSON.parse(types) as Special[]) {
    const wireType = WIRE_TYPES.find((t) => t.name === type);
    if (wireType === undefined) throw new TypeError(`a record's ${VALUE_TYPES_HEADER} header names an unknown type '${type}'`);
    const leaf = wireType.read(exact);
    if (path.length === 0) {
      value = leaf;
      continue;
    }
    let holder = value as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) holder = holder[seg] as Record<string | number, unknown>;
    holder[path[path.length - 1]!] = leaf;
  }
  return value;
}

/** Bytes as a Buffer over the same memory (kafkajs takes Buffers). */
export function asBuffer(bytes: Uint8Array | null): Buffer | null {
  if (bytes === null) return null;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** One record on its way to Kafka, in the shape kafkajs' Message takes. */
export interface EncodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
}

/** The serdes a topic's configuration names (the simulator's TopicConfig keySerde / valueSerde). */
export interface TopicSerdes {
  readonly keySerde?: Serde<unknown> | undefined;
  readonly valueSerde?: Serde<unknown> | undefined;
}

/** kafkajs' headers object: a key that repeats becomes an array, in order; a null header value has no form there. */
function wireHeaders(headers: Headers, extra: readonly [string, string][]): IHeaders | undefined {
  if (headers.length === 0 && extra.length === 0) return undefined;
  const out: IHeaders = {};
  const add = (key: string, v: Buffer | string): void => {
    const prev = out[key];
    out[key] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev as Buffer | string]), v];
  };
  for (const h of headers) {
    if (h.value === null) continue;
    add(h.key, typeof h.value === 'string' ? h.value : asBuffer(h.value)!);
  }
  for (const [k, v] of extra) add(k, v);
  return out;
}

export function encodeRecord(topic: string, key: unknown, value: unknown, headers: Headers, serdes: TopicSerdes = {}): EncodedRecord {
  const extra: [string, string][] = [];
  let keyBytes: Uint8Array | null;
  if (serdes.keySerde !== undefined) keyBytes = serdes.keySerde.serialize(topic, key);
  else {
    // the bytes the simulator hashes (a bigint's digits, an object's stable JSON), so that partitions agree
    keyBytes = defaultKeyBytes(key);
    if (key instanceof Uint8Array) extra.push([KEY_FORMAT_HEADER, 'bytes']);
    else if (keyBytes !== null && typeof key !== 'string') {
      // those bytes are not always JSON (a bigint inside is `5n`): the key reads back from its JSON in the header
      const { text, types } = toJson(key);
      extra.push([KEY_FORMAT_HEADER, `json:${text}`]);
      if (types !== null) extra.push([KEY_TYPES_HEADER, types]);
    }
  }
  let valueBytes: Uint8Array | null;
  if (serdes.valueSerde !== undefined) valueBytes = serdes.valueSerde.serialize(topic, value);
  else if (value instanceof Uint8Array) {
    valueBytes = value;
    extra.push([VALUE_FORMAT_HEADER, 'bytes']);
  } else if (value === null || value === undefined) valueBytes = null;
  else {
    const { text, types } = toJson(value);
    valueBytes = encoder.encode(text);
    if (types !== null) extra.push([VALUE_TYPES_HEADER, types]);
  }
  return { key: asBuffer(keyBytes), value: asBuffer(valueBytes), headers: wireHeaders(headers, extra) };
}

/** A record read from Kafka: typed key and value, the record's own headers (streamsim.* removed). */
export interface DecodedRecord {
  readonly key: unknown;
  readonly value: unknown;
  readonly headers: Headers;
}

function headerText(v: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined ? undefined : typeof last === 'string' ? last : last.toString('utf8');
}

export function decodeRecord(topic: string, m: Pick<KafkaMessage, 'key' | 'value' | 'headers'>, serdes: TopicSerdes = {}): DecodedRecord {
  const raw = m.headers ?? {};
  const headers: Header[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k === KEY_FORMAT_HEADER || k === VALUE_FORMAT_HEADER || k === KEY_TYPES_HEADER || k === VALUE_TYPES_HEADER || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.push({ key: k, value: typeof one === 'string' ? one : new Uint8Array(one.buffer, one.byteOffset, one.byteLength) });
  }
  let key: unknown;
  const keyBytes = m.key ?? null;
  if (serdes.keySerde !== undefined) key = serdes.keySerde.deserialize(topic, keyBytes);
  else if (keyBytes === null) key = null;
  else {
    const format = headerText(raw[KEY_FORMAT_HEADER]);
    if (format === 'bytes') key = new Uint8Array(keyBytes);
    else if (format?.startsWith('json:') === true) key = fromJson(format.slice('json:'.length), headerText(raw[KEY_TYPES_HEADER]));
    else key = decoder.decode(keyBytes);
  }
  let value: unknown;
  const valueBytes = m.value ?? null;
  if (serdes.valueSerde !== undefined) value = serdes.valueSerde.deserialize(topic, valueBytes);
  else if (valueBytes === null) value = null;
  else if (headerText(raw[VALUE_FORMAT_HEADER]) === 'bytes') value = new Uint8Array(valueBytes);
  else value = fromJson(decoder.decode(valueBytes), headerText(raw[VALUE_TYPES_HEADER]));
  return { key, value, headers: headers.length === 0 ? NO_HEADERS : headers };
}
