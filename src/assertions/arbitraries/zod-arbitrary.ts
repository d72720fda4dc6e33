import fc, { type Arbitrary } from 'fast-check';
import type { z } from 'zod';

/** A zod 4 schema of any kind (read through its `_zod.def`, which every zod 4 schema carries). */
type AnySchema = z.ZodType;

interface CheckDef {
  readonly check?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly value?: number | bigint;
  readonly inclusive?: boolean;
  readonly pattern?: RegExp;
}

interface SchemaDef {
  readonly type: string;
  readonly checks?: ReadonlyArray<{ _zod: { def: CheckDef } }>;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly shape?: Readonly<Record<string, AnySchema>>;
  readonly innerType?: AnySchema;
  readonly element?: AnySchema;
  readonly options?: readonly AnySchema[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly keyType?: AnySchema;
  readonly valueType?: AnySchema;
  readonly catchall?: AnySchema;
}

/** Thrown for a schema kind the generator does not know, naming it and where it sits in the schema. */
export class UnsupportedSchemaError extends Error {
  constructor(kind: string, path: string) {
    super(
      `zodArbitrary: unsupported zod schema kind '${kind}' at ${path || '(root)'}; supported: object, string (min/max/length, ` +
        'regex and format checks), number (int, min/max/gt/lt), bigint, boolean, enum, literal, null, nullable, optional, default, ' +
        'array, union, record. Pass a hand-written fast-check arbitrary for this field instead.',
    );
    this.name = 'UnsupportedSchemaError';
  }
}

/**
 * A fast-check arbitrary of values that pass `schema`, built from the schema's own definition, so that
 * it shrinks as fast-check shrinks (shorter strings, numbers towards the lower bound, fewer elements).
 * Strings stay short (at most 12 characters unless the schema asks for more): small values make
 * readable counterexamples.
 */
export function zodArbitrary<S extends AnySchema>(schema: S): Arbitrary<z.output<S>> {
  return build(schema, '') as Arbitrary<z.output<S>>;
}

function defOf(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function checksOf(def: SchemaDef): CheckDef[] {
  const own: CheckDef[] = def.format !== undefined ? [def as unknown as CheckDef] : [];
  return [...own, ...(def.checks ?? []).map((c) => c._zod.def)];
}

/** Checks the generators below honour; any other (refine, multipleOf, ...) filters generated values through the schema. */
const UNDERSTOOD_CHECKS = new Set(['min_length', 'max_length', 'length_equals', 'greater_than', 'less_than', 'number_format', 'string_format', 'overwrite']);

function build(schema: AnySchema, path: string): Arbitrary<unknown> {
  const arbitrary = buildKind(schema, path);
  const other = checksOf(defOf(schema)).filter((c) => c.check !== undefined && !UNDERSTOOD_CHECKS.has(c.check));
  return other.length === 0 ? arbitrary : arbitrary.filter((v) => schema.safeParse(v).success);
}

function buildKind(schema: AnySchema, path: string): Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const required: string[] = [];
      const fields: Record<string, Arbitrary<unknown>> = {};
      for (const [name, field] of Object.entries(shape)) {
        // An optional field may be absent altogether, not only undefined.
        if (defOf(field).type === 'optional') fields[name] = build(defOf(field).innerType!, `${path}.${name}`);
        else {
          fields[name] = build(field, `${path}.${name}`);
          required.push(name);
        }
      }
      return fc.record(fields, { requiredKeys: required });
    }
    case 'string':
      return stringArbitrary(def, path);
    case 'number':
      return numberArbitrary(def);
    case 'bigint':
      return bigintArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'nullable':
      return fc.option(build(def.innerType!, path), { nil: null, freq: 4 });
    case 'optional':
      return fc.option(build(def.innerType!, path), { nil: undefined, freq: 4 });
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return build(def.innerType!, path);
    case 'array': {
      const checks = checksOf(def);
      const exact = checks.find((c) => c.check === 'length_equals')?.length;
      const minLength = exact ?? Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
      const maxLength = exact ?? Math.min(minLength + 5, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? Infinity));
      return fc.array(build(def.element!, `${path}[]`), { minLength, maxLength });
    }
    case 'union':
      return fc.oneof(...(def.options ?? []).map((o, i) => build(o, `${path}|${i}`)));
    case 'record': {
      const keyDef = defOf(def.keyType!);
      if (keyDef.type !== 'string' && keyDef.type !== 'enum') throw new UnsupportedSchemaError(`record<${keyDef.type}, …>`, path);
      return fc.dictionary(build(def.keyType!, `${path}{key}`) as Arbitrary<string>, build(def.valueType!, `${path}{}`), { maxKeys: 4 });
    }
    default:
      throw new UnsupportedSchemaError(def.type, path);
  }
}

function stringArbitrary(def: SchemaDef, path: string): Arbitrary<string> {
  const checks = checksOf(def);
  const formats = checks.filter((c) => c.check === 'string_format' || c.format !== undefined);
  if (formats.length > 1) throw new UnsupportedSchemaError(`string with ${formats.length} format/regex checks`, path);
  const format = formats[0];
  if (format !== undefined) {
    // fast-check's RFC addresses are wider than zod's email pattern: keep those zod accepts.
    if (format.format === 'email') return fc.emailAddress().filter((s) => format.pattern === undefined || format.pattern.test(s));
    if (format.format === 'uuid' || format.format === 'guid') return fc.uuid();
    if (format.format === 'datetime') return fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString());
    if (format.pattern === undefined) throw new UnsupportedSchemaError(`string format '${format.format}'`, path);
    // Every other zod 4 string format (regex, url-like, ip, ...) carries the pattern it checks.
    return fc.stringMatching(format.pattern);
  }
  const exact = checks.find((c) => c.check === 'length_equals')?.length;
  const minLength = exact ?? Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
  const maxLength = exact ?? Math.min(Math.max(minLength, 12), ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? Infinity));
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(def: SchemaDef): Arbitrary<number> {
  const checks = checksOf(def);
  const isInt = checks.some((c) => c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32');
  let min = -1e6;
  let max = 1e6;
  let minExclusive = false;
  let maxExclusive = false;
  for (const c of checks) {
    const v = c.value === undefined ? undefined : Number(c.value);
    if (c.check === 'greater_than' && v !== undefined && (v > min || (v === min && !c.inclusive))) {
      min = v;
      minExclusive = c.inclusive === false;
    }
    if (c.check === 'less_than' && v !== undefined && (v < max || (v === max && !c.inclusive))) {
      max = v;
      maxExclusive = c.inclusive === false;
    }
    if (c.format === 'uint32') min = Math.max(min, 0);
  }
  // Generated values stay in a readable range unless the schema asks for one further out.
  if (max < -1e6) min = max - 2e6;
  if (min > 1e6) max = min + 2e6;
  if (isInt) {
    const lo = minExclusive ? Math.floor(min) + 1 : Math.ceil(min);
    const hi = maxExclusive ? Math.ceil(max) - 1 : Math.floor(max);
    return fc.integer({ min: lo, max: hi });
  }
  return fc.double({ min, max, minExcluded: minExclusive, maxExcluded: maxExclusive, noNaN: true, noDefaultInfinity: true });
}

function bigintArbitrary(def: SchemaDef): Arbitrary<bigint> {
  let min = -(10n ** 12n);
  let max = 10n ** 12n;
  for (const c of checksOf(def)) {
    if (c.value === undefined) continue;
    const v = BigInt(c.value);
    if (c.check === 'greater_than') min = c.inclusive === false ? v + 1n : v;
    if (c.check === 'less_than') max = c.inclusive === false ? v - 1n : v;
  }
  return fc.bigInt({ min, max });
}
