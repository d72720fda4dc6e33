/**
 * Avro in Confluent's wire format (magic 0, schema id, Avro binary), like KafkaAvroSerializer / KafkaAvroDeserializer
 * over the in-process registry. Writing registers the schema under the subject (or, with autoRegister: false, writes
 * with the subject's latest schema, as use.latest.version does); reading parses the writer schema named by the id
 * (once per id) and resolves it to the reader schema when one is given, filling the reader's defaults.
 *
 * In memory, values are plain JSON-like data with the schema's field names:
 * - record: a plain object; a missing field takes its default, or null if its type allows null.
 * - int, float, double: number. long: a number when it is a safe integer, a bigint beyond 2^53 (either is accepted
 *   on write). bytes, fixed: Uint8Array (read back as a fresh copy). enum, string: string. map: plain object.
 * - union of null and one type (either order): null or the bare value, as Java's serializer writes it.
 * - union with two or more non-null types: null, or Avro's JSON-encoding wrapper `{ "<branch>": value }`, the
 *   branch named by its full name for named types ("com.acme.Card") or its type ("string", "long", "bytes"). Never
 *   inferred: `{ "string": "x" }` is unambiguous for every legal union, inference is not (two records, int vs long).
 * - decimal (bytes or fixed): `{ unscaled: bigint, scale: number }`, or what the `decimal` option maps it to; a
 *   value whose scale is not the schema's, or with more digits than its precision, is refused (Java does too).
 * - uuid: string, checked to be 8-4-4-4-12 hex on write.
 * - date: int days since 1970-01-01; time-millis: int ms after midnight; timestamp-millis: epoch ms; time-micros
 *   and timestamp-micros: µs. The long-based ones follow the long rule: numbers (time-micros always fits; epoch µs
 *   until year 2255), a bigint only beyond 2^53. Other logical types read as their underlying type.
 * Trailing bytes after the Avro datum are refused (Java ignores them; here they mean the wrong schema was used).
 * Schema references are resolved only when they name a subject's latest version (the client API has no other).
 * A subject's id is looked up once per serde and topic, and each id's schema parsed once (Java caches both too).
 */
import avro from 'avsc';
import { describeValue, type Serde, type SerdeOperation } from '../serde.js';
import { AvroValueError, defaultDecimalMapping, makeDecimalType, typeHook, UuidType, type AvroDecimalMapping } from './avro-logical-types.js';

export { defaultDecimalMapping, type AvroDecimalMapping } from './avro-logical-types.js';
import type { RegisteredSchema, SchemaById, SchemaRegistryClient } from './types.js';
import { fetchSchema, frame, unframe, wireError, writerSchemaId, type WireContext } from './wire-format.js';

export type SubjectNameStrategy = 'TopicNameStrategy' | 'RecordNameStrategy' | 'TopicRecordNameStrategy';

export interface AvroSerdeOptions {
  readonly registry: SchemaRegistryClient;
  /** The writer schema (Avro JSON text or object). Optional with autoRegister: false and TopicNameStrategy. */
  readonly schema?: string | object;
  /** Read into this schema (schema resolution); without it values read as the writer schema has them. */
  readonly readerSchema?: string | object;
  /** TopicNameStrategy's `<topic>-key` rather than `<topic>-value`. */
  readonly isKey?: boolean;
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** false: never register; write with the subject's latest schema (Confluent's use.latest.version). */
  readonly autoRegister?: boolean;
  readonly decimal?: AvroDecimalMapping;
  /** Serde name in errors; 'Avro' by default. */
  readonly name?: string;
}

/** Confluent's subject for a topic under a strategy; the record strategies need the schema's full name. */
export function subjectName(strategy: SubjectNameStrategy, topic: string, isKey: boolean, recordFullName: string | undefined): string {
  if (strategy === 'TopicNameStrategy') return `${topic}-${isKey ? 'key' : 'value'}`;
  if (recordFullName === undefined) throw new Error(`${strategy} needs a named (record) schema`);
  return strategy === 'RecordNameStrategy' ? recordFullName : `${topic}-${recordFullName}`;
}



// ---- between avsc's values and plain ones ----

/**
 * Per avsc type, the conversions between the in-memory convention and what avsc reads and writes (Record instances,
 * Buffers, wrapped unions). An identity flag lets a parent skip a subtree with nothing to convert.
 */
interface Codec {
  identityWrite: boolean;
  identityRead: boolean;
  toAvro(value: unknown): unknown;
  fromAvro(value: unknown): unknown;
}

const identity = (value: unknown): unknown => value;
const IDENTITY: Codec = Object.freeze({ identityWrite: true, identityRead: true, toAvro: identity, fromAvro: identity });

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileCodec(type: avro.Type, memo: Map<avro.Type, Codec>): Codec {
  const known = memo.get(type);
  if (known !== undefined) return known;
  const name = type.typeName;
  if (name === 'bytes' || name === 'fixed') {
    const codec: Codec = {
      identityWrite: false,
      identityRead: false,
      toAvro: (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v),
      fromAvro: (v) => new Uint8Array(v as Buffer),
    };
    memo.set(type, codec);
    return codec;
  }
  if (name === 'record' || name === 'error') return compileRecord(type as avro.types.RecordType, memo);
  if (name === 'array') {
    const items = compileCodec((type as avro.types.ArrayType).itemsType, memo);
    const codec: Codec = {
      identityWrite: items.identityWrite,
      identityRead: items.identityRead,
      toAvro: (v) => (Array.isArray(v) ? v.map((item) => items.toAvro(item)) : v),
      fromAvro: (v) => (v as unknown[]).map((item) => items.fromAvro(item)),
    };
    memo.set(type, codec);
    return codec;
  }
  if (name === 'map') {
    const values = compileCodec((type as avro.types.MapType).valuesType as avro.Type, memo);
    const mapValues = (v: unknown, f: (x: unknown) => unknown): unknown => {
      if (!isPlainRecord(v)) return v;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) out[key] = f(v[key]);
      return out;
    };
    const codec: Codec = {
      identityWrite: values.identityWrite,
      identityRead: values.identityRead,
      toAvro: (v) => mapValues(v, (x) => values.toAvro(x)),
      fromAvro: (v) => mapValues(v, (x) => values.fromAvro(x)),
    };
    memo.set(type, codec);
    return codec;
  }
  if (name === 'union:wrapped') return compileUnion(type as avro.types.WrappedUnionType, memo);
  // Primitives, enums, our longs and logical types (which already map their own values).
  return IDENTITY;
}

function compileRecord(type: avro.types.RecordType, memo: Map<avro.Type, Codec>): Codec {
  // Registered before the fields, for recursive records; identityWrite stays false while in progress.
  const codec: Codec = { identityWrite: false, identityRead: false, toAvro: identity, fromAvro: identity };
  memo.set(type, codec);
  const fields = type.fields.map((field) => ({
    name: field.name,
    codec: compileCodec(field.type, memo),
    hasDefault: field.defaultValue() !== undefined,
  }));
  codec.fromAvro = (v) => {
    const record = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const value = record[field.name];
      out[field.name] = field.codec.identityRead ? value : field.codec.fromAvro(value);
    }
    return out;
  };
  if (fields.every((field) => field.codec.identityWrite)) {
    codec.identityWrite = true;
    return codec;
  }
  codec.toAvro = (v) => {
    if (!isPlainRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const value = v[field.name];
      // avsc writes the default for an undefined field; otherwise the field's codec decides (null for unions).
      out[field.name] = value === undefined && field.hasDefault ? undefined : field.codec.toAvro(value);
    }
    return out;
  };
  return codec;
}

function compileUnion(type: avro.types.WrappedUnionType, memo: Map<avro.Type, Codec>): Codec {
  const branches = type.types.filter((t) => t.typeName !== 'null');
  const codecs = new Map(branches.map((t) => [t.branchName as string, compileCodec(t, memo)]));
  const only = branches.length === 1 ? branches[0] : undefined;
  if (only !== undefined) {
    // null and one type: unwrapped in memory.
    const branch = only.branchName as string;
    const inner = codecs.get(branch) as Codec;
    const codec: Codec = {
      identityWrite: false,
      identityRead: false,
      toAvro: (v) => (v === null || v === undefined ? null : { [branch]: inner.toAvro(v) }),
      fromAvro: (v) => (v === null ? null : inner.fromAvro((v as Record<string, unknown>)[branch])),
    };
    memo.set(type, codec);
    return codec;
  }
  const codec: Codec = {
    identityWrite: [...codecs.values()].every((c) => c.identityWrite),
    identityRead: false,
    toAvro: (v) => {
      if (v === undefined) return null;
      if (!isPlainRecord(v)) return v;
      const keys = Object.keys(v);
      const inner = keys.length === 1 ? codecs.get(keys[0] as string) : undefined;
      if (inner === undefined) return v;
      return { [keys[0] as string]: inner.toAvro(v[keys[0] as string]) };
    },
    fromAvro: (v) => {
      if (v === null) return null;
      // avsc's Branch instance: one own property, the branch name.
      const key = Object.keys(v as object)[0] as string;
      return { [key]: (codecs.get(key) as Codec).fromAvro((v as Record<string, unknown>)[key]) };
    },
  };
  memo.set(type, codec);
  return codec;
}

// ---- the serde ----

interface ParsedSchema {
  readonly type: avro.Type;
  readonly codec: Codec;
}

interface Writer extends ParsedSchema {
  readonly id: number;
}

interface Reading {
  readonly writer: avro.Type;
  /** The type that decodes (the reader's when resolving) and its resolver. */
  readonly decoder: avro.Type;
  readonly resolver: ReturnType<avro.Type['createResolver']> | undefined;
  readonly codec: Codec;
}

function schemaJson(schema: string | object, what: string): unknown {
  if (typeof schema !== 'string') return schema;
  try {
    return JSON.parse(schema) as unknown;
  } catch (error) {
    throw new Error(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export function avroSerde(options: AvroSerdeOptions): Serde<unknown> {
  const serdeName = options.name ?? 'Avro';
  const registry = options.registry;
  const strategy = options.subjectNameStrategy ?? 'TopicNameStrategy';
  const isKey = options.isKey ?? false;
  const autoRegister = options.autoRegister ?? true;
  const logicalTypes = { decimal: makeDecimalType(options.decimal ?? defaultDecimalMapping), uuid: UuidType };

  // One memo for all types parsed here, so a type shared by reader and writer compiles once.
  const memo = new Map<avro.Type, Codec>();
  const parse = (json: unknown, namedTypes?: Record<string, avro.Type>): ParsedSchema => {
    const type = avro.Type.forSchema(json as avro.Schema, {
      wrapUnions: 'always',
      logicalTypes,
      typeHook,
      ...(namedTypes === undefined ? {} : { registry: namedTypes }),
    });
    return { type, codec: compileCodec(type, memo) };
  };
  const parseOption = (schema: string | object, what: string): ParsedSchema => {
    try {
      return parse(schemaJson(schema, what));
    } catch (error) {
      throw new Error(`avroSerde: invalid ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };

  const own = options.schema === undefined ? undefined : parseOption(options.schema, 'schema');
  const ownText = options.schema === undefined ? undefined : JSON.stringify(schemaJson(options.schema, 'schema'));
  const reader = options.readerSchema === undefined ? undefined : parseOption(options.readerSchema, 'readerSchema');
  if (own === undefined && autoRegister) throw new Error('avroSerde: a schema is needed to register (or set autoRegister: false)');
  if (own === undefined && strategy !== 'TopicNameStrategy') throw new Error(`avroSerde: ${strategy} needs the schema for its record name`);
  if (own !== undefined && strategy !== 'TopicNameStrategy' && own.type.name === undefined) {
    throw new Error(`avroSerde: ${strategy} needs a named (record) schema`);
  }

  const typesById = new Map<number, ParsedSchema>();
  const writers = new Map<string, Writer>();
  const readings = new Map<number, Reading>();

  /** Parses a registered schema, with the named types of its references (latest versions only, see the top). */
  const parseRegistered = (schema: SchemaById, ctx: WireContext, what: string): ParsedSchema => {
    if (schema.schemaType !== 'AVRO') throw wireError(ctx, `${what} is a ${schema.schemaType} schema, not AVRO`);
    try {
      const namedTypes: Record<string, avro.Type> = {};
      const addReferences = (refs: SchemaById['references']): void => {
        for (const ref of refs) {
          const latest = registry.latest(ref.subject);
          if (latest.version !== ref.version) {
            throw new Error(`reference ${ref.name} names version ${ref.version} of subject "${ref.subject}", and only its latest (${latest.version}) can be fetched`);
          }
          addReferences(latest.references);
          avro.Type.forSchema(JSON.parse(latest.schema) as avro.Schema, { wrapUnions: 'always', logicalTypes, typeHook, registry: namedTypes });
        }
      };
      addReferences(schema.references);
      return parse(JSON.parse(schema.schema), namedTypes);
    } catch (error) {
      throw wireError(ctx, `${what} cannot be parsed: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  };

  const typeForId = (id: number, ctx: WireContext, known?: RegisteredSchema): ParsedSchema => {
    let parsed = typesById.get(id);
    if (parsed === undefined) {
      parsed = parseRegistered(known ?? fetchSchema(registry, id, ctx), ctx, `schema id ${id}`);
      typesById.set(id, parsed);
    }
    return parsed;
  };

  const writerFor = (topic: string, ctx: WireContext): Writer => {
    const subject = subjectName(strategy, topic, isKey, own?.type.name);
    let writer = writers.get(subject);
    if (writer !== undefined) return writer;
    const chosen = writerSchemaId(registry, subject, own === undefined || ownText === undefined ? undefined : { schemaType: 'AVRO', schema: ownText }, autoRegister, ctx);
    if (chosen.latest === undefined) {
      if (!typesById.has(chosen.id)) typesById.set(chosen.id, own!);
      writer = { id: chosen.id, ...own! };
    } else {
      writer = { id: chosen.id, ...typeForId(chosen.id, ctx, chosen.latest) };
    }
    writers.set(subject, writer);
    return writer;
  };

  const readingFor = (id: number, ctx: WireContext): Reading => {
    let reading = readings.get(id);
    if (reading !== undefined) return reading;
    const writer = typeForId(id, ctx);
    if (reader === undefined) {
      reading = { writer: writer.type, decoder: writer.type, resolver: undefined, codec: writer.codec };
    } else {
      let resolver: Reading['resolver'];
      try {
        resolver = reader.type.createResolver(writer.type);
      } catch (error) {
        throw wireError(ctx, `schema id ${id} cannot be read as the reader schema: ${error instanceof Error ? error.message : String(error)}`, error);
      }
      reading = { writer: writer.type, decoder: reader.type, resolver, codec: reader.codec };
    }
    readings.set(id, reading);
    return reading;
  };

  const context = (topic: string, operation: SerdeOperation): WireContext => ({ serde: serdeName, topic, operation });

  return Object.freeze({
    name: serdeName,
    serialize(topic: string, value: unknown): Uint8Array | null {
      if (value === null || value === undefined) return null;
      const ctx = context(topic, 'serialize');
      const writer = writerFor(topic, ctx);
      const avroValue = writer.codec.identityWrite ? value : writer.codec.toAvro(value);
      let payload: Buffer;
      try {
        payload = writer.type.toBuffer(avroValue);
      } catch (error) {
        throw wireError(ctx, `schema id ${writer.id}: ${explainInvalid(writer.type, avroValue, error)}`, error);
      }
      return frame(writer.id, payload, ctx);
    },
    deserialize(topic: string, bytes: Uint8Array | null): unknown {
      if (bytes === null || bytes === undefined) return null;
      const ctx = context(topic, 'deserialize');
      if (!(bytes instanceof Uint8Array)) throw wireError(ctx, `expected bytes, got ${describeValue(bytes)}`);
      const { schemaId, payload } = unframe(bytes, ctx);
      const reading = readingFor(schemaId, ctx);
      const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      let decoded: { value: unknown; offset: number };
      try {
        decoded = reading.decoder.decode(buf, 0, reading.resolver);
      } catch (error) {
        throw wireError(ctx, `invalid Avro payload for schema id ${schemaId}: ${error instanceof Error ? error.message : String(error)}`, error);
      }
      if (decoded.offset < 0) throw wireError(ctx, `truncated Avro payload for schema id ${schemaId} (${buf.length} bytes)`);
      if (decoded.offset < buf.length) {
        throw wireError(ctx, `${buf.length - decoded.offset} trailing bytes after the Avro datum of schema id ${schemaId}`);
      }
      return reading.codec.identityRead ? decoded.value : reading.codec.fromAvro(decoded.value);
    },
  });
}

/** Where the value breaks the schema, as a path in the in-memory value (field names, indexes, map keys). */
function explainInvalid(type: avro.Type, value: unknown, error: unknown): string {
  const failures: { path: string[]; value: unknown; type: avro.Type }[] = [];
  type.isValid(value, { errorHook: (path, any, t) => failures.push({ path, value: any, type: t }) });
  const message = error instanceof Error ? error.message : String(error);
  const found = failures[0];
  if (found === undefined) return message;
  const path = plainPath(type, found.path);
  const where = path.length === 0 ? '(root)' : path.join('.');
  if (error instanceof AvroValueError) return `${where}: ${message}`;
  return `${where}: expected ${label(found.type)}, got ${describeValue(found.value)}`;
}

/** avsc's path names every union branch taken; a union of null and one type is not wrapped in memory, so drop those. */
function plainPath(root: avro.Type, path: readonly string[]): string[] {
  const out: string[] = [];
  let type: avro.Type | undefined = root;
  for (const segment of path) {
    if (type === undefined) {
      out.push(segment);
      continue;
    }
    if (type.typeName === 'union:wrapped') {
      const branches: avro.Type[] = (type as avro.types.WrappedUnionType).types;
      if (branches.filter((t) => t.typeName !== 'null').length > 1) out.push(segment);
      type = branches.find((t) => t.branchName === segment);
      continue;
    }
    out.push(segment);
    if (type.typeName === 'record' || type.typeName === 'error') type = (type as avro.types.RecordType).field(segment)?.type;
    else if (type.typeName === 'array') type = (type as avro.types.ArrayType).itemsType;
    else if (type.typeName === 'map') type = (type as avro.types.MapType).valuesType as avro.Type;
    else type = undefined;
  }
  return out;
}

function label(type: avro.Type): string {
  if (type.typeName === 'union:wrapped') {
    const branches = (type as avro.types.WrappedUnionType).types.map((t) => t.branchName as string);
    const named = branches.filter((b) => b !== 'null').map((b) => JSON.stringify(b));
    return `${branches.includes('null') ? 'null or ' : ''}a one-key object {${named.join(' | ')}: value}`;
  }
  return type.branchName ?? type.typeName;
}

