/**
 * A scenario topic's Avro schema from its zod schema: one source of truth for the values a generator writes, the
 * broker's schema check and the Avro schema registered for the topic (issue 9: topics that are Avro in the
 * originals are Avro here). The mapping, as Confluent's Avro tooling writes such records:
 * - object -> record (fields in the zod shape's order; a nested object is a record named after its field);
 * - string -> string; an integer number (`.int()`) or bigint -> long; other numbers -> double; boolean -> boolean;
 * - nullable or optional T -> ["null", T] with default null (an absent field reads back as null);
 * - enum -> Avro enum when every symbol is an Avro name, else string; a string literal -> string;
 * - array -> array; record (string keys) -> map; a union of distinct kinds -> Avro union.
 * Anything else (a function, a date, a union Avro cannot tell apart) is refused with the path that has it.
 */
import type { z } from 'zod';

export type AvroSchema = string | { readonly [k: string]: unknown } | readonly AvroSchema[];

export class AvroSchemaError extends Error {}

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check?: string; readonly format?: string } } }[];
}

const defOf = (t: z.ZodType): Def => (t as unknown as { def: Def }).def;

/** An Avro name from a field or topic name: `psg-customers` -> `PsgCustomers`. */
export function avroNameOf(s: string): string {
  return s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase()).replace(/^[^A-Za-z_]/, '_$&');
}

function isInteger(def: Def): boolean {
  return (def.checks ?? []).some((c) => c._zod.def.check === 'number_format' && /int/.test(c._zod.def.format ?? ''));
}

/** The Avro type of one zod type; `name` names the records it makes, `path` says where it is in an error. */
function avroOf(t: z.ZodType, name: string, path: string, names: Set<string>): { schema: AvroSchema; nullable: boolean } {
  const def = defOf(t);
  switch (def.type) {
    case 'nullable':
    case 'optional': {
      const inner = avroOf(def.innerType!, name, path, names);
      if (inner.nullable) return inner;
      return { schema: ['null', inner.schema], nullable: true };
    }
    case 'readonly':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'nonoptional':
      return avroOf(def.innerType!, name, path, names);
    case 'string':
      return { schema: 'string', nullable: false };
    case 'number':
      return { schema: isInteger(def) ? 'long' : 'double', nullable: false };
    case 'bigint':
      return { schema: 'long', nullable: false };
    case 'boolean':
      return { schema: 'boolean', nullable: false };
    case 'literal': {
      const kinds = new Set((def.values ?? []).map((v) => typeof v));
      if (kinds.size === 1 && kinds.has('string')) return { schema: 'string', nullable: false };
      if (kinds.size === 1 && kinds.has('number')) return { schema: (def.values ?? []).every((v) => Number.isInteger(v)) ? 'long' : 'double', nullable: false };
      if (kinds.size === 1 && kinds.has('boolean')) return { schema: 'boolean', nullable: false };
      throw new AvroSchemaError(`${path}: a literal of ${[...kinds].join(', ')} has no Avro type`);
    }
    case 'enum': {
      const symbols = Object.values(def.entries ?? {});
      if (symbols.every((s): s is string => typeof s === 'string' && AVRO_NAME.test(s))) {
        const enumName = unique(avroNameOf(name), names);
        return { schema: { type: 'enum', name: enumName, symbols }, nullable: false };
      }
      if (symbols.every((s) => typeof s === 'string')) return { schema: 'string', nullable: false };
      throw new AvroSchemaError(`${path}: an enum of numbers has no Avro type`);
    }
    case 'array':
      return { schema: { type: 'array', items: avroOf(def.element!, `${name}Item`, `${path}[]`, names).schema }, nullable: false };
    case 'record':
      return { schema: { type: 'map', values: avroOf(def.valueType!, `${name}Value`, `${path}{}`, names).schema }, nullable: false };
    case 'object':
      return { schema: recordOf(def, name, path, names), nullable: false };
    case 'union': {
      const branches = (def.options ?? []).map((o, i) => avroOf(o, `${name}${i}`, `${path}|${i}`, names));
      const flat: AvroSchema[] = [];
      let nullable = false;
      for (const b of branches) {
        for (const s of Array.isArray(b.schema) ? (b.schema as readonly AvroSchema[]) : [b.schema]) {
          if (s === 'null') nullable = true;
          else flat.push(s);
        }
      }
      const kinds = flat.map((s) => (typeof s === 'string' ? s : (s as { type: string }).type));
      const distinct = [...new Set(kinds)];
      const named = kinds.filter((k) => k === 'record' || k === 'enum').length;
      // the same primitive twice (long from an int and from a bigint) is that one type
      if (distinct.length === 1 && named === 0) return { schema: nullable ? ['null', flat[0]!] : flat[0]!, nullable };
      if (distinct.length !== kinds.length || named > 0) {
        throw new AvroSchemaError(`${path}: a union of ${kinds.join(', ')} cannot be told apart in Avro`);
      }
      return { schema: nullable ? ['null', ...flat] : flat, nullable };
    }
    default:
      throw new AvroSchemaError(`${path}: zod type '${def.type}' has no Avro type`);
  }
}

function unique(name: string, names: Set<string>): string {
  let n = name;
  for (let i = 2; names.has(n); i++) n = `${name}${i}`;
  names.add(n);
  return n;
}

function recordOf(def: Def, name: string, path: string, names: Set<string>): AvroSchema {
  const recordName = unique(avroNameOf(name), names);
  const fields = Object.entries(def.shape ?? {}).map(([field, t]) => {
    if (!AVRO_NAME.test(field)) throw new AvroSchemaError(`${path}.${field}: '${field}' is not an Avro field name`);
    const { schema, nullable } = avroOf(t, field, `${path}.${field}`, names);
    return nullable ? { name: field, type: schema, default: null } : { name: field, type: schema };
  });
  return { type: 'record', name: recordName, fields };
}

/** The Avro schema of a topic's values (a record named `name` in `namespace`). */
export function avroSchemaOf(schema: z.ZodType, name: string, namespace: string): AvroSchema {
  const def = defOf(schema);
  if (def.type !== 'object') throw new AvroSchemaError(`${name}: a topic's Avro value is a record, and this zod schema is a ${def.type}`);
  const record = recordOf(def, name, name, new Set()) as { readonly [k: string]: unknown };
  return { ...record, namespace };
}
