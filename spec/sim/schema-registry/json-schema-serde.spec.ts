import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../src/sim/serde.js';
import { jsonSchemaSerde, type JsonSchemaSerdeOptions } from '../../../src/sim/schema-registry/json-schema-serde.js';
import { SchemaRegistry } from '../../../src/sim/schema-registry/schema-registry.js';
import type { SchemaById, SchemaRegistryClient } from '../../../src/sim/schema-registry/types.js';
import { frame } from '../../../src/sim/schema-registry/wire-format.js';

const TOPIC = 'orders';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function serdeFor(schema: object | string | undefined, extra: Partial<JsonSchemaSerdeOptions> = {}) {
  const registry = new SchemaRegistry();
  return { registry, serde: jsonSchemaSerde({ registry, ...(schema === undefined ? {} : { schema }), ...extra }) };
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

// ---- hand-written schemas and values that fit them ----

const person = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    age: { type: 'integer', minimum: 0 },
    email: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['street'],
      additionalProperties: false,
    },
  },
  required: ['name', 'tags'],
  additionalProperties: false,
};

const text = fc.string({ unit: 'binary', maxLength: 12 });
const personValue = fc.record(
  {
    name: text,
    age: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    email: fc.option(text, { nil: null }),
    tags: fc.array(text, { maxLength: 4 }),
    address: fc.record({ street: text, zip: fc.stringMatching(/^[0-9]{5}$/) }, { requiredKeys: ['street'] }),
  },
  { requiredKeys: ['name', 'tags'] },
);

const payment = {
  type: 'object',
  properties: {
    kind: { enum: ['CARD', 'CASH', 'VOUCHER'] },
    amount: { type: 'number' },
    count: { type: 'integer' },
    flags: { type: 'array', items: { type: ['boolean', 'null'] } },
  },
  required: ['kind', 'amount', 'count'],
};
// JSON has no -0 (it reads back as 0), and no NaN or infinities.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MAX = 2n ** 63n - 1n;
/** Integers as the serde reads them back under "type": "integer": safe numbers, bigints beyond 2^53. */
const integer: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.maxSafeInteger(),
  fc.bigInt({ min: SAFE + 1n, max: INT64_MAX }),
  fc.bigInt({ min: -INT64_MAX - 1n, max: -SAFE - 1n }),
);
const paymentValue = fc.record(
  {
    kind: fc.constantFrom('CARD', 'CASH', 'VOUCHER'),
    amount: finite,
    count: integer,
    flags: fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 3 }),
  },
  { requiredKeys: ['kind', 'amount', 'count'] },
);

const matrix = { type: 'array', items: { type: 'array', items: { type: ['integer', 'null'] } } };
const matrixValue = fc.array(fc.array(fc.option(integer, { nil: null }), { maxLength: 4 }), { maxLength: 4 });

const tuple2020 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $defs: { id: { type: 'integer' } },
  type: 'array',
  prefixItems: [{ type: 'string' }, { $ref: '#/$defs/id' }],
  items: false,
  minItems: 2,
};
const tupleValue = fc.tuple(text, integer);

describe('jsonSchemaSerde round trips', () => {
  const cases: [string, object, fc.Arbitrary<unknown>][] = [
    ['objects with required, optional, nullable, nested and no additional properties', person, personValue],
    ['enums, numbers, integers and nullable array items', payment, paymentValue],
    ['nested arrays of nullable integers', matrix, matrixValue],
    ['a draft 2020-12 tuple with a $ref', tuple2020, tupleValue],
  ];
  for (const [label, schema, values] of cases) {
    it(label, () => {
      const { serde } = serdeFor(schema);
      fc.assert(
        fc.property(values, (value) => {
          const bytes = serde.serialize(TOPIC, value);
          expect(bytes).not.toBeNull();
          expect(serde.deserialize(TOPIC, bytes)).toEqual(value);
        }),
      );
    });
  }

  it('reads with a serde that only knows the registry (no schema of its own)', () => {
    const { registry, serde } = serdeFor(payment);
    const reader = jsonSchemaSerde({ registry, autoRegister: false });
    const value = { kind: 'CASH', amount: 1.5, count: 2n ** 60n };
    expect(reader.deserialize(TOPIC, serde.serialize(TOPIC, value))).toEqual(value);
  });

  it('passes tombstones through', () => {
    const { serde } = serdeFor(person);
    expect(serde.serialize(TOPIC, null)).toBeNull();
    expect(serde.deserialize(TOPIC, null)).toBeNull();
  });
});

describe('jsonSchemaSerde wire format', () => {
  it('writes magic 0, the 4-byte id and the compact UTF-8 JSON text', () => {
    const { registry, serde } = serdeFor({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } });
    const bytes = serde.serialize(TOPIC, { id: 7, name: 'é' });
    // {"id":7,"name":"é"}
    const json = [0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x37, 0x2c, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0xa9, 0x22, 0x7d];
    expect(Array.from(bytes!)).toEqual([0, 0, 0, 0, 1, ...json]);
    const registered = registry.latest('orders-value');
    expect(registered.schemaType).toBe('JSON');
    expect(registered.schema).toBe('{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}');
  });

  it('writes integers beyond 2^53 with their exact digits and reads them back as bigints', () => {
    const { serde } = serdeFor({ type: 'object', properties: { id: { type: 'integer' } } });
    const bytes = serde.serialize(TOPIC, { id: 9223372036854775807n })!;
    expect(new TextDecoder().decode(bytes.subarray(5))).toBe('{"id":9223372036854775807}');
    expect(serde.deserialize(TOPIC, bytes)).toEqual({ id: 9223372036854775807n });
  });

  it('reads big integer literals as bigints only where the schema says integer', () => {
    const schema = {
      type: 'object',
      definitions: { big: { type: 'integer' } },
      properties: {
        n: { type: 'number' },
        i: { type: 'integer' },
        ref: { $ref: '#/definitions/big' },
        maybe: { type: ['integer', 'null'] },
        safe: { type: 'integer' },
        exp: { type: 'integer' },
        s: { type: 'string' },
        list: { type: 'array', items: { type: 'integer' } },
      },
    };
    const { registry, serde } = serdeFor(schema);
    const id = registry.register('orders-value', { schemaType: 'JSON', schema: JSON.stringify(schema) });
    const payload =
      '{"n":12345678901234567891,"i":12345678901234567891,"ref":-12345678901234567891,"maybe":12345678901234567891,' +
      '"safe":9007199254740991,"exp":1e20,"s":"12345678901234567891","list":[1,12345678901234567891]}';
    expect(serde.deserialize(TOPIC, frame(id, utf8(payload), { serde: 't', topic: TOPIC, operation: 'serialize' }))).toEqual({
      n: 12345678901234567000,
      i: 12345678901234567891n,
      ref: -12345678901234567891n,
      maybe: 12345678901234567891n,
      safe: 9007199254740991,
      exp: 1e20,
      s: '12345678901234567891',
      list: [1, 12345678901234567891n],
    });
  });

  it('reads a big integer at the root of an integer schema as a bigint', () => {
    const { serde } = serdeFor({ type: 'integer' });
    const bytes = serde.serialize(TOPIC, -(2n ** 63n))!;
    expect(new TextDecoder().decode(bytes.subarray(5))).toBe('-9223372036854775808');
    expect(serde.deserialize(TOPIC, bytes)).toBe(-(2n ** 63n));
  });

  it('refuses bad magic, short buffers, unknown ids, non-JSON schemas and payloads that are not JSON', () => {
    const { registry, serde } = serdeFor(person);
    const id = registry.register('orders-value', { schemaType: 'JSON', schema: JSON.stringify(person) });
    const ctx = { serde: 't', topic: TOPIC, operation: 'serialize' } as const;

    const magic = caught(() => serde.deserialize(TOPIC, Uint8Array.from([1, 0, 0, 0, id, 0x7b, 0x7d])));
    expect(magic.operation).toBe('deserialize');
    expect(magic.reason).toContain('Unknown magic byte 1');
    expect(caught(() => serde.deserialize(TOPIC, Uint8Array.from([0, 0, 0]))).reason).toContain('too short');

    const unknown = caught(() => serde.deserialize(TOPIC, frame(99, utf8('{}'), ctx)));
    expect(unknown.reason).toMatch(/^unknown schema id 99/);

    const avroId = registry.register('other-value', { schemaType: 'AVRO', schema: '"string"' });
    expect(caught(() => serde.deserialize(TOPIC, frame(avroId, utf8('"x"'), ctx))).reason).toBe(`schema id ${avroId} is a AVRO schema, not JSON`);

    expect(caught(() => serde.deserialize(TOPIC, frame(id, utf8('{"name":'), ctx))).reason).toMatch(/^invalid JSON payload for schema id 1: /);
    expect(caught(() => serde.deserialize(TOPIC, frame(id, Uint8Array.from([0x22, 0xff, 0x22]), ctx))).reason).toMatch(/^invalid JSON payload for schema id 1: /);
  });
});

describe('jsonSchemaSerde validation', () => {
  it('refuses values that break the schema on write, naming the instance path and the rule', () => {
    const { serde } = serdeFor(person);
    const cases: [unknown, string][] = [
      [{ tags: [] }, "(root) must have required property 'name' (required at #/required)"],
      [{ name: 'a', tags: [], age: 1.5 }, '/age must be integer (type at #/properties/age/type)'],
      [{ name: 'a', tags: [], age: -1 }, '/age must be >= 0 (minimum at #/properties/age/minimum)'],
      [{ name: 'a', tags: ['x', 3] }, '/tags/1 must be string (type at #/properties/tags/items/type)'],
      [{ name: 'a', tags: [], extra: 1 }, '(root) must NOT have additional properties "extra" (additionalProperties at #/additionalProperties)'],
      [{ name: 'a', tags: [], email: 5 }, '/email must be string,null (type at #/properties/email/type)'],
      [
        { name: 'a', tags: [], address: { street: 's', zip: '123' } },
        '/address/zip must match pattern "^[0-9]{5}$" (pattern at #/properties/address/properties/zip/pattern)',
      ],
    ];
    for (const [value, reason] of cases) {
      const error = caught(() => serde.serialize(TOPIC, value));
      expect(error.serde).toBe('JsonSchema');
      expect(error.topic).toBe(TOPIC);
      expect(error.operation).toBe('serialize');
      expect(error.reason).toBe(`value does not match schema id 1: ${reason}`);
    }
  });

  it('names the allowed values of an enum, and refuses non-finite numbers', () => {
    const { serde } = serdeFor(payment, { name: 'JSON_SR' });
    const bad = caught(() => serde.serialize(TOPIC, { kind: 'GOLD', amount: 1, count: 1 }));
    expect(bad.serde).toBe('JSON_SR');
    expect(bad.reason).toBe('value does not match schema id 1: /kind must be equal to one of the allowed values ["CARD","CASH","VOUCHER"] (enum at #/properties/kind/enum)');
    expect(caught(() => serde.serialize(TOPIC, { kind: 'CASH', amount: Number.NaN, count: 1 })).reason).toBe(
      'value does not match schema id 1: /amount must be number (type at #/properties/amount/type)',
    );
    // A bigint is checked as the number it is close to: one where a string belongs is refused.
    expect(caught(() => serde.serialize(TOPIC, { kind: 2n ** 70n, amount: 1, count: 1 })).reason).toContain('/kind must be equal to one of the allowed values');
  });

  it('refuses values that break the writer schema on read, and reads them when validation is off', () => {
    const { registry, serde } = serdeFor(person);
    const lax = jsonSchemaSerde({ registry, schema: person, validate: false });
    const bytes = lax.serialize(TOPIC, { name: 'a', tags: [], age: 'old' });
    expect(new TextDecoder().decode(bytes!.subarray(5))).toBe('{"name":"a","tags":[],"age":"old"}');
    const error = caught(() => serde.deserialize(TOPIC, bytes));
    expect(error.operation).toBe('deserialize');
    expect(error.reason).toBe('payload does not match schema id 1: /age must be integer (type at #/properties/age/type)');
    expect(lax.deserialize(TOPIC, bytes)).toEqual({ name: 'a', tags: [], age: 'old' });
  });

  it('picks the draft from $schema: 2020-12 prefixItems and items: false are enforced', () => {
    const { serde } = serdeFor(tuple2020);
    expect(caught(() => serde.serialize(TOPIC, ['a', 1, 2])).reason).toBe('value does not match schema id 1: (root) must NOT have more than 2 items (items at #/items)');
    expect(caught(() => serde.serialize(TOPIC, ['a', 'b'])).reason).toBe('value does not match schema id 1: /1 must be integer (type at #/$defs/id/type)');
    // Under draft-07 prefixItems means nothing: without "items" any array passes.
    const open = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] };
    const draft7 = serdeFor({ ...open, $schema: 'http://json-schema.org/draft-07/schema#' }).serde;
    expect(draft7.deserialize(TOPIC, draft7.serialize(TOPIC, [1, 'b']))).toEqual([1, 'b']);
    const draft2020 = serdeFor({ ...open, $schema: 'https://json-schema.org/draft/2020-12/schema' }).serde;
    expect(caught(() => draft2020.serialize(TOPIC, [1, 'b'])).reason).toBe('value does not match schema id 1: /0 must be string (type at #/prefixItems/0/type)');
  });

  it('reads draft-06 schemas', () => {
    const { serde } = serdeFor({ $schema: 'http://json-schema.org/draft-06/schema#', const: 'x' });
    expect(serde.deserialize(TOPIC, serde.serialize(TOPIC, 'x'))).toBe('x');
    expect(caught(() => serde.serialize(TOPIC, 'y')).reason).toBe('value does not match schema id 1: (root) must be equal to constant "x" (const at #/const)');
  });

  it('refuses draft-04 and unknown drafts when built', () => {
    expect(() => serdeFor({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'string' })).toThrow(/unsupported \$schema/);
    expect(() => serdeFor({ type: 'nonsense' })).toThrow(/jsonSchemaSerde: invalid schema/);
  });
});

describe('jsonSchemaSerde subjects and registry use', () => {
  const titled = { title: 'com.acme.Order', type: 'object', properties: { id: { type: 'integer' } } };

  it('names subjects like Confluent, with the title as the record name', () => {
    const cases: [Partial<JsonSchemaSerdeOptions>, string][] = [
      [{}, 'orders-value'],
      [{ isKey: true }, 'orders-key'],
      [{ subjectNameStrategy: 'RecordNameStrategy' }, 'com.acme.Order'],
      [{ subjectNameStrategy: 'TopicRecordNameStrategy' }, 'orders-com.acme.Order'],
    ];
    for (const [extra, subject] of cases) {
      const { registry, serde } = serdeFor(titled, extra);
      serde.serialize(TOPIC, { id: 1 });
      expect(registry.subjects()).toEqual([subject]);
    }
    expect(() => serdeFor({ type: 'object' }, { subjectNameStrategy: 'RecordNameStrategy' })).toThrow(/needs a schema with a "title"/);
  });

  it('writes with the latest schema when autoRegister is off, and fails without one', () => {
    const registry = new SchemaRegistry();
    const serde = jsonSchemaSerde({ registry, autoRegister: false });
    expect(caught(() => serde.serialize(TOPIC, { id: 1 })).reason).toMatch(/^no schema under subject "orders-value" \(autoRegister is off\)/);
    registry.register('other', { schemaType: 'JSON', schema: '{"type":"string"}' });
    const id = registry.register('orders-value', { schemaType: 'JSON', schema: JSON.stringify(titled) });
    const fresh = jsonSchemaSerde({ registry, autoRegister: false });
    const bytes = fresh.serialize(TOPIC, { id: 5 })!;
    expect(Array.from(bytes.subarray(0, 5))).toEqual([0, 0, 0, 0, id]);
    expect(caught(() => fresh.serialize(TOPIC, { id: 'x' })).reason).toBe(`value does not match schema id ${id}: /id must be integer (type at #/properties/id/type)`);
  });

  it('fetches and compiles each writer schema once', () => {
    const registry = new SchemaRegistry();
    let byIdCalls = 0;
    const counting: SchemaRegistryClient = {
      register: (subject, input) => registry.register(subject, input),
      latest: (subject) => registry.latest(subject),
      schemaById: (id): SchemaById => {
        byIdCalls++;
        return registry.schemaById(id);
      },
    };
    const writer = jsonSchemaSerde({ registry, schema: payment });
    const reader = jsonSchemaSerde({ registry: counting, autoRegister: false });
    for (let i = 0; i < 5; i++) reader.deserialize(TOPIC, writer.serialize(TOPIC, { kind: 'CARD', amount: i, count: 12345678901234567890n }));
    expect(byIdCalls).toBe(1);
  });

  it('resolves references by name to the referenced subject', () => {
    const registry = new SchemaRegistry();
    registry.register('customer', { schemaType: 'JSON', schema: '{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}' });
    const id = registry.register('orders-value', {
      schemaType: 'JSON',
      schema: '{"type":"object","properties":{"customer":{"$ref":"customer.json"}}}',
      references: [{ name: 'customer.json', subject: 'customer', version: 1 }],
    });
    const serde = jsonSchemaSerde({ registry, autoRegister: false });
    const ctx = { serde: 't', topic: TOPIC, operation: 'serialize' } as const;
    expect(serde.deserialize(TOPIC, frame(id, utf8('{"customer":{"id":98765432109876543210}}'), ctx))).toEqual({ customer: { id: 98765432109876543210n } });
    expect(caught(() => serde.deserialize(TOPIC, frame(id, utf8('{"customer":{}}'), ctx))).reason).toBe(
      `payload does not match schema id ${id}: /customer must have required property 'id' (required at customer.json/required)`,
    );
  });
});
