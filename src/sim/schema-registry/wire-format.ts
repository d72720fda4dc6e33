/**
 * Confluent's wire format for schema-registry serdes: a magic byte 0, the schema id as a 4-byte big-endian int, then
 * the payload. Protobuf payloads start with the message-index path (which message of the .proto file), written as
 * Kafka's zig-zag varints: the count, then each index; the common path [0] is written as a single 0 (count 0).
 * Failures throw SerdeError with the serde's name, topic and operation, so callers can dead-letter them.
 */
import { SerdeError, type SerdeOperation } from '../serde.js';
import type { RegisteredSchema, SchemaById, SchemaRegistryClient, SchemaType } from './types.js';

export const MAGIC_BYTE = 0;
/** Magic byte + schema id. */
export const HEADER_SIZE = 5;

/** Who is framing or unframing, for error messages. */
export interface WireContext {
  readonly serde: string;
  readonly topic: string;
  readonly operation: SerdeOperation;
}

export function wireError(context: WireContext, reason: string, cause?: unknown): SerdeError {
  return new SerdeError({ ...context, reason, cause });
}

/** Header + payload in one fresh array. */
export function frame(schemaId: number, payload: Uint8Array, context: WireContext): Uint8Array {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw wireError(context, `schema id ${schemaId} is not a non-negative 32-bit integer`);
  }
  const bytes = new Uint8Array(HEADER_SIZE + payload.length);
  bytes[0] = MAGIC_BYTE;
  new DataView(bytes.buffer).setInt32(1, schemaId);
  bytes.set(payload, HEADER_SIZE);
  return bytes;
}

export interface Unframed {
  readonly schemaId: number;
  /** A view into the input (no copy). */
  readonly payload: Uint8Array;
}

/** Splits framed bytes; a short buffer or a magic byte other than 0 is an error (Confluent: "Unknown magic byte!"). */
export function unframe(bytes: Uint8Array, context: WireContext): Unframed {
  if (bytes.length < HEADER_SIZE) {
    throw wireError(context, `${bytes.length} bytes is too short for the ${HEADER_SIZE}-byte schema-registry header (magic byte + schema id)`);
  }
  if (bytes[0] !== MAGIC_BYTE) {
    throw wireError(context, `Unknown magic byte ${bytes[0]} (expected ${MAGIC_BYTE}): not written by a schema-registry serializer`);
  }
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1);
  return { schemaId, payload: bytes.subarray(HEADER_SIZE) };
}

/** The schema with this id, or a SerdeError naming the id (the registry's own error is kept as the cause). */
export function fetchSchema(registry: SchemaRegistryClient, schemaId: number, context: WireContext): SchemaById {
  try {
    return registry.schemaById(schemaId);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw wireError(context, `unknown schema id ${schemaId}${detail}`, error);
  }
}

// ---- Kafka's ByteUtils varints (zig-zag, at most 5 bytes for an int) ----

/** Appends the zig-zag varint of a 32-bit int. */
export function writeVarint(value: number, out: number[]): void {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

export interface VarintRead {
  readonly value: number;
  /** Offset just after the varint. */
  readonly offset: number;
}

export function readVarint(bytes: Uint8Array, offset: number, context: WireContext): VarintRead {
  let raw = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[offset + i];
    if (b === undefined) throw wireError(context, `varint at offset ${offset} runs past the end of the ${bytes.length}-byte buffer`);
    raw |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) {
      raw >>>= 0;
      return { value: (raw >>> 1) ^ -(raw & 1), offset: offset + i + 1 };
    }
  }
  throw wireError(context, `varint at offset ${offset} is longer than 5 bytes`);
}

// ---- Protobuf message indexes ----

/** The message-index path: [0] is the file's first message, [1, 0] the first nested message of the second... */
export function encodeMessageIndexes(indexes: readonly number[], context: WireContext): Uint8Array {
  if (indexes.length === 0) throw wireError(context, 'a message-index path needs at least one index');
  for (const index of indexes) {
    if (!Number.isInteger(index) || index < 0 || index > 0x7fffffff) {
      throw wireError(context, `message index ${index} is not a non-negative 32-bit integer`);
    }
  }
  const out: number[] = [];
  // Confluent's shortcut: the first message alone is a bare 0, i.e. an empty list.
  if (indexes.length === 1 && indexes[0] === 0) {
    writeVarint(0, out);
  } else {
    writeVarint(indexes.length, out);
    for (const index of indexes) writeVarint(index, out);
  }
  return Uint8Array.from(out);
}

export interface MessageIndexesRead {
  readonly indexes: readonly number[];
  /** Offset of the Protobuf payload after the indexes. */
  readonly offset: number;
}

/** Reads the path that starts at `offset` (the byte after the 5-byte header, in a whole record). */
export function decodeMessageIndexes(bytes: Uint8Array, offset: number, context: WireContext): MessageIndexesRead {
  const count = readVarint(bytes, offset, context);
  if (count.value === 0) return { indexes: [0], offset: count.offset };
  if (count.value < 0) throw wireError(context, `negative message-index count ${count.value}`);
  // Each index takes at least a byte: a count beyond the bytes left is corrupt, not a reason to allocate.
  if (count.value > bytes.length - count.offset) {
    throw wireError(context, `message-index count ${count.value} exceeds the ${bytes.length - count.offset} bytes left`);
  }
  const indexes: number[] = [];
  let next = count.offset;
  for (let i = 0; i < count.value; i++) {
    const read = readVarint(bytes, next, context);
    if (read.value < 0) throw wireError(context, `negative message index ${read.value}`);
    indexes.push(read.value);
    next = read.offset;
  }
  return { indexes, offset: next };
}

/**
 * The schema a serializer writes a subject's records with, as Confluent's serializers pick it: its own schema,
 * registered under the subject (auto.register.schemas), or, without one or with registration off, the subject's
 * latest version (use.latest.version). `latest` is set in the second case, for the caller to parse.
 */
export function writerSchemaId(
  registry: SchemaRegistryClient,
  subject: string,
  own: { readonly schemaType: SchemaType; readonly schema: string } | undefined,
  autoRegister: boolean,
  context: WireContext,
): { readonly id: number; readonly latest?: RegisteredSchema } {
  const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  if (autoRegister && own !== undefined) {
    try {
      return { id: registry.register(subject, own) };
    } catch (error) {
      throw wireError(context, `could not register the schema under subject "${subject}": ${reason(error)}`, error);
    }
  }
  try {
    const latest = registry.latest(subject);
    return { id: latest.id, latest };
  } catch (error) {
    throw wireError(context, `no schema under subject "${subject}" (autoRegister is off): ${reason(error)}`, error);
  }
}
