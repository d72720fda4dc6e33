/**
 * JSON Schema in Confluent's wire format (magic 0, schema id, UTF-8 JSON text), like KafkaJsonSchemaSerializer /
 * KafkaJsonSchemaDeserializer over the in-process registry: ksqlDB's JSON_SR format. Writing registers the schema
 * under the subject (or, with autoRegister: false, writes with the subject's latest schema); reading fetches the
 * writer schema named by the id and compiles it once per id.
 *
 * Validation (Confluent's json.fail.invalid.schema) is on by default, both ways, with ajv. The draft is chosen by
 * `$schema`: none or draft-07 (Confluent's default), draft-06, 2019-09 or 2020-12; draft-04 is refused. Unknown
 * keywords are ignored (Confluent's generated schemas carry their own) and `format` is not checked (no ajv-formats).
 * Defaults are not filled in, as in Java. Non-finite numbers fail "type": "number" (JSON has no NaN).
 *
 * Values are plain JSON data. Integers beyond 2^53: a bigint is accepted on write anywhere a number is, written as
 * its exact digits; on read, an integer literal (no fraction or exponent) outside the safe range is read as a bigint
 * where a subschema with "type": "integer" applies to it, and as a (rounded) number elsewhere. Validation sees such
 * integers as numbers, so minimum/maximum/multipleOf are checked to double precision only. The "type": "integer"
 * positions are found by running the schema over the value (ajv, a marker keyword): with validate: false, a payload
 * that breaks the schema may keep some of its big integers as numbers.
 * Objects with toJSON (Date) are validated as they are, not as the text they write: give strings.
 * Schema references are resolved only when they name a subject's latest version (the client API has no other);
 * a reference's name is what `$ref` uses, as in Confluent.
 */
import { createRequire } from 'node:module';
import { Ajv, type AnySchema, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describeValue, type Serde, type SerdeOperation } from '../serde.js';
import { subjectName, type SubjectNameStrategy } from './avro-serde.js';
import type { SchemaById, SchemaRegistryClient } from './types.js';
import { fetchSchema, frame, unframe, wireError, writerSchemaId, type WireContext } from './wire-format.js';

export interface JsonSchemaSerdeOptions {
  readonly registry: SchemaRegistryClient;
  /** The writer schema (JSON text or object). Optional with autoRegister: false and TopicNameStrategy. */
  readonly schema?: string | object | boolean;
  /** TopicNameStrategy's `<topic>-key` rather than `<topic>-value`. */
  readonly isKey?: boolean;
  /** The record strategies name the subject after the schema's `title`, as Confluent does. */
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** false: never register; write with the subject's latest schema (Confluent's use.latest.version). */
  readonly autoRegister?: boolean;
  /** Check values against the schema on write and on read (Confluent's json.fail.invalid.schema); true by default. */
  readonly validate?: boolean;
  /** Serde name in errors; 'JsonSchema' by default. */
  readonly name?: string;
}

type AjvInstance = Ajv | Ajv2019 | Ajv2020;

interface Compiled {
  readonly json: unknown;
  readonly references: SchemaById['references'];
  readonly validate: ValidateFunction;
  /** Compiled on first need: the same schema, reporting where an "integer" subschema applies. */
  integers?: IntegerFinder;
}

interface Writer {
  readonly id: number;
  readonly compiled: Compiled;
}

type IntegerFinder = (value: unknown) => IntegerPositions;

/** Holder (object or array) -> keys where a subschema says "type": "integer"; `root` for the value itself. */
interface IntegerPositions {
  root: boolean;
  readonly at: Map<object, Set<string | number>>;
}

const INTEGER_KEYWORD = 'x-streamsim-integer';
const requireJson = createRequire(import.meta.url);

/** ajv's class for the draft a schema names; absent means draft-07, as in Confluent. */
function ajvFor(json: unknown): AjvInstance {
  const options = { strict: false, strictNumbers: true, validateFormats: false, logger: false as const };
  const declared = typeof json === 'object' && json !== null ? (json as { $schema?: unknown }).$schema : undefined;
  if (declared === undefined) return new Ajv(options);
  if (typeof declared !== 'string') throw new Error('$schema is not a string');
  const uri = declared.replace(/^https?:\/\//, '').replace(/#$/, '');
  if (uri === 'json-schema.org/draft-07/schema') return new Ajv(options);
  if (uri === 'json-schema.org/draft/2019-09/schema') return new Ajv2019(options);
  if (uri === 'json-schema.org/draft/2020-12/schema') return new Ajv2020(options);
  if (uri === 'json-schema.org/draft-06/schema') {
    const ajv = new Ajv(options);
    ajv.addMetaSchema(requireJson('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
    return ajv;
  }
  throw new Error(`unsupported $schema ${JSON.stringify(declared)} (draft-06, draft-07, 2019-09 and 2020-12 are)`);
}

/** A copy of the schema with the marker keyword next to every "type" that allows integers. */
function markIntegers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(markIntegers);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Data, not schemas: leave them alone.
    out[key] = key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? value : markIntegers(value);
  }
  const type = (schema as { type?: unknown }).type;
  if (type === 'integer' || (Array.isArray(type) && type.includes('integer'))) out[INTEGER_KEYWORD] = true;
  return out;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ajv's first error: where in the value, what rule (keyword at its schema path), and the offending name or values. */
function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return 'does not match the schema';
  const where = first.instancePath === '' ? '(root)' : first.instancePath;
  const params = first.params as Record<string, unknown>;
  let detail = '';
  if (typeof params['additionalProperty'] === 'string') detail = ` "${params['additionalProperty']}"`;
  else if (Array.isArray(params['allowedValues'])) detail = ` ${JSON.stringify(params['allowedValues'])}`;
  else if ('allowedValue' in params) detail = ` ${JSON.stringify(params['allowedValue'])}`;
  return `${where} ${first.message ?? 'is invalid'}${detail} (${first.keyword} at ${first.schemaPath})`;
}

export function jsonSchemaSerde(options: JsonSchemaSerdeOptions): Serde<unknown> {
  const serdeName = options.name ?? 'JsonSchema';
  const registry = options.registry;
  const strategy = options.subjectNameStrategy ?? 'TopicNameStrategy';
  const isKey = options.isKey ?? false;
  const autoRegister = options.autoRegister ?? true;
  const validating = options.validate ?? true;

  /** Compiles a schema with its references (each added under its name, which is what `$ref` says). */
  const compile = (json: unknown, references: SchemaById['references'], mark: boolean, sink?: (cxt: Sink) => void): ValidateFunction => {
    const ajv = ajvFor(json);
    if (mark) {
      ajv.addKeyword({
        keyword: INTEGER_KEYWORD,
        schemaType: 'boolean',
        validate: (_schema: unknown, _data: unknown, _parent: unknown, cxt?: Sink) => {
          if (cxt !== undefined) sink?.(cxt);
          return true;
        },
      });
    }
    const added = new Set<string>();
    const addReferences = (refs: SchemaById['references']): void => {
      for (const ref of refs) {
        if (added.has(ref.name)) continue;
        added.add(ref.name);
        const latest = registry.latest(ref.subject);
        if (latest.version !== ref.version) {
          throw new Error(`reference ${ref.name} names version ${ref.version} of subject "${ref.subject}", and only its latest (${latest.version}) can be fetched`);
        }
        if (latest.schemaType !== 'JSON') throw new Error(`reference ${ref.name} is a ${latest.schemaType} schema`);
        addReferences(latest.references);
        const refJson: unknown = JSON.parse(latest.schema);
        ajv.addSchema((mark ? markIntegers(refJson) : refJson) as AnySchema, ref.name);
      }
    };
    addReferences(references);
    return ajv.compile((mark ? markIntegers(json) : json) as AnySchema);
  };

  const compileSchema = (json: unknown, references: SchemaById['references']): Compiled => ({
    json,
    references,
    validate: compile(json, references, false),
  });

  const schemaJson = (schema: string | object | boolean): unknown => (typeof schema === 'string' ? JSON.parse(schema) : schema);

  let own: Compiled | undefined;
  let ownText: string | undefined;
  if (options.schema !== undefined) {
    try {
      const json = schemaJson(options.schema);
      ownText = JSON.stringify(json);
      own = compileSchema(json, []);
    } catch (error) {
      throw new Error(`jsonSchemaSerde: invalid schema: ${message(error)}`, { cause: error });
    }
  }
  if (own === undefined && autoRegister) throw new Error('jsonSchemaSerde: a schema is needed to register (or set autoRegister: false)');
  const ownTitle = own === undefined ? undefined : titleOf(own.json);
  if (own !== undefined && strategy !== 'TopicNameStrategy' && ownTitle === undefined) {
    throw new Error(`jsonSchemaSerde: ${strategy} needs a schema with a "title"`);
  }

  const byId = new Map<number, Compiled>();
  const writers = new Map<string, Writer>();

  const compiledFor = (id: number, ctx: WireContext, known?: SchemaById): Compiled => {
    let compiled = byId.get(id);
    if (compiled !== undefined) return compiled;
    const schema = known ?? fetchSchema(registry, id, ctx);
    if (schema.schemaType !== 'JSON') throw wireError(ctx, `schema id ${id} is a ${schema.schemaType} schema, not JSON`);
    try {
      compiled = compileSchema(JSON.parse(schema.schema), schema.references);
    } catch (error) {
      throw wireError(ctx, `schema id ${id} cannot be compiled: ${message(error)}`, error);
    }
    byId.set(id, compiled);
    return compiled;
  };

  const writerFor = (topic: string, ctx: WireContext): Writer => {
    const subject = subjectName(strategy, topic, isKey, ownTitle);
    let writer = writers.get(subject);
    if (writer !== undefined) return writer;
    const chosen = writerSchemaId(registry, subject, own === undefined || ownText === undefined ? undefined : { schemaType: 'JSON', schema: ownText }, autoRegister, ctx);
    if (chosen.latest === undefined) {
      if (!byId.has(chosen.id)) byId.set(chosen.id, own!);
      writer = { id: chosen.id, compiled: own! };
    } else {
      writer = { id: chosen.id, compiled: compiledFor(chosen.id, ctx, chosen.latest) };
    }
    writers.set(subject, writer);
    return writer;
  };

  const integerFinder = (compiled: Compiled): IntegerFinder => {
    if (compiled.integers !== undefined) return compiled.integers;
    let positions: IntegerPositions = { root: false, at: new Map() };
    const validate = compile(compiled.json, compiled.references, true, (cxt) => {
      if (cxt.instancePath === '') {
        positions.root = true;
        return;
      }
      const holder = cxt.parentData as object;
      let keys = positions.at.get(holder);
      if (keys === undefined) positions.at.set(holder, (keys = new Set()));
      keys.add(cxt.parentDataProperty);
    });
    compiled.integers = (value) => {
      positions = { root: false, at: new Map() };
      validate(value);
      return positions;
    };
    return compiled.integers;
  };

  const context = (topic: string, operation: SerdeOperation): WireContext => ({ serde: serdeName, topic, operation });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const encoder = new TextEncoder();

  return Object.freeze({
    name: serdeName,
    serialize(topic: string, value: unknown): Uint8Array | null {
      if (value === null || value === undefined) return null;
      const ctx = context(topic, 'serialize');
      const writer = writerFor(topic, ctx);
      let text: string;
      let checked: unknown = value;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        // Most likely a bigint: write its digits, and validate it as a number.
        try {
          text = stringifyExact(value);
        } catch (exactError) {
          throw wireError(ctx, `value cannot be written as JSON: ${message(exactError)}`, error);
        }
        checked = withoutBigints(value);
      }
      if (validating && !writer.compiled.validate(checked)) {
        throw wireError(ctx, `value does not match schema id ${writer.id}: ${describeSchemaErrors(writer.compiled.validate.errors)}`);
      }
      return frame(writer.id, encoder.encode(text), ctx);
    },
    deserialize(topic: string, bytes: Uint8Array | null): unknown {
      if (bytes === null || bytes === undefined) return null;
      const ctx = context(topic, 'deserialize');
      if (!(bytes instanceof Uint8Array)) throw wireError(ctx, `expected bytes, got ${describeValue(bytes)}`);
      const { schemaId, payload } = unframe(bytes, ctx);
      const compiled = compiledFor(schemaId, ctx);
      let text: string;
      let value: unknown;
      try {
        text = decoder.decode(payload);
        value = JSON.parse(text);
      } catch (error) {
        throw wireError(ctx, `invalid JSON payload for schema id ${schemaId}: ${message(error)}`, error);
      }
      if (validating && !compiled.validate(value)) {
        throw wireError(ctx, `payload does not match schema id ${schemaId}: ${describeSchemaErrors(compiled.validate.errors)}`);
      }
      // 16 digits in a row is the cheap sign that an integer might be past 2^53 (false alarms only cost a scan).
      if (/\d{16}/.test(text)) {
        const literals = unsafeIntegerLiterals(text);
        if (literals.length > 0) value = restoreBigints(value, literals, integerFinder(compiled)(value));
      }
      return value;
    },
  });
}

type Sink = { instancePath: string; parentData: unknown; parentDataProperty: string | number };

function titleOf(json: unknown): string | undefined {
  const title = typeof json === 'object' && json !== null ? (json as { title?: unknown }).title : undefined;
  return typeof title === 'string' ? title : undefined;
}

// ---- integers beyond 2^53 ----

/** JSON.stringify, except that bigints are written as their digits; cycles and non-finite numbers are refused. */
function stringifyExact(value: unknown): string {
  const seen = new Set<object>();
  const write = (v: unknown, key: string): string | undefined => {
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON(key: string): unknown }).toJSON(key);
    }
    if (v === null) return 'null';
    switch (typeof v) {
      case 'bigint':
        return v.toString();
      case 'number':
        if (!Number.isFinite(v)) throw new Error(`${v} is not a JSON number`);
        return JSON.stringify(v);
      case 'string':
      case 'boolean':
        return JSON.stringify(v);
      case 'object':
        break;
      default:
        return undefined;
    }
    const obj = v as object;
    if (seen.has(obj)) throw new Error('the value contains a cycle');
    seen.add(obj);
    let out: string;
    if (Array.isArray(obj)) {
      out = `[${obj.map((item, i) => write(item, String(i)) ?? 'null').join(',')}]`;
    } else {
      const parts: string[] = [];
      for (const [k, item] of Object.entries(obj)) {
        const text = write(item, k);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
      }
      out = `{${parts.join(',')}}`;
    }
    seen.delete(obj);
    return out;
  };
  const text = write(value, '');
  if (text === undefined) throw new Error(`${describeValue(value)} has no JSON form`);
  return text;
}

/** The value with bigints as numbers, sharing every subtree that has none; only validation sees it. */
function withoutBigints(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map(withoutBigints);
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const plain = withoutBigints(item);
    if (plain !== item) {
      copy ??= { ...value };
      copy[key] = plain;
    }
  }
  return copy ?? value;
}

interface BigLiteral {
  /** Object keys and array indexes from the root to the literal. */
  readonly path: readonly (string | number)[];
  readonly value: bigint;
}

interface ScanFrame {
  readonly array: boolean;
  key: string | number;
  expectKey: boolean;
}

/** Integer literals outside the safe range, with where they are. `text` is valid JSON (JSON.parse took it). */
function unsafeIntegerLiterals(text: string): BigLiteral[] {
  const found: BigLiteral[] = [];
  const stack: ScanFrame[] = [];
  const number = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top !== undefined && !top.array && top.expectKey) top.key = JSON.parse(text.slice(i, end + 1)) as string;
      i = end + 1;
    } else if (c === '{' || c === '[') {
      stack.push({ array: c === '[', key: 0, expectKey: c === '{' });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      if (top !== undefined) {
        if (top.array) top.key = (top.key as number) + 1;
        else top.expectKey = true;
      }
      i++;
    } else if (c === ':') {
      if (top !== undefined) top.expectKey = false;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      number.lastIndex = i;
      const match = number.exec(text)!;
      const literal = match[0];
      if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(Number(literal))) {
        found.push({ path: stack.map((f) => f.key), value: BigInt(literal) });
      }
      i += literal.length;
    } else {
      i++;
    }
  }
  return found;
}

/** Puts the exact bigints back where the schema says integer (and the parsed number is still that literal's). */
function restoreBigints(value: unknown, literals: readonly BigLiteral[], integers: IntegerPositions): unknown {
  let root = value;
  for (const { path, value: exact } of literals) {
    if (path.length === 0) {
      if (integers.root && root === Number(exact)) root = exact;
      continue;
    }
    let holder: unknown = root;
    for (const key of path.slice(0, -1)) holder = (holder as Record<string | number, unknown>)[key];
    const key = path[path.length - 1]!;
    const container = holder as Record<string | number, unknown>;
    if (integers.at.get(container)?.has(key) === true && container[key] === Number(exact)) container[key] = exact;
  }
  return root;
}
