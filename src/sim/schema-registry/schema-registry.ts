import avro from 'avsc';
import {
  checkReaderWriterCompatibility,
  describeAvroIncompatibility,
  parseAvroSchema,
  type AvroNamedSchema,
  type AvroProps,
  type AvroSchema,
} from './avro-compatibility.js';
import type { CompatibilityLevel, RegisteredSchema, SchemaById, SchemaInput, SchemaReference, SchemaRegistryClient, SchemaType } from './types.js';

/**
 * A registry error with Confluent's error code (40401 subject not found, 40402 version not found, 40403 schema not
 * found, 409 incompatible, 42201 invalid schema, 42202 invalid version, 42203 invalid compatibility level, 42206
 * reference exists) and the HTTP status its REST API answers with.
 */
export class SchemaRegistryError extends Error {
  override readonly name = 'SchemaRegistryError';
  readonly status: number;
  constructor(
    readonly errorCode: number,
    message: string,
    /** For 409: the details list Confluent prints inside the message. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.status = errorCode < 1000 ? errorCode : Math.floor(errorCode / 100);
  }
}

export interface CompatibilityCheck {
  readonly isCompatible: boolean;
  /** Confluent's verbose messages: one per incompatibility, then the old version, the old schema and the level. */
  readonly messages: readonly string[];
}

const LEVELS: readonly CompatibilityLevel[] = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'];
const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];
// Confluent's SchemaValidatorBuilder cuts the old schema it prints at 10 KiB.
const MAX_SCHEMA_SIZE_FOR_LOGGING = 10 * 1024;

/** A schema as stored once per id: its canonical text and, for Avro, the parsed model the checker reads. */
interface StoredSchema {
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
  readonly avro: AvroSchema | undefined;
}

interface Parsed {
  readonly schemaType: SchemaType;
  readonly canonical: string;
  readonly references: readonly SchemaReference[];
  readonly avro: AvroSchema | undefined;
}

/**
 * Confluent Schema Registry's model in process: subjects (in registration order) with versions 1..n, one id per
 * distinct schema (schema type, canonical text and references; ids 1, 2, 3... in registration order, shared across
 * subjects), references, and per-subject compatibility levels over a global default (BACKWARD).
 *
 * Avro schemas are checked with Avro's reader/writer rules. JSON and PROTOBUF schemas are stored (JSON is parsed
 * and kept in compact form, Protobuf text is kept trimmed), but their compatibility is not implemented: a new
 * version of such a subject is refused unless the subject's level is NONE.
 *
 * deleteSubject deletes at once (Confluent's permanent delete; no soft delete): the versions go, their ids stay
 * readable by id, and a later registration under the subject starts again at version 1.
 */
export class SchemaRegistry implements SchemaRegistryClient {
  private readonly subjectVersions = new Map<string, StoredSchema[]>();
  private readonly byId = new Map<number, StoredSchema>();
  private readonly idByKey = new Map<string, number>();
  private readonly subjectLevels = new Map<string, CompatibilityLevel>();
  private globalLevel: CompatibilityLevel = 'BACKWARD';
  private nextId = 1;

  register(subject: string, input: SchemaInput): number {
    return this.registerVersion(subject, input).id;
  }

  /** register, answering with the version as well (what a following GET /subjects/{subject}/versions/latest says). */
  registerVersion(subject: string, input: SchemaInput): RegisteredSchema {
    const parsed = this.parse(input);
    const versions = this.subjectVersions.get(subject) ?? [];
    const existing = versions.findIndex((s) => sameSchema(s, parsed));
    if (existing >= 0) return registered(subject, existing + 1, versions[existing]!);

    const level = this.compatibility(subject);
    const messages = compatibilityMessages(level, parsed, numbered(versions));
    if (messages.length > 0) {
      throw new SchemaRegistryError(
        409,
        `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`,
        messages,
      );
    }

    const key = schemaKey(parsed.schemaType, parsed.canonical, parsed.references);
    let stored = this.byId.get(this.idByKey.get(key) ?? 0);
    if (stored === undefined) {
      stored = { id: this.nextId++, schemaType: parsed.schemaType, schema: parsed.canonical, references: parsed.references, avro: parsed.avro };
      this.byId.set(stored.id, stored);
      this.idByKey.set(key, stored.id);
    }
    versions.push(stored);
    this.subjectVersions.set(subject, versions);
    return registered(subject, versions.length, stored);
  }

  /** The subject's version holding this schema (Confluent's POST /subjects/{subject}); 40401 or 40403 when none. */
  lookup(subject: string, input: SchemaInput): RegisteredSchema {
    const versions = this.versionsOf(subject);
    const parsed = this.parse(input);
    const index = versions.findIndex((s) => sameSchema(s, parsed));
    if (index < 0) throw new SchemaRegistryError(40403, 'Schema not found');
    return registered(subject, index + 1, versions[index]!);
  }

  schemaById(id: number): SchemaById {
    const stored = this.byId.get(id);
    if (stored === undefined) throw new SchemaRegistryError(40403, `Schema ${id} not found`);
    return { schemaType: stored.schemaType, schema: stored.schema, references: stored.references };
  }

  /** The subject/version pairs that hold this id (GET /schemas/ids/{id}/versions). */
  subjectVersionsById(id: number): { subject: string; version: number }[] {
    this.schemaById(id);
    const found: { subject: string; version: number }[] = [];
    for (const [subject, versions] of this.subjectVersions) {
      versions.forEach((s, i) => {
        if (s.id === id) found.push({ subject, version: i + 1 });
      });
    }
    return found;
  }

  latest(subject: string): RegisteredSchema {
    return this.schema(subject, 'latest');
  }

  schema(subject: string, version: number | 'latest'): RegisteredSchema {
    const versions = this.versionsOf(subject);
    if (version === 'latest') return registered(subject, versions.length, versions[versions.length - 1]!);
    checkVersionId(version);
    const stored = versions[version - 1];
    if (stored === undefined) throw new SchemaRegistryError(40402, `Version ${version} not found.`);
    return registered(subject, version, stored);
  }

  /** Subjects in the order they were first registered. */
  subjects(): string[] {
    return [...this.subjectVersions.keys()];
  }

  versions(subject: string): number[] {
    return this.versionsOf(subject).map((_s, i) => i + 1);
  }

  /**
   * Deletes the subject and its versions; answers the versions deleted. Refused (42206) while another subject's
   * schema references one of them. The subject's compatibility level stays, as Confluent's config outlives a soft
   * delete.
   */
  deleteSubject(subject: string): number[] {
    const versions = this.versions(subject);
    for (const [other, stored] of this.subjectVersions) {
      if (other === subject) continue;
      for (const s of stored) {
        const ref = s.references.find((r) => r.subject === subject);
        if (ref !== undefined) {
          throw new SchemaRegistryError(42206, `One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=${subject},version=${ref.version}}.`);
        }
      }
    }
    this.subjectVersions.delete(subject);
    return versions;
  }

  /** The level that applies to the subject: its own, else the global one. Without a subject, the global one. */
  compatibility(subject?: string): CompatibilityLevel {
    return (subject === undefined ? undefined : this.subjectLevels.get(subject)) ?? this.globalLevel;
  }

  /** Sets the subject's level, or the global one when subject is undefined. */
  setCompatibility(subject: string | undefined, level: CompatibilityLevel): void {
    if (!LEVELS.includes(level)) {
      throw new SchemaRegistryError(42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
    }
    if (subject === undefined) this.globalLevel = level;
    else this.subjectLevels.set(subject, level);
  }

  /** Drops the subject's own level, so the global one applies again. */
  deleteCompatibility(subject: string): void {
    this.subjectLevels.delete(subject);
  }

  /**
   * Confluent's POST /compatibility/subjects/{subject}/versions/{version}?verbose=true. Against 'latest' the
   * subject's level picks the latest or all versions; against a given version, that version only. An unknown
   * subject is compatible with 'latest' (there is nothing to break) and 40401 for a given version.
   */
  testCompatibility(subject: string, input: SchemaInput, version: number | 'latest' = 'latest'): CompatibilityCheck {
    const parsed = this.parse(input);
    const level = this.compatibility(subject);
    let previous: OldVersion[];
    if (version === 'latest') {
      previous = numbered(this.subjectVersions.get(subject) ?? []);
    } else {
      checkVersionId(version);
      previous = [{ schema: this.storedVersion(subject, version), version }];
    }
    const messages = compatibilityMessages(level, parsed, previous);
    return { isCompatible: messages.length === 0, messages };
  }

  private versionsOf(subject: string): StoredSchema[] {
    const versions = this.subjectVersions.get(subject);
    if (versions === undefined) throw new SchemaRegistryError(40401, `Subject '${subject}' not found.`);
    return versions;
  }

  private storedVersion(subject: string, version: number): StoredSchema {
    const stored = this.versionsOf(subject)[version - 1];
    if (stored === undefined) throw new SchemaRegistryError(40402, `Version ${version} not found.`);
    return stored;
  }

  /** Validates and canonicalizes a schema; 42201 when it does not parse or a reference is missing. */
  private parse(input: SchemaInput): Parsed {
    const schemaType = input.schemaType ?? 'AVRO';
    const references = (input.references ?? []).map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
    const invalid = (details: string): SchemaRegistryError =>
      new SchemaRegistryError(42201, `Invalid schema ${input.schema} with refs ${refsText(references)} of type ${schemaType}, details: ${details}`);
    if (!SCHEMA_TYPES.includes(schemaType)) throw new SchemaRegistryError(42201, `Invalid schema type ${String(schemaType)}`);
    const resolved: StoredSchema[] = [];
    try {
      this.resolveReferences(references, resolved, new Set());
    } catch (e) {
      throw invalid(errorMessage(e));
    }
    if (schemaType === 'PROTOBUF') {
      const canonical = input.schema.trim();
      if (canonical === '') throw invalid('empty schema');
      return { schemaType, canonical, references, avro: undefined };
    }
    let json: unknown;
    try {
      json = JSON.parse(input.schema);
    } catch (e) {
      throw invalid(errorMessage(e));
    }
    if (schemaType === 'JSON') {
      if (json === null || (typeof json !== 'object' && typeof json !== 'boolean')) throw invalid('a JSON schema is an object or a boolean');
      return { schemaType, canonical: JSON.stringify(json), references, avro: undefined };
    }
    try {
      // avsc validates (names, defaults, duplicates); the registry it fills resolves the references' named types.
      const registry = {};
      const names = new Map<string, AvroNamedSchema>();
      const known = new Set<AvroNamedSchema>();
      for (const ref of resolved) {
        if (ref.schemaType !== 'AVRO') throw new Error(`reference ${ref.id} is a ${ref.schemaType} schema`);
        const refJson: unknown = JSON.parse(ref.schema);
        avro.Type.forSchema(refJson as avro.Schema, { registry });
        const model = parseAvroSchema(refJson, names);
        if (isNamed(model)) known.add(model);
      }
      avro.Type.forSchema(json as avro.Schema, { registry });
      const model = parseAvroSchema(json, names);
      return { schemaType, canonical: JSON.stringify(javaJson(model, known, undefined)), references, avro: model };
    } catch (e) {
      throw invalid(errorMessage(e));
    }
  }

  /** The referenced schemas, each once, the ones they reference before them (Confluent's resolveReferences). */
  private resolveReferences(references: readonly SchemaReference[], out: StoredSchema[], seen: Set<string>): void {
    for (const ref of references) {
      const key = `${ref.subject}\u0000${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const stored = this.subjectVersions.get(ref.subject)?.[ref.version - 1];
      if (stored === undefined) throw new Error(`No schema reference found for subject "${ref.subject}" and version ${ref.version}`);
      this.resolveReferences(stored.references, out, seen);
      out.push(stored);
    }
  }
}

interface OldVersion {
  readonly schema: StoredSchema;
  readonly version: number;
}

function numbered(versions: readonly StoredSchema[]): OldVersion[] {
  return versions.map((schema, i) => ({ schema, version: i + 1 }));
}

/**
 * What Confluent's CompatibilityChecker says of `parsed` against `previous` (oldest first) at this level: empty
 * when compatible. Transitive levels check every previous version, newest first, and stop at the first that
 * fails; the others check the newest only.
 */
function compatibilityMessages(level: CompatibilityLevel, parsed: Parsed, previous: readonly OldVersion[]): string[] {
  if (level === 'NONE') return [];
  const newestFirst = [...previous].reverse();
  const strategy = level.replace('_TRANSITIVE', '') as 'BACKWARD' | 'FORWARD' | 'FULL';
  for (const old of level.endsWith('_TRANSITIVE') ? newestFirst : newestFirst.slice(0, 1)) {
    const messages = strategyMessages(strategy, parsed, old);
    if (messages.length > 0) {
      messages.push(`{validateFields: 'false', compatibility: '${level}'}`);
      return messages;
    }
  }
  return [];
}

/** Confluent's canRead / canBeRead / mutualRead strategies, with their new/old wording. */
function strategyMessages(strategy: 'BACKWARD' | 'FORWARD' | 'FULL', parsed: Parsed, old: OldVersion): string[] {
  const appendOld = (messages: string[]): string[] => {
    if (messages.length === 0) return messages;
    const text = old.schema.schema;
    messages.push(`{oldSchemaVersion: ${old.version}}`);
    messages.push(
      text.length <= MAX_SCHEMA_SIZE_FOR_LOGGING
        ? `{oldSchema: '${text}'}`
        : `{oldSchema: <truncated to ${MAX_SCHEMA_SIZE_FOR_LOGGING} characters> '${text.slice(0, MAX_SCHEMA_SIZE_FOR_LOGGING)}'}`,
    );
    return messages;
  };
  const newReadsOld = (): string[] => readerMessages(parsed, old.schema, 'new', 'old');
  const oldReadsNew = (): string[] => readerMessages(old.schema, parsed, 'old', 'new');
  if (strategy === 'BACKWARD') return appendOld(newReadsOld());
  if (strategy === 'FORWARD') return appendOld(oldReadsNew());
  return [...oldReadsNew(), ...appendOld(newReadsOld())];
}

function registered(subject: string, version: number, s: StoredSchema): RegisteredSchema {
  return { id: s.id, subject, version, schemaType: s.schemaType, schema: s.schema, references: s.references };
}

/** What makes two schemas one (one id): type, canonical text and references. */
function schemaKey(schemaType: SchemaType, text: string, references: readonly SchemaReference[]): string {
  return JSON.stringify([schemaType, text, references.map((r) => [r.name, r.subject, r.version])]);
}

function sameSchema(stored: StoredSchema, parsed: Parsed): boolean {
  return stored.schemaType === parsed.schemaType && schemaKey(stored.schemaType, stored.schema, stored.references) === schemaKey(parsed.schemaType, parsed.canonical, parsed.references);
}

/**
 * What one schema says of reading data written with another (Confluent's ParsedSchema.isBackwardCompatible),
 * worded with the reader's and writer's roles.
 */
function readerMessages(
  reader: { schemaType: SchemaType; avro: AvroSchema | undefined },
  writer: { schemaType: SchemaType; avro: AvroSchema | undefined },
  readerRole: 'new' | 'old',
  writerRole: 'new' | 'old',
): string[] {
  if (reader.schemaType !== writer.schemaType) return ['Incompatible because of different schema type'];
  if (reader.avro === undefined || writer.avro === undefined) {
    return [`Compatibility checks for ${reader.schemaType} schemas are not implemented in streamsim: set the subject's compatibility to NONE to register new versions`];
  }
  try {
    return checkReaderWriterCompatibility(reader.avro, writer.avro).map((inc) => describeAvroIncompatibility(inc, readerRole, writerRole));
  } catch (e) {
    return [`Unexpected exception during compatibility check: ${errorMessage(e)}`];
  }
}

function checkVersionId(version: number): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new SchemaRegistryError(42202, `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
  }
}

function refsText(references: readonly SchemaReference[]): string {
  return `[${references.map((r) => `{name='${r.name}', subject='${r.subject}', version=${r.version}}`).join(', ')}]`;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isNamed(s: AvroSchema): s is AvroNamedSchema {
  return s.type === 'record' || s.type === 'enum' || s.type === 'fixed';
}

function withProps(obj: Record<string, unknown>, props: AvroProps): Record<string, unknown> {
  for (const [k, v] of props) obj[k] = v;
  return obj;
}

/** The name as written inside `space`: short when the namespaces agree (Java's Name.getQualified). */
function qualifiedIn(fullName: string, namespace: string | undefined, space: string | undefined): string {
  return namespace === undefined || namespace === space ? fullName.slice(fullName.lastIndexOf('.') + 1) : fullName;
}

/**
 * The schema as Avro Java's Schema.toString(referencedSchemas, false) writes it, which is Confluent's canonical
 * text: attributes in Java's order, a named type in full the first time and by name after, namespaces only where
 * they change, and the referenced schemas' types by name. Default values are the parsed JSON (1.0 prints as 1).
 */
function javaJson(s: AvroSchema, known: Set<AvroNamedSchema>, space: string | undefined): unknown {
  switch (s.type) {
    case 'union':
      return s.branches.map((b) => javaJson(b, known, space));
    case 'array':
      return withProps({ type: 'array', items: javaJson(s.items, known, space) }, s.props);
    case 'map':
      return withProps({ type: 'map', values: javaJson(s.values, known, space) }, s.props);
    case 'record':
    case 'enum':
    case 'fixed': {
      if (known.has(s)) return qualifiedIn(s.fullName, s.namespace, space);
      known.add(s);
      const obj: Record<string, unknown> = { type: s.type === 'record' && s.isError ? 'error' : s.type, name: s.name };
      if (s.namespace !== undefined) {
        if (s.namespace !== space) obj.namespace = s.namespace;
      } else if (space !== undefined) {
        obj.namespace = '';
      }
      if (s.doc !== undefined) obj.doc = s.doc;
      if (s.type === 'record') {
        obj.fields = s.fields.map((f) => {
          const field: Record<string, unknown> = { name: f.name, type: javaJson(f.type, known, s.namespace) };
          if (f.doc !== undefined) field.doc = f.doc;
          if (f.hasDefault) field.default = f.default;
          if (f.order !== undefined) field.order = f.order;
          if (f.aliases.length > 0) field.aliases = f.aliases;
          return withProps(field, f.props);
        });
      } else if (s.type === 'enum') {
        obj.symbols = s.symbols;
        if (s.enumDefault !== undefined) obj.default = s.enumDefault;
      } else {
        obj.size = s.size;
      }
      withProps(obj, s.props);
      if (s.aliases.length > 0) obj.aliases = s.aliases.map((a) => qualifiedIn(a, a.includes('.') ? a.slice(0, a.lastIndexOf('.')) : undefined, s.namespace));
      return obj;
    }
    default:
      return s.props.length === 0 ? s.type : withProps({ type: s.type }, s.props);
  }
}
