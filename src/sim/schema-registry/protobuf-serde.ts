/**
 * Protobuf in Confluent's wire format (magic 0, schema id, message-index path, Protobuf binary), like
 * KafkaProtobufSerializer / KafkaProtobufDeserializer over the in-process registry, and PROTOBUF_NOSR (ksqlDB's
 * plain Protobuf bytes, no header). The .proto text is parsed with protobufjs; encoding and decoding are ours
 * (protobuf-codec.ts), field by field, so that the bytes are protobuf-java's (spec/interop/protobuf-java.spec.ts).
 *
 * In memory, a message is a plain object with the .proto's field names (as written, not camelCased):
 * - int32, uint32, sint32, fixed32, sfixed32, float, double: number. 64-bit integers: a number when safe, else a
 *   bigint (either is accepted on write). bool: boolean. string: string. bytes: Uint8Array (a fresh copy on read).
 * - enum: the value's name; a number not named by the enum (proto3 enums are open) reads as that number.
 * - repeated: an array; map: a plain object keyed by the key's text ("true", "-3", "18446744073709551615").
 * - a message field that is unset reads as null (null or absent is accepted on write).
 * - proto3 scalars without presence read as their defaults when unset (0, "", false, empty bytes, the enum's
 *   first name), as Confluent's Java deserializer gives them (its DynamicMessage getters do); writing a default
 *   writes nothing, as Java does.
 * - fields with presence (oneof members, proto3 `optional`, proto2 optional) are absent from the object when unset.
 *   Setting two members of one oneof is refused.
 * Not supported: schema references / imports (so no google.protobuf well-known types such as Timestamp), proto2
 * groups and extensions, proto2 custom defaults. Unknown fields on read are skipped, as Java keeps them aside.
 */
import protobuf from 'protobufjs';
import { describeValue, SerdeError, type Serde, type SerdeOperation } from '../serde.js';
import { decodeProto, encodeProto, fullName } from './protobuf-codec.js';
import type { RegisteredSchema, SchemaRegistryClient } from './types.js';
import { decodeMessageIndexes, encodeMessageIndexes, fetchSchema, frame, unframe, wireError, writerSchemaId, type WireContext } from './wire-format.js';
import type { SubjectNameStrategy } from './avro-serde.js';

export interface ProtobufSerdeOptions {
  readonly registry: SchemaRegistryClient;
  /** The .proto text to write with. Optional with autoRegister: false and TopicNameStrategy. */
  readonly schema?: string;
  /** The message type to write (full name, "pkg.Outer.Inner" or without the package); the file's first by default. */
  readonly messageName?: string;
  readonly isKey?: boolean;
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** false: never register; write with the subject's latest schema (Confluent's use.latest.version). */
  readonly autoRegister?: boolean;
  /** Serde name in errors; 'Protobuf' by default. */
  readonly name?: string;
}

export interface ProtobufNoSrSerdeOptions {
  readonly schema: string;
  readonly messageName?: string;
  /** Serde name in errors; 'PROTOBUF_NOSR' by default. */
  readonly name?: string;
}

// ---- parsed files ----

export interface ProtoFile {
  readonly root: protobuf.Root;
  /** The top-level messages, in declaration order: the first message-index step. */
  readonly topLevel: readonly protobuf.Type[];
}

function nestedTypes(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
}

export function parseProto(text: string): ProtoFile {
  const parsed = protobuf.parse(text, { keepCase: true });
  parsed.root.resolveAll();
  const ns = parsed.package === undefined ? parsed.root : parsed.root.lookup(parsed.package);
  if (!(ns instanceof protobuf.Namespace) && !(ns instanceof protobuf.Root)) throw new Error(`package ${parsed.package} not found`);
  const topLevel = nestedTypes(ns);
  if (topLevel.length === 0) throw new Error('the .proto file declares no message');
  return { root: parsed.root, topLevel };
}

function pickMessage(file: ProtoFile, messageName: string | undefined): protobuf.Type {
  if (messageName === undefined) return file.topLevel[0] as protobuf.Type;
  const found = file.root.lookup(messageName.startsWith('.') ? messageName : `.${messageName}`) ?? file.topLevel[0]?.parent?.lookup(messageName);
  if (!(found instanceof protobuf.Type)) throw new Error(`no message ${messageName} in the .proto file`);
  return found;
}

/**
 * The type's path in its file: its index among its parent's messages, from the top. Map-entry types do not count:
 * Confluent's ProtobufSchema puts them after the declared nested messages, and protobufjs keeps none.
 */
export function messageIndexes(file: ProtoFile, type: protobuf.Type): number[] {
  const path: number[] = [];
  let current: protobuf.Type = type;
  for (;;) {
    const parent = current.parent;
    if (parent instanceof protobuf.Type) {
      path.unshift(nestedTypes(parent).indexOf(current));
      current = parent;
    } else {
      path.unshift(file.topLevel.indexOf(current));
      return path;
    }
  }
}

function typeAtIndexes(file: ProtoFile, indexes: readonly number[]): protobuf.Type | undefined {
  let list: readonly protobuf.Type[] = file.topLevel;
  let type: protobuf.Type | undefined;
  for (const index of indexes) {
    type = list[index];
    if (type === undefined) return undefined;
    list = nestedTypes(type);
  }
  return type;
}

// ---- the serdes ----

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Writer {
  readonly id: number;
  readonly type: protobuf.Type;
  readonly indexes: Uint8Array;
}

export function protobufSerde(options: ProtobufSerdeOptions): Serde<unknown> {
  const serdeName = options.name ?? 'Protobuf';
  const registry = options.registry;
  const strategy = options.subjectNameStrategy ?? 'TopicNameStrategy';
  const isKey = options.isKey ?? false;
  const autoRegister = options.autoRegister ?? true;

  let own: { file: ProtoFile; type: protobuf.Type; text: string } | undefined;
  if (options.schema !== undefined) {
    try {
      const file = parseProto(options.schema);
      own = { file, type: pickMessage(file, options.messageName), text: options.schema.trim() };
    } catch (error) {
      throw new Error(`protobufSerde: invalid schema: ${messageOf(error)}`, { cause: error });
    }
  }
  if (own === undefined && autoRegister) throw new Error('protobufSerde: a schema is needed to register (or set autoRegister: false)');
  if (own === undefined && strategy !== 'TopicNameStrategy') throw new Error(`protobufSerde: ${strategy} needs the schema for its message name`);

  const filesById = new Map<number, ProtoFile>();
  const writers = new Map<string, Writer>();

  const fileForId = (id: number, ctx: WireContext, known?: RegisteredSchema): ProtoFile => {
    let file = filesById.get(id);
    if (file !== undefined) return file;
    const schema = known ?? fetchSchema(registry, id, ctx);
    if (schema.schemaType !== 'PROTOBUF') throw wireError(ctx, `schema id ${id} is a ${schema.schemaType} schema, not PROTOBUF`);
    if (schema.references.length > 0) throw wireError(ctx, `schema id ${id} has references (imports), which this serde does not resolve`);
    try {
      file = parseProto(schema.schema);
    } catch (error) {
      throw wireError(ctx, `schema id ${id} cannot be parsed: ${messageOf(error)}`, error);
    }
    filesById.set(id, file);
    return file;
  };

  const writerFor = (topic: string, ctx: WireContext): Writer => {
    const recordName = own === undefined ? '' : fullName(own.type);
    const subject = strategy === 'TopicNameStrategy' ? `${topic}-${isKey ? 'key' : 'value'}` : strategy === 'RecordNameStrategy' ? recordName : `${topic}-${recordName}`;
    let writer = writers.get(subject);
    if (writer !== undefined) return writer;
    const chosen = writerSchemaId(registry, subject, own === undefined ? undefined : { schemaType: 'PROTOBUF', schema: own.text }, autoRegister, ctx);
    const id = chosen.id;
    let file: ProtoFile;
    if (chosen.latest === undefined) {
      file = own!.file;
      if (!filesById.has(id)) filesById.set(id, file);
    } else {
      file = fileForId(id, ctx, chosen.latest);
    }
    let type: protobuf.Type;
    try {
      type = file === own?.file ? own.type : pickMessage(file, options.messageName ?? (own === undefined ? undefined : fullName(own.type)));
    } catch (error) {
      throw wireError(ctx, `schema id ${id}: ${messageOf(error)}`, error);
    }
    writer = { id, type, indexes: encodeMessageIndexes(messageIndexes(file, type), ctx) };
    writers.set(subject, writer);
    return writer;
  };

  const context = (topic: string, operation: SerdeOperation): WireContext => ({ serde: serdeName, topic, operation });

  return Object.freeze({
    name: serdeName,
    serialize(topic: string, value: unknown): Uint8Array | null {
      if (value === null || value === undefined) return null;
      const ctx = context(topic, 'serialize');
      const writer = writerFor(topic, ctx);
      let payload: Uint8Array;
      try {
        payload = encodeProto(writer.type, value);
      } catch (error) {
        throw wireError(ctx, `schema id ${writer.id}, ${fullName(writer.type)}: ${messageOf(error)}`, error);
      }
      const body = new Uint8Array(writer.indexes.length + payload.length);
      body.set(writer.indexes, 0);
      body.set(payload, writer.indexes.length);
      return frame(writer.id, body, ctx);
    },
    deserialize(topic: string, bytes: Uint8Array | null): unknown {
      if (bytes === null || bytes === undefined) return null;
      const ctx = context(topic, 'deserialize');
      if (!(bytes instanceof Uint8Array)) throw wireError(ctx, `expected bytes, got ${describeValue(bytes)}`);
      const { schemaId, payload } = unframe(bytes, ctx);
      const { indexes, offset } = decodeMessageIndexes(payload, 0, ctx);
      const file = fileForId(schemaId, ctx);
      const type = typeAtIndexes(file, indexes);
      if (type === undefined) throw wireError(ctx, `schema id ${schemaId} has no message at index path [${indexes.join(', ')}]`);
      try {
        return decodeProto(type, payload.subarray(offset));
      } catch (error) {
        throw wireError(ctx, `schema id ${schemaId}, ${fullName(type)}: ${messageOf(error)}`, error);
      }
    },
  });
}

/** ksqlDB's PROTOBUF_NOSR: the message's Protobuf binary alone, read with the same .proto. */
export function protobufNoSrSerde(options: ProtobufNoSrSerdeOptions): Serde<unknown> {
  const serdeName = options.name ?? 'PROTOBUF_NOSR';
  let type: protobuf.Type;
  try {
    type = pickMessage(parseProto(options.schema), options.messageName);
  } catch (error) {
    throw new Error(`protobufNoSrSerde: invalid schema: ${messageOf(error)}`, { cause: error });
  }
  const wrap = (topic: string, operation: SerdeOperation, error: unknown): SerdeError =>
    new SerdeError({ serde: serdeName, topic, operation, reason: `${fullName(type)}: ${messageOf(error)}`, cause: error });
  return Object.freeze({
    name: serdeName,
    serialize(topic: string, value: unknown): Uint8Array | null {
      if (value === null || value === undefined) return null;
      try {
        return encodeProto(type, value);
      } catch (error) {
        throw wrap(topic, 'serialize', error);
      }
    },
    deserialize(topic: string, bytes: Uint8Array | null): unknown {
      if (bytes === null || bytes === undefined) return null;
      if (!(bytes instanceof Uint8Array)) throw new SerdeError({ serde: serdeName, topic, operation: 'deserialize', reason: `expected bytes, got ${describeValue(bytes)}` });
      try {
        return decodeProto(type, bytes);
      } catch (error) {
        throw wrap(topic, 'deserialize', error);
      }
    },
  });
}
