/**
 * Avro reader/writer compatibility, after Apache Avro's SchemaCompatibility (Java), which Confluent Schema Registry
 * runs for Avro subjects: the same incompatibility types, messages and JSON-pointer locations, and Confluent's
 * description strings for them (io.confluent.kafka.schemaregistry.avro.Difference).
 *
 * It works over a parsed model of the schema JSON (parseAvroSchema) rather than avsc's types: it needs what avsc
 * drops (whether a field has a default at all, enum defaults, aliases as written, one node per named type).
 * Validate the JSON with avsc first; the parser here trusts it.
 */

export type AvroPrimitiveType = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

/** Attributes Avro keeps but does not interpret (logicalType, precision, connect.name...), in the order written. */
export type AvroProps = readonly (readonly [string, unknown])[];

export interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc: string | undefined;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly order: string | undefined;
  readonly aliases: readonly string[];
  readonly props: AvroProps;
}

interface AvroNamedBase {
  readonly name: string;
  /** undefined for the null namespace. */
  readonly namespace: string | undefined;
  readonly fullName: string;
  /** Full names (qualified with the type's namespace). */
  readonly aliases: readonly string[];
  readonly doc: string | undefined;
  readonly props: AvroProps;
}

export interface AvroRecordSchema extends AvroNamedBase {
  readonly type: 'record';
  readonly isError: boolean;
  /** Filled after the record is registered under its name, so recursive references find it. */
  fields: readonly AvroField[];
}

export interface AvroEnumSchema extends AvroNamedBase {
  readonly type: 'enum';
  readonly symbols: readonly string[];
  readonly enumDefault: string | undefined;
}

export interface AvroFixedSchema extends AvroNamedBase {
  readonly type: 'fixed';
  readonly size: number;
}

export type AvroNamedSchema = AvroRecordSchema | AvroEnumSchema | AvroFixedSchema;

/**
 * One node per occurrence, except named types: every reference to a name is the node that defines it (the
 * checker's memo relies on that identity, as Java's does, to stop on recursive types).
 */
export type AvroSchema =
  | { readonly type: AvroPrimitiveType; readonly props: AvroProps }
  | AvroNamedSchema
  | { readonly type: 'array'; readonly items: AvroSchema; readonly props: AvroProps }
  | { readonly type: 'map'; readonly values: AvroSchema; readonly props: AvroProps }
  | { readonly type: 'union'; readonly branches: readonly AvroSchema[] };

const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
// Java's Schema.RESERVED_PROPS (plus the enum default) and Schema.FIELD_RESERVED: everything else is a prop.
const RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases', 'default']);
const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases']);

function propsOf(json: Record<string, unknown>, reserved: ReadonlySet<string>): AvroProps {
  return Object.entries(json).filter(([k]) => !reserved.has(k));
}

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || namespace === undefined ? name : `${namespace}.${name}`;
}

/**
 * Parses Avro schema JSON (already validated, e.g. by avsc) into the model. `names` holds the named types parsed so
 * far: pass one map through the schemas a schema references, then the schema itself, and names resolve across them.
 */
export function parseAvroSchema(json: unknown, names: Map<string, AvroNamedSchema> = new Map()): AvroSchema {
  return parseNode(json, undefined, names);
}

function parseNode(json: unknown, space: string | undefined, names: Map<string, AvroNamedSchema>): AvroSchema {
  if (typeof json === 'string') return PRIMITIVES.has(json) ? { type: json as AvroPrimitiveType, props: [] } : lookup(json, space, names);
  if (Array.isArray(json)) return { type: 'union', branches: json.map((b) => parseNode(b, space, names)) };
  if (json === null || typeof json !== 'object') throw new Error(`not an Avro schema: ${JSON.stringify(json)}`);
  const o = json as Record<string, unknown>;
  const t = o.type;
  if (typeof t !== 'string') return parseNode(t, space, names);
  if (PRIMITIVES.has(t)) return { type: t as AvroPrimitiveType, props: propsOf(o, RESERVED) };
  switch (t) {
    case 'array':
      return { type: 'array', items: parseNode(o.items, space, names), props: propsOf(o, RESERVED) };
    case 'map':
      return { type: 'map', values: parseNode(o.values, space, names), props: propsOf(o, RESERVED) };
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed':
      return parseNamed(o, t, space, names);
    default:
      return lookup(t, space, names);
  }
}

function lookup(name: string, space: string | undefined, names: Map<string, AvroNamedSchema>): AvroNamedSchema {
  const found = names.get(qualify(name, space)) ?? names.get(name);
  if (found === undefined) throw new Error(`undefined type name: ${name}`);
  return found;
}

function parseNamed(o: Record<string, unknown>, t: string, space: string | undefined, names: Map<string, AvroNamedSchema>): AvroNamedSchema {
  const written = String(o.name);
  const dot = written.lastIndexOf('.');
  const explicitNs = typeof o.namespace === 'string' ? o.namespace || undefined : space;
  const namespace = dot >= 0 ? written.slice(0, dot) : explicitNs;
  const name = dot >= 0 ? written.slice(dot + 1) : written;
  const base = {
    name,
    namespace,
    fullName: qualify(name, namespace),
    aliases: Array.isArray(o.aliases) ? o.aliases.map((a) => qualify(String(a), namespace)) : [],
    doc: typeof o.doc === 'string' ? o.doc : undefined,
    props: propsOf(o, RESERVED),
  };
  if (t === 'enum') {
    const node: AvroEnumSchema = { ...base, type: 'enum', symbols: (o.symbols as unknown[]).map(String), enumDefault: typeof o.default === 'string' ? o.default : undefined };
    names.set(node.fullName, node);
    return node;
  }
  if (t === 'fixed') {
    const node: AvroFixedSchema = { ...base, type: 'fixed', size: Number(o.size) };
    names.set(node.fullName, node);
    return node;
  }
  const node: AvroRecordSchema = { ...base, type: 'record', isError: t === 'error', fields: [] };
  names.set(node.fullName, node);
  node.fields = (o.fields as Record<string, unknown>[]).map((f) => ({
    name: String(f.name),
    type: parseNode(f.type, namespace, names),
    doc: typeof f.doc === 'string' ? f.doc : undefined,
    hasDefault: Object.hasOwn(f, 'default'),
    default: f.default,
    order: typeof f.order === 'string' && f.order !== 'ascending' ? f.order : undefined,
    aliases: Array.isArray(f.aliases) ? f.aliases.map(String) : [],
    props: propsOf(f, FIELD_RESERVED),
  }));
  return node;
}

export type AvroIncompatibilityType =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH';

export interface AvroIncompatibility {
  readonly type: AvroIncompatibilityType;
  /** JSON pointer into the reader schema, e.g. /fields/1/type. */
  readonly location: string;
  /** Avro's message (Confluent's additionalInfo), e.g. "reader type: INT not compatible with writer type: STRING". */
  readonly message: string;
}

type Result = { readonly state: 'COMPATIBLE' | 'INCOMPATIBLE' | 'RECURSION_IN_PROGRESS'; readonly incompatibilities: readonly AvroIncompatibility[] };

const COMPATIBLE: Result = { state: 'COMPATIBLE', incompatibilities: [] };
const IN_PROGRESS: Result = { state: 'RECURSION_IN_PROGRESS', incompatibilities: [] };

function merged(a: Result, b: Result): Result {
  if (b.incompatibilities.length === 0 && a.state !== 'COMPATIBLE') return a;
  return { state: a.state === 'COMPATIBLE' ? b.state : 'INCOMPATIBLE', incompatibilities: [...a.incompatibilities, ...b.incompatibilities] };
}

/** Java's Schema.Type names, which Avro's messages print. */
function typeName(s: AvroSchema): string {
  return s.type.toUpperCase();
}

/**
 * Whether data written with `writer` can be read with `reader`: the incompatibilities Avro finds, in its order
 * (empty when compatible). Throws when a reader field's aliases match several writer fields, as Avro does.
 */
export function checkReaderWriterCompatibility(reader: AvroSchema, writer: AvroSchema): AvroIncompatibility[] {
  return [...new Checker().check(reader, writer).incompatibilities];
}

class Checker {
  private readonly memo = new Map<AvroSchema, Map<AvroSchema, Result>>();

  /** Avro starts a fresh location at the root here, also for union branches (so their paths restart at /). */
  check(reader: AvroSchema, writer: AvroSchema): Result {
    return this.compat('', reader, writer, []);
  }

  private compat(token: string, reader: AvroSchema, writer: AvroSchema, location: string[]): Result {
    location.push(token);
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) this.memo.set(reader, (byWriter = new Map()));
    let result = byWriter.get(writer);
    if (result !== undefined) {
      // A pair met again while it is being checked: compatible unless proven otherwise.
      if (result.state === 'RECURSION_IN_PROGRESS') result = COMPATIBLE;
    } else {
      byWriter.set(writer, IN_PROGRESS);
      result = this.calculate(reader, writer, location);
      byWriter.set(writer, result);
    }
    location.pop();
    return result;
  }

  private calculate(reader: AvroSchema, writer: AvroSchema, location: string[]): Result {
    let result = COMPATIBLE;
    if (reader.type === writer.type) {
      switch (reader.type) {
        case 'array':
          return this.compat('items', reader.items, (writer as typeof reader).items, location);
        case 'map':
          return this.compat('values', reader.values, (writer as typeof reader).values, location);
        case 'fixed': {
          const w = writer as AvroFixedSchema;
          result = merged(result, names(reader, w, location));
          return merged(result, fixedSize(reader, w, location));
        }
        case 'enum': {
          const w = writer as AvroEnumSchema;
          result = merged(result, names(reader, w, location));
          return merged(result, enumSymbols(reader, w, location));
        }
        case 'record': {
          const w = writer as AvroRecordSchema;
          result = merged(result, names(reader, w, location));
          return merged(result, this.recordFields(reader, w, location));
        }
        case 'union': {
          // Every branch the writer may have written must be readable.
          (writer as typeof reader).branches.forEach((branch, i) => {
            location.push(String(i));
            if (this.check(reader, branch).state === 'INCOMPATIBLE') {
              result = merged(result, incompatible('MISSING_UNION_BRANCH', `reader union lacking writer type: ${typeName(branch)}`, location));
            }
            location.pop();
          });
          return result;
        }
        default:
          return result;
      }
    }
    // A reader compatible with every branch of a writer union is compatible.
    if (writer.type === 'union') {
      for (const branch of writer.branches) result = merged(result, this.check(reader, branch));
      return result;
    }
    switch (reader.type) {
      case 'long':
        return writer.type === 'int' ? result : typeMismatch(reader, writer, location);
      case 'float':
        return writer.type === 'int' || writer.type === 'long' ? result : typeMismatch(reader, writer, location);
      case 'double':
        return writer.type === 'int' || writer.type === 'long' || writer.type === 'float' ? result : typeMismatch(reader, writer, location);
      case 'bytes':
        return writer.type === 'string' ? result : typeMismatch(reader, writer, location);
      case 'string':
        return writer.type === 'bytes' ? result : typeMismatch(reader, writer, location);
      case 'union':
        for (const branch of reader.branches) if (this.check(branch, writer).state === 'COMPATIBLE') return result;
        return incompatible('MISSING_UNION_BRANCH', `reader union lacking writer type: ${typeName(writer)}`, location);
      default:
        return typeMismatch(reader, writer, location);
    }
  }

  private recordFields(reader: AvroRecordSchema, writer: AvroRecordSchema, location: string[]): Result {
    let result = COMPATIBLE;
    location.push('fields');
    reader.fields.forEach((field, pos) => {
      location.push(String(pos));
      const writerField = lookupWriterField(writer, field);
      if (writerField === undefined) {
        if (!field.hasDefault) {
          // An enum with a default symbol stands in for the missing field's default (Avro 1.9+).
          if (field.type.type === 'enum' && field.type.enumDefault !== undefined) {
            result = merged(result, this.compat('type', field.type, writer, location));
          } else {
            result = merged(result, incompatible('READER_FIELD_MISSING_DEFAULT_VALUE', field.name, location));
          }
        }
      } else {
        result = merged(result, this.compat('type', field.type, writerField.type, location));
      }
      location.pop();
    });
    location.pop();
    return result;
  }
}

function lookupWriterField(writer: AvroRecordSchema, readerField: AvroField): AvroField | undefined {
  const found: AvroField[] = [];
  const direct = writer.fields.find((f) => f.name === readerField.name);
  if (direct !== undefined) found.push(direct);
  for (const alias of readerField.aliases) {
    const byAlias = writer.fields.find((f) => f.name === alias);
    if (byAlias !== undefined) found.push(byAlias);
  }
  if (found.length > 1) throw new Error(`Reader record field ${readerField.name} matches multiple fields in writer record schema ${writer.fullName}`);
  return found[0];
}

/** Avro compares the short names (namespaces aside), then the reader's aliases against the writer's full name. */
function names(reader: AvroNamedSchema, writer: AvroNamedSchema, location: string[]): Result {
  if (reader.name === writer.name || reader.aliases.includes(writer.fullName)) return COMPATIBLE;
  location.push('name');
  const result = incompatible('NAME_MISMATCH', `expected: ${writer.fullName}`, location);
  location.pop();
  return result;
}

function fixedSize(reader: AvroFixedSchema, writer: AvroFixedSchema, location: string[]): Result {
  if (reader.size === writer.size) return COMPATIBLE;
  location.push('size');
  const result = incompatible('FIXED_SIZE_MISMATCH', `expected: ${writer.size}, found: ${reader.size}`, location);
  location.pop();
  return result;
}

function enumSymbols(reader: AvroEnumSchema, writer: AvroEnumSchema, location: string[]): Result {
  // Java's TreeSet: sorted by UTF-16 code units, printed as [A, B].
  const missing = [...new Set(writer.symbols)].filter((s) => !reader.symbols.includes(s)).sort();
  if (missing.length === 0) return COMPATIBLE;
  // A reader default symbol absorbs the writer's unknown symbols.
  if (reader.enumDefault !== undefined && reader.symbols.includes(reader.enumDefault)) return COMPATIBLE;
  location.push('symbols');
  const result = incompatible('MISSING_ENUM_SYMBOLS', `[${missing.join(', ')}]`, location);
  location.pop();
  return result;
}

function typeMismatch(reader: AvroSchema, writer: AvroSchema, location: readonly string[]): Result {
  return incompatible('TYPE_MISMATCH', `reader type: ${typeName(reader)} not compatible with writer type: ${typeName(writer)}`, location);
}

function incompatible(type: AvroIncompatibilityType, message: string, location: readonly string[]): Result {
  return { state: 'INCOMPATIBLE', incompatibilities: [{ type, location: pointer(location), message }] };
}

/** The location as a JSON pointer, without the root token. */
function pointer(location: readonly string[]): string {
  return `/${location
    .slice(1)
    .map((t) => t.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/')}`;
}

/**
 * Confluent's rendering of one incompatibility (Difference.error()), with the reader and writer named as Confluent
 * names them: BACKWARD checks the new schema reading the old ('new', 'old'), FORWARD the old reading the new.
 */
export function describeAvroIncompatibility(inc: AvroIncompatibility, reader: 'new' | 'old', writer: 'new' | 'old'): string {
  const path = inc.location;
  let description: string;
  switch (inc.type) {
    case 'FIXED_SIZE_MISMATCH':
      description = `The size of FIXED type field at path '${path}' in the ${reader} schema does not match with the ${writer} schema`;
      break;
    case 'TYPE_MISMATCH':
      description = `The type (path '${path}') of a field in the ${reader} schema does not match with the ${writer} schema`;
      break;
    case 'NAME_MISMATCH':
      description = `The name of the schema has changed (path '${path}')`;
      break;
    case 'MISSING_ENUM_SYMBOLS':
      description = `The ${reader} schema is missing enum symbols '${inc.message}' at path '${path}' in the ${writer} schema`;
      break;
    case 'MISSING_UNION_BRANCH':
      description = `The ${reader} schema is missing a type inside a union field at path '${path}' in the ${writer} schema`;
      break;
    case 'READER_FIELD_MISSING_DEFAULT_VALUE':
      description = `The field '${inc.message}' at path '${path}' in the ${reader} schema has no default value and is missing in the ${writer} schema`;
      break;
  }
  return `{errorType:'${inc.type}', description:'${description}', additionalInfo:'${inc.message}'}`;
}
