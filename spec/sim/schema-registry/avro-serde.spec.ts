import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../src/sim/serde.js';
import { avroSerde, type AvroDecimalMapping, type AvroSerdeOptions } from '../../../src/sim/schema-registry/avro-serde.js';
import type { RegisteredSchema, SchemaById, SchemaInput, SchemaRegistryClient } from '../../../src/sim/schema-registry/types.js';

/** Just enough registry: ids 1, 2, 3... per distinct schema text, versions per subject, no compatibility checks. */
class FakeRegistry implements SchemaRegistryClient {
  readonly schemas: SchemaById[] = [];
  readonly subjects = new Map<string, RegisteredSchema[]>();
  byIdCalls = 0;

  register(subject: string, input: SchemaInput): number {
    let id = this.schemas.findIndex((s) => s.schema === input.schema) + 1;
    if (id === 0) {
      this.schemas.push({ schemaType: input.schemaType ?? 'AVRO', schema: input.schema, references: input.references ?? [] });
      id = this.schemas.length;
    }
    const versions = this.subjects.get(subject) ?? [];
    if (!versions.some((v) => v.id === id)) {
      const s = this.schemas[id - 1] as SchemaById;
      versions.push({ id, subject, version: versions.length + 1, ...s });
    }
    this.subjects.set(subject, versions);
    return id;
  }

  schemaById(id: number): SchemaById {
    this.byIdCalls++;
    const schema = this.schemas[id - 1];
    if (schema === undefined) throw new Error(`Schema ${id} not found (40403)`);
    return schema;
  }

  latest(subject: string): RegisteredSchema {
    const latest = this.subjects.get(subject)?.at(-1);
    if (latest === undefined) throw new Error(`Subject '${subject}' not found (40401)`);
    return latest;
  }
}

function serdeFor(schema: object | string, extra: Partial<AvroSerdeOptions> = {}) {
  const registry = new FakeRegistry();
  return { registry, serde: avroSerde({ registry, schema, ...extra }) };
}

function caught(f: () => unknown): SerdeError {
  try {
    f();
  } catch (error) {
    if (error instanceof SerdeError) return error;
    throw error;
  }
  throw new Error('expected a SerdeError');
}

// ---- values from schemas ----

type Json = string | Json[] | { [key: string]: Json | undefined } | number | boolean | null;

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Longs as the serde reads them back: a safe number, or a bigint beyond 2^53. */
const longValue: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.maxSafeInteger(),
  fc.oneof(fc.bigInt({ min: SAFE + 1n, max: INT64_MAX }), fc.bigInt({ min: INT64_MIN, max: -SAFE - 1n })),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, SAFE + 1n, INT64_MIN, INT64_MAX),
);

const MAX_DEPTH = 3;

/** Names in the hand-written schemas below are written in full, so a reference is its definition's name. */
function arbitraryFor(schema: Json, named: Map<string, Json> = new Map(), depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema === 'string') {
    switch (schema) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'int':
        return fc.integer(INT32);
      case 'long':
        return longValue;
      case 'float':
        return fc.float();
      case 'double':
        return fc.double();
      case 'bytes':
        return fc.uint8Array({ maxLength: 12 });
      case 'string':
        return fc.string({ unit: 'binary', maxLength: 12 });
      default: {
        const definition = named.get(schema);
        if (definition === undefined) throw new Error(`unknown name ${schema}`);
        return arbitraryFor(definition, named, depth + 1);
      }
    }
  }
  if (Array.isArray(schema)) {
    const nonNull = schema.filter((branch) => branch !== 'null');
    const hasNull = nonNull.length < schema.length;
    // Past the depth limit a recursive type must stop at null.
    if (hasNull && depth >= MAX_DEPTH) return fc.constant(null);
    const nullArb = hasNull ? [fc.constant(null)] : [];
    if (nonNull.length === 1) return fc.oneof(...nullArb, arbitraryFor(nonNull[0] as Json, named, depth));
    return fc.oneof(
      ...nullArb,
      ...nonNull.map((branch) => arbitraryFor(branch, named, depth).map((value) => ({ [branchName(branch)]: value }))),
    );
  }
  if (typeof schema !== 'object' || schema === null) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  const s = schema as Record<string, Json>;
  if (typeof s.name === 'string' && (s.type === 'record' || s.type === 'enum' || s.type === 'fixed')) named.set(s.name, schema);
  switch (s.logicalType) {
    case 'decimal': {
      const limit = 10n ** BigInt(s.precision as number) - 1n;
      // Byte-length boundaries of two's complement (127/128, -128/-129, ...), where sign bytes go wrong.
      const edges = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n, 13n, 14n, 15n, 16n]
        .flatMap((k) => [2n ** (8n * k - 1n), 2n ** (8n * k - 1n) - 1n])
        .flatMap((n) => [n, -n, -n - 1n])
        .filter((n) => n >= -limit && n <= limit);
      return fc.oneof(fc.bigInt({ min: -limit, max: limit }), fc.constantFrom(...edges)).map((unscaled) => ({ unscaled, scale: (s.scale as number | undefined) ?? 0 }));
    }
    case 'date':
      return fc.integer(INT32);
    case 'time-millis':
      return fc.integer({ min: 0, max: 86_399_999 });
    case 'time-micros':
      return fc.integer({ min: 0, max: 86_399_999_999 });
    case 'timestamp-millis':
    case 'timestamp-micros':
      return longValue;
    case 'uuid':
      return fc.uuid();
  }
  switch (s.type) {
    case 'record': {
      const fields = s.fields as { name: string; type: Json }[];
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, named, depth)])), { noNullPrototype: true });
    }
    case 'enum':
      return fc.constantFrom(...(s.symbols as string[]));
    case 'fixed':
      return fc.uint8Array({ minLength: s.size as number, maxLength: s.size as number });
    case 'array':
      return fc.array(arbitraryFor(s.items as Json, named, depth + 1), { maxLength: depth >= MAX_DEPTH ? 0 : 4 });
    case 'map':
      return fc.dictionary(fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).filter((k) => k !== '__proto__'), arbitraryFor(s.values as Json, named, depth + 1), {
        maxKeys: depth >= MAX_DEPTH ? 0 : 4,
        noNullPrototype: true,
      });
    default:
      return arbitraryFor(s.type as Json, named, depth);
  }
}

/** The key of a wrapped union branch: a named type's name, else the (underlying) type. */
function branchName(branch: Json): string {
  if (typeof branch === 'string') return branch;
  const s = branch as Record<string, Json>;
  if (s.type === 'record' || s.type === 'enum' || s.type === 'fixed') return s.name as string;
  return branchName(s.type as Json);
}

// ---- the schemas ----

const primitives = {
  type: 'record',
  name: 'test.Primitives',
  fields: [
    { name: 'n', type: 'null' },
    { name: 'b', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 'bytes', type: 'bytes' },
    { name: 's', type: 'string' },
  ],
};

const logical = {
  type: 'record',
  name: 'test.Logical',
  fields: [
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
    { name: 'amount', type: { type: 'fixed', name: 'test.Amount', size: 8, logicalType: 'decimal', precision: 18, scale: 4 } },
    { name: 'wide', type: { type: 'bytes', logicalType: 'decimal', precision: 40 } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'tMillis', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'tMicros', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'tsMillis', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'tsMicros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'maybePrice', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 5, scale: 1 }] },
  ],
};

const complex = {
  type: 'record',
  name: 'shop.Order',
  fields: [
    {
      name: 'customer',
      type: {
        type: 'record',
        name: 'shop.Customer',
        fields: [
          { name: 'name', type: 'string' },
          { name: 'address', type: ['null', { type: 'record', name: 'shop.Address', fields: [{ name: 'city', type: 'string' }, { name: 'zip', type: ['string', 'null'] }] }] },
        ],
      },
    },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'shop.Line', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }, { name: 'note', type: ['null', 'string'] }] } } },
    { name: 'tags', type: { type: 'map', values: 'long' } },
    { name: 'attachments', type: { type: 'map', values: ['null', 'bytes'] } },
    { name: 'status', type: { type: 'enum', name: 'shop.Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } },
    { name: 'hash', type: { type: 'fixed', name: 'shop.Hash', size: 4 } },
    { name: 'billing', type: 'shop.Address' },
    { name: 'nested', type: { type: 'array', items: { type: 'array', items: ['null', 'shop.Status'] } } },
    {
      name: 'payment',
      type: ['null', 'string', 'long', 'shop.Hash', { type: 'record', name: 'shop.Card', fields: [{ name: 'last4', type: 'string' }, { name: 'raw', type: 'bytes' }] }],
    },
    { name: 'either', type: [{ type: 'int', logicalType: 'date' }, 'boolean', { type: 'array', items: 'shop.Status' }] },
  ],
};

const linkedList = {
  type: 'record',
  name: 'list.Node',
  fields: [
    { name: 'value', type: 'long' },
    { name: 'next', type: ['null', 'list.Node'] },
  ],
};

const schemas: [string, Json][] = [
  ['primitives', primitives],
  ['logical types', logical],
  ['records, arrays, maps, enums, fixed, unions', complex],
  ['a recursive record', linkedList],
  ['a bare string', 'string'],
  ['a bare long', 'long'],
  ['a top-level union of several types', ['string', 'int', { type: 'array', items: 'bytes' }]],
  ['a top-level array of nullable decimals', { type: 'array', items: ['null', { type: 'bytes', logicalType: 'decimal', precision: 3, scale: 3 }] }],
];

describe('avroSerde round trips', () => {
  for (const [label, schema] of schemas) {
    it(`encodes and decodes ${label} back to the same value`, () => {
      // A string schema is JSON text: a bare type name is written as a JSON string.
      const { serde } = serdeFor(typeof schema === 'string' ? JSON.stringify(schema) : (schema as object));
      fc.assert(
        fc.property(arbitraryFor(schema), (value) => {
          // null is a tombstone, not an Avro value.
          fc.pre(value !== null);
          const bytes = serde.serialize('orders', value);
          expect(bytes?.[0]).toBe(0);
          expect(serde.deserialize('orders', bytes)).toEqual(value);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('reads records as plain objects and bytes as plain Uint8Arrays (copies, not views of the record)', () => {
    const { serde } = serdeFor(primitives);
    const bytes = serde.serialize('t', { n: null, b: true, i: 1, l: 2, f: 0.5, d: 0.25, bytes: Uint8Array.of(7, 8), s: 'x' }) as Uint8Array;
    const value = serde.deserialize('t', bytes) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(value.bytes)).toBe(false);
    bytes.fill(0xee);
    expect([...(value.bytes as Uint8Array)]).toEqual([7, 8]);
  });

  it('reads a wrapped union branch as a plain one-key object', () => {
    const card = { type: 'record', name: 'shop.Card', fields: [{ name: 'last4', type: 'string' }, { name: 'raw', type: 'bytes' }] };
    const { serde } = serdeFor(['null', 'string', card]);
    const value = serde.deserialize('t', serde.serialize('t', { 'shop.Card': { last4: '4242', raw: Uint8Array.of(1) } })) as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((value as Record<string, object>)['shop.Card'])).toBe(Object.prototype);
  });
});

describe('avroSerde wire bytes', () => {
  const ping = {
    type: 'record',
    name: 'Ping',
    fields: [
      { name: 'id', type: 'int' },
      { name: 'n', type: 'long' },
      { name: 's', type: 'string' },
      { name: 'opt', type: ['null', 'string'] },
    ],
  };

  it('writes magic 0, the registered id, then zig-zag varints and length-prefixed strings', () => {
    const registry = new FakeRegistry();
    registry.register('other-value', { schema: '"string"' }); // takes id 1
    const serde = avroSerde({ registry, schema: ping });
    const bytes = serde.serialize('pings', { id: -1, n: 300, s: 'hi', opt: 'x' });
    // id -1 -> zig-zag 1; 300 -> 600 -> 0xd8 0x04; "hi" -> length 2 (0x04) + 'h' 'i'; union branch 1 (0x02) + "x".
    expect([...(bytes as Uint8Array)]).toEqual([0, 0, 0, 0, 2, 0x01, 0xd8, 0x04, 0x04, 0x68, 0x69, 0x02, 0x02, 0x78]);
    expect(registry.latest('pings-value').id).toBe(2);
    // A null branch is just its index, 0.
    expect([...(serde.serialize('pings', { id: 0, n: 0, s: '', opt: null }) as Uint8Array)]).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0]);
  });

  it('writes decimals as two\'s complement (minimal for bytes, sign-extended for fixed)', () => {
    const schema = {
      type: 'record',
      name: 'D',
      fields: [
        { name: 'a', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
        { name: 'b', type: { type: 'fixed', name: 'F3', size: 3, logicalType: 'decimal', precision: 6, scale: 2 } },
      ],
    };
    const { serde } = serdeFor(schema);
    const bytes = serde.serialize('t', { a: { unscaled: 12345n, scale: 2 }, b: { unscaled: -2n, scale: 2 } }) as Uint8Array;
    // 12345 = 0x3039: length 2 (0x04) then 0x30 0x39; -2 in 3 bytes: ff ff fe.
    expect([...bytes.subarray(5)]).toEqual([0x04, 0x30, 0x39, 0xff, 0xff, 0xfe]);
    const negative = serde.serialize('t', { a: { unscaled: -128n, scale: 2 }, b: { unscaled: 128n, scale: 2 } }) as Uint8Array;
    // -128 fits one byte (0x80); +128 needs a leading 0 (00 80), and is 00 00 80 in fixed(3).
    expect([...negative.subarray(5)]).toEqual([0x02, 0x80, 0x00, 0x00, 0x80]);
    const positive = serde.serialize('t', { a: { unscaled: 128n, scale: 2 }, b: { unscaled: -128n, scale: 2 } }) as Uint8Array;
    expect([...positive.subarray(5)]).toEqual([0x04, 0x00, 0x80, 0xff, 0xff, 0x80]);
  });

  it('writes enums as indexes, arrays and maps in counted blocks, fixed raw and union branches by index', () => {
    const schema = {
      type: 'record',
      name: 'Mix',
      fields: [
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B', 'C'] } },
        { name: 'a', type: { type: 'array', items: 'int' } },
        { name: 'm', type: { type: 'map', values: 'long' } },
        { name: 'f', type: { type: 'fixed', name: 'F2', size: 2 } },
        { name: 'u', type: ['null', 'string', 'long'] },
      ],
    };
    const { serde } = serdeFor(schema);
    const bytes = serde.serialize('t', { e: 'C', a: [1, -1], m: { k: 2 }, f: Uint8Array.of(9, 8), u: { long: -2 } }) as Uint8Array;
    expect([...bytes.subarray(5)]).toEqual([
      0x04, // enum index 2
      0x04, 0x02, 0x01, 0x00, // array: block of 2, 1, -1, end
      0x02, 0x02, 0x6b, 0x04, 0x00, // map: block of 1, "k", 2, end
      0x09, 0x08, // fixed(2)
      0x04, 0x03, // union branch 2 (long), -2
    ]);
  });

  it('writes longs beyond 2^53 exactly and reads them back as bigint; safe ones as numbers', () => {
    const { serde } = serdeFor('"long"');
    const big = serde.serialize('t', 2n ** 60n) as Uint8Array;
    // 2^60 zig-zags to 2^61: eight 7-bit groups of zeros, then 1 << 5.
    expect([...big.subarray(5)]).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    expect(serde.deserialize('t', big)).toBe(2n ** 60n);
    expect(serde.deserialize('t', serde.serialize('t', 42n))).toBe(42);
    expect(serde.deserialize('t', serde.serialize('t', -(2n ** 63n)))).toBe(-(2n ** 63n));
    expect(caught(() => serde.serialize('t', 2 ** 53 + 2)).reason).toMatch(/expected long, got 9007199254740994 \(number\)/);
    expect(caught(() => serde.serialize('t', 2n ** 63n)).operation).toBe('serialize');
  });
});

describe('avroSerde subjects and registration', () => {
  const user = { type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'id', type: 'int' }] };

  it('registers under <topic>-value, <topic>-key, the record name or <topic>-<record name>', () => {
    const registry = new FakeRegistry();
    avroSerde({ registry, schema: user }).serialize('users', { id: 1 });
    avroSerde({ registry, schema: user, isKey: true }).serialize('users', { id: 1 });
    avroSerde({ registry, schema: user, subjectNameStrategy: 'RecordNameStrategy' }).serialize('users', { id: 1 });
    avroSerde({ registry, schema: user, subjectNameStrategy: 'TopicRecordNameStrategy' }).serialize('users', { id: 1 });
    expect([...registry.subjects.keys()]).toEqual(['users-value', 'users-key', 'com.acme.User', 'users-com.acme.User']);
    // One schema, one id.
    expect(registry.schemas).toHaveLength(1);
  });

  it('refuses a record strategy for an unnamed schema', () => {
    expect(() => avroSerde({ registry: new FakeRegistry(), schema: '"string"', subjectNameStrategy: 'RecordNameStrategy' })).toThrow(/named/);
  });

  it('with autoRegister: false writes with the subject\'s latest schema, and fails clearly without one', () => {
    const registry = new FakeRegistry();
    registry.register('x-value', { schema: '"int"' });
    const v2 = registry.register('users-value', { schema: JSON.stringify(user) });
    const serde = avroSerde({ registry, autoRegister: false });
    const bytes = serde.serialize('users', { id: 5 }) as Uint8Array;
    expect([...bytes]).toEqual([0, 0, 0, 0, v2, 0x0a]);
    expect(registry.schemas).toHaveLength(2);
    const missing = caught(() => serde.serialize('nobody', { id: 5 }));
    expect(missing.reason).toMatch(/no schema under subject "nobody-value"/);
  });

  it('resolves schema references that name their subject\'s latest version', () => {
    const registry = new FakeRegistry();
    const address = { type: 'record', name: 'shop.Address', fields: [{ name: 'city', type: 'string' }] };
    const person = { type: 'record', name: 'shop.Person', fields: [{ name: 'name', type: 'string' }, { name: 'home', type: 'shop.Address' }] };
    registry.register('address', { schema: JSON.stringify(address) });
    registry.register('people-value', { schema: JSON.stringify(person), references: [{ name: 'shop.Address', subject: 'address', version: 1 }] });
    const serde = avroSerde({ registry, autoRegister: false });
    const value = { name: 'Ada', home: { city: 'London' } };
    expect(serde.deserialize('people', serde.serialize('people', value))).toEqual(value);

    registry.register('address', { schema: JSON.stringify({ ...address, doc: 'v2' }) });
    const stale = avroSerde({ registry, autoRegister: false });
    expect(caught(() => stale.serialize('people', value)).reason).toMatch(/only its latest \(2\) can be fetched/);
  });

  it('parses a writer schema once per id, not per record', () => {
    const { registry, serde } = serdeFor(user);
    const reader = avroSerde({ registry, schema: user });
    const bytes = serde.serialize('users', { id: 1 });
    for (let i = 0; i < 50; i++) reader.deserialize('users', bytes);
    expect(registry.byIdCalls).toBe(1);
  });
});

describe('avroSerde schema evolution', () => {
  const v1 = { type: 'record', name: 'Person', fields: [{ name: 'id', type: 'int' }, { name: 'name', type: 'string' }] };
  const v2 = {
    type: 'record',
    name: 'Person',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'name', type: 'string' },
      { name: 'email', type: ['null', 'string'], default: null },
      { name: 'score', type: 'long', default: 5 },
      { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }, default: '\u0001\u0000' },
      { name: 'kind', type: ['string', 'int'], default: 'basic' },
    ],
  };

  it('reads v1 bytes with a v2 reader, filling the added fields with their defaults', () => {
    const registry = new FakeRegistry();
    const bytes = avroSerde({ registry, schema: v1 }).serialize('people', { id: 7, name: 'Ada' });
    const reader = avroSerde({ registry, readerSchema: v2, autoRegister: false });
    expect(reader.deserialize('people', bytes)).toEqual({ id: 7, name: 'Ada', email: null, score: 5, price: { unscaled: 256n, scale: 2 }, kind: { string: 'basic' } });
  });

  it('reads v2 bytes with an older reader, dropping the fields it does not know; not with one that narrows long to int', () => {
    const registry = new FakeRegistry();
    const bytes = avroSerde({ registry, schema: v2 }).serialize('people', { id: 7, name: 'Ada', email: 'a@b', score: 1, price: { unscaled: 1n, scale: 2 }, kind: { int: 3 } });
    const v1WithLongId = { ...v1, fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }] };
    expect(avroSerde({ registry, readerSchema: v1WithLongId, autoRegister: false }).deserialize('people', bytes)).toEqual({ id: 7, name: 'Ada' });
    const narrowing = caught(() => avroSerde({ registry, readerSchema: v1, autoRegister: false }).deserialize('people', bytes));
    expect(narrowing.reason).toBe('schema id 1 cannot be read as the reader schema: cannot read "long" as "int"');
  });

  it('writes a missing field as its default, or as null when the field is nullable', () => {
    const { serde } = serdeFor(v2);
    expect(serde.deserialize('people', serde.serialize('people', { id: 1, name: 'x' }))).toEqual({
      id: 1,
      name: 'x',
      email: null,
      score: 5,
      price: { unscaled: 256n, scale: 2 },
      kind: { string: 'basic' },
    });
    const nullable = serdeFor({ type: 'record', name: 'N', fields: [{ name: 'a', type: ['string', 'null'] }] }).serde;
    expect(nullable.deserialize('t', nullable.serialize('t', {}))).toEqual({ a: null });
  });

  it('refuses a reader the writer cannot resolve to', () => {
    const registry = new FakeRegistry();
    const bytes = avroSerde({ registry, schema: v1 }).serialize('people', { id: 7, name: 'Ada' });
    const otherScale = { type: 'record', name: 'Person', fields: [{ name: 'extra', type: 'string' }] };
    const error = caught(() => avroSerde({ registry, readerSchema: otherScale, autoRegister: false }).deserialize('people', bytes));
    expect(error.reason).toMatch(/schema id 1 cannot be read as the reader schema/);
  });

  it('resolves a decimal only to the same scale and precision', () => {
    const registry = new FakeRegistry();
    const writer = { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 };
    const bytes = avroSerde({ registry, schema: writer }).serialize('t', { unscaled: 1234n, scale: 2 });
    expect(avroSerde({ registry, readerSchema: writer, autoRegister: false }).deserialize('t', bytes)).toEqual({ unscaled: 1234n, scale: 2 });
    // A plain bytes writer (same bytes) reads as the reader's decimal.
    const plain = avroSerde({ registry, schema: '"bytes"' }).serialize('u', Uint8Array.of(0x04, 0xd2));
    expect(avroSerde({ registry, readerSchema: writer, autoRegister: false }).deserialize('u', plain)).toEqual({ unscaled: 1234n, scale: 2 });
    const rescaled = { ...writer, scale: 3 };
    expect(caught(() => avroSerde({ registry, readerSchema: rescaled, autoRegister: false }).deserialize('t', bytes)).reason).toMatch(/cannot be read/);
  });
});

describe('avroSerde value mapping', () => {
  it('maps decimals through the decimal option', () => {
    const asText: AvroDecimalMapping = {
      of(unscaled, scale) {
        const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
        return `${unscaled < 0n ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
      },
      parts(value) {
        const [whole = '', fraction = ''] = String(value).split('.');
        return { unscaled: BigInt(whole + fraction), scale: fraction.length };
      },
    };
    const { serde } = serdeFor({ type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 }, { decimal: asText });
    const bytes = serde.serialize('t', '123.45') as Uint8Array;
    expect([...bytes.subarray(5)]).toEqual([0x04, 0x30, 0x39]);
    expect(serde.deserialize('t', bytes)).toBe('123.45');
    expect(serde.deserialize('t', serde.serialize('t', '-0.05'))).toBe('-0.05');
    expect(caught(() => serde.serialize('t', '1.5')).reason).toMatch(/decimal scale 1 differs from the schema's scale 2/);
  });

  it('refuses decimals with the wrong scale or too many digits, and says where', () => {
    const { serde } = serdeFor({ type: 'record', name: 'P', fields: [{ name: 'price', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }] }] });
    const wrongScale = caught(() => serde.serialize('prices', { price: { unscaled: 1n, scale: 3 } }));
    expect(wrongScale.reason).toMatch(/^schema id 1: price: decimal scale 3 differs from the schema's scale 2/);
    expect([wrongScale.serde, wrongScale.topic, wrongScale.operation]).toEqual(['Avro', 'prices', 'serialize']);
    expect(caught(() => serde.serialize('prices', { price: { unscaled: 12345n, scale: 2 } })).reason).toMatch(/5 digits exceeds the schema's precision 4/);
    expect(caught(() => serde.serialize('prices', { price: 1.5 })).reason).toMatch(/expected a decimal \{ unscaled: bigint, scale: number \}/);
  });

  it('names the field and expected type of a mistyped value', () => {
    const { serde } = serdeFor({ type: 'record', name: 'R', fields: [{ name: 'inner', type: { type: 'record', name: 'I', fields: [{ name: 'n', type: 'int' }] } }] });
    expect(caught(() => serde.serialize('t', { inner: { n: 'x' } })).reason).toBe('schema id 1: inner.n: expected int, got "x" (string)');
    expect(caught(() => serde.serialize('t', { inner: {} })).reason).toBe('schema id 1: inner.n: expected int, got undefined');
    // The path is in the in-memory value: no branch name for a nullable union, one for a wrapped union.
    const unions = serdeFor({
      type: 'record',
      name: 'U',
      fields: [
        { name: 'opt', type: ['null', { type: 'array', items: 'int' }] },
        { name: 'multi', type: ['string', { type: 'map', values: 'int' }] },
      ],
    }).serde;
    expect(caught(() => unions.serialize('t', { opt: [1, 'x'], multi: { string: 's' } })).reason).toBe('schema id 1: opt.1: expected int, got "x" (string)');
    expect(caught(() => unions.serialize('t', { opt: null, multi: { map: { k: 1.5 } } })).reason).toBe('schema id 1: multi.map.k: expected int, got 1.5 (number)');
  });

  it('refuses a bad uuid and an unwrapped value for a union of several types', () => {
    expect(caught(() => serdeFor({ type: 'string', logicalType: 'uuid' }).serde.serialize('t', 'nope')).reason).toMatch(/expected a UUID string/);
    const { serde } = serdeFor(['null', 'string', 'long']);
    expect(serde.deserialize('t', serde.serialize('t', { long: 3 }))).toEqual({ long: 3 });
    expect(caught(() => serde.serialize('t', 'bare')).reason).toBe('schema id 1: (root): expected null or a one-key object {"string" | "long": value}, got "bare" (string)');
    expect(caught(() => serde.serialize('t', { int: 3 })).reason).toMatch(/expected null or a one-key object/);
  });
});

describe('avroSerde deserialization errors', () => {
  const { registry, serde } = serdeFor({ type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }] });
  const good = serde.serialize('t', { s: 'hello' }) as Uint8Array;

  it('refuses a bad magic byte', () => {
    const bad = Uint8Array.from(good);
    bad[0] = 1;
    const error = caught(() => serde.deserialize('t', bad));
    expect(error.reason).toMatch(/Unknown magic byte 1/);
    expect([error.serde, error.topic, error.operation]).toEqual(['Avro', 't', 'deserialize']);
  });

  it('refuses an unknown id', () => {
    const unknown = Uint8Array.from(good);
    unknown[4] = 99;
    expect(caught(() => serde.deserialize('t', unknown)).reason).toBe('unknown schema id 99: Schema 99 not found (40403)');
  });

  it('refuses short, truncated and over-long records', () => {
    expect(caught(() => serde.deserialize('t', good.subarray(0, 3))).reason).toMatch(/too short/);
    expect(caught(() => serde.deserialize('t', good.subarray(0, good.length - 1))).reason).toMatch(/truncated Avro payload for schema id 1/);
    expect(caught(() => serde.deserialize('t', Uint8Array.from([...good, 0]))).reason).toMatch(/1 trailing bytes/);
  });

  it('refuses a schema id that is not Avro', () => {
    registry.register('p-value', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' });
    expect(caught(() => serde.deserialize('t', Uint8Array.of(0, 0, 0, 0, 2, 0))).reason).toMatch(/schema id 2 is a PROTOBUF schema, not AVRO/);
  });

  it('passes tombstones through', () => {
    expect(serde.serialize('t', null)).toBeNull();
    expect(serde.deserialize('t', null)).toBeNull();
  });
});
