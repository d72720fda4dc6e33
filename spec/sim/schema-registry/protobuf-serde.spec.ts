import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../src/sim/serde.js';
import { protobufNoSrSerde, protobufSerde } from '../../../src/sim/schema-registry/protobuf-serde.js';
import { SchemaRegistry } from '../../../src/sim/schema-registry/schema-registry.js';
import { int32, int64, SCALARS_PROTO, scalarsOf } from './proto-fixtures.js';


const SHAPES_PROTO = `
syntax = "proto3";
package test.shapes;

enum Status {
  STATUS_UNKNOWN = 0;
  ACTIVE = 1;
  SUSPENDED = 2;
}

message Account {
  message Address {
    string street = 1;
    int32 zip = 2;
  }
  string id = 1;
  Status status = 2;
  repeated int64 amounts = 3;
  repeated string tags = 4;
  repeated Address addresses = 5;
  map<string, int64> balances = 6;
  map<int32, Address> by_zip = 7;
  map<bool, string> flags = 8;
  Address home = 9;
  oneof contact {
    string email = 10;
    int32 phone = 11;
    Address postal = 12;
  }
  repeated Status history = 13;
  optional int32 score = 14;
}
`;

const NESTED_PROTO = `
syntax = "proto3";
package p;

message A {
  message B { int32 x = 1; }
  message C {
    message D { int32 y = 1; }
  }
}
enum Color { RED = 0; }
message E { int32 z = 1; }
`;

const hex = (bytes: Uint8Array | null): string => Buffer.from(bytes ?? new Uint8Array()).toString('hex');


const scalars = scalarsOf(fc.float());

const address = fc.record({ street: fc.string(), zip: int32 });
const status = fc.constantFrom('STATUS_UNKNOWN', 'ACTIVE', 'SUSPENDED');
const contact = fc.oneof(
  fc.constant({}),
  fc.record({ email: fc.string() }),
  fc.record({ phone: int32 }),
  fc.record({ postal: address }),
);
const account = fc
  .tuple(
    fc.record({
      id: fc.string(),
      status,
      amounts: fc.array(int64, { maxLength: 4 }),
      tags: fc.array(fc.string(), { maxLength: 3 }),
      addresses: fc.array(address, { maxLength: 2 }),
      balances: fc.dictionary(fc.string(), int64, { maxKeys: 3 }),
      by_zip: fc.dictionary(int32.map(String), address, { maxKeys: 3 }),
      flags: fc.dictionary(fc.constantFrom('true', 'false'), fc.string(), { maxKeys: 2 }),
      home: fc.option(address, { nil: null }),
      history: fc.array(status, { maxLength: 3 }),
    }),
    contact,
    fc.option(fc.record({ score: int32 }), { nil: {} }),
  )
  .map(([base, c, score]) => ({ ...base, ...c, ...score }));

function expectSerdeError(f: () => unknown, operation: 'serialize' | 'deserialize', reason: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SerdeError);
  const error = caught as SerdeError;
  expect(error.operation).toBe(operation);
  expect(error.topic).toBe('t');
  expect(error.serde).toBe('Protobuf');
  expect(error.reason).toMatch(reason);
}

describe('protobufSerde', () => {
  it('writes magic 0, the id, index 0 and protobuf-java bytes for a small message (hand-computed)', () => {
    const registry = new SchemaRegistry();
    const schema = 'syntax = "proto3";\npackage demo;\nmessage Order { int32 id = 1; string item = 2; bool paid = 3; }';
    const serde = protobufSerde({ registry, schema });
    // id 150: tag 08, varint 96 01; item "ab": tag 12, length 02, 61 62; paid false: a proto3 default, not written.
    expect(hex(serde.serialize('orders', { id: 150, item: 'ab', paid: false }))).toBe('00' + '00000001' + '00' + '089601' + '12026162');
    expect(registry.latest('orders-value')).toMatchObject({ id: 1, schemaType: 'PROTOBUF', schema: schema.trim() });
    // Negative int32: ten-byte varint, as Java writes it.
    expect(hex(serde.serialize('orders', { id: -1 }))).toBe('000000000100' + '08ffffffffffffffffff01');
  });

  it('reads unset proto3 scalars as their defaults, unset messages as null, unset oneof members as absent', () => {
    const serde = protobufSerde({ registry: new SchemaRegistry(), schema: SHAPES_PROTO });
    const read = serde.deserialize('t', serde.serialize('t', {}));
    expect(read).toEqual({
      id: '', status: 'STATUS_UNKNOWN', amounts: [], tags: [], addresses: [], balances: {}, by_zip: {}, flags: {}, home: null, history: [],
    });
    expect(Object.keys(read as object)).not.toContain('email');
    expect(Object.keys(read as object)).not.toContain('score');
  });

  it('round-trips every scalar type', () => {
    const serde = protobufSerde({ registry: new SchemaRegistry(), schema: SCALARS_PROTO });
    fc.assert(
      fc.property(scalars, (value) => {
        expect(serde.deserialize('t', serde.serialize('t', value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts bigints for safe 64-bit values and reads them back as numbers', () => {
    const serde = protobufSerde({ registry: new SchemaRegistry(), schema: SCALARS_PROTO });
    const read = serde.deserialize('t', serde.serialize('t', { f_int64: 5n, f_uint64: 18446744073709551615n })) as Record<string, unknown>;
    expect(read.f_int64).toBe(5);
    expect(read.f_uint64).toBe(18446744073709551615n);
  });

  it('round-trips enums, repeated fields, maps, nested messages and oneofs', () => {
    const serde = protobufSerde({ registry: new SchemaRegistry(), schema: SHAPES_PROTO });
    fc.assert(
      fc.property(account, (value) => {
        expect(serde.deserialize('t', serde.serialize('t', value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('writes packed repeated scalars and keyed map entries as protoc does', () => {
    const schema = 'syntax = "proto3";\nmessage M { repeated int32 r = 1; map<string, int32> m = 2; }';
    const serde = protobufNoSrSerde({ schema });
    // r: tag 0a, length 03, 01 02 03; m entry: tag 12, length 05, key (0a 01 'k'), value (10 07).
    expect(hex(serde.serialize('t', { r: [1, 2, 3], m: { k: 7 } }))).toBe('0a03010203' + '1205' + '0a016b' + '1007');
    // Unpacked repeated ints are read too (a proto2 writer's form).
    expect(serde.deserialize('t', Uint8Array.from([0x08, 0x01, 0x08, 0x02]))).toEqual({ r: [1, 2], m: {} });
  });

  it('writes the path of a nested message as its message indexes, and reads it back with that type', () => {
    const registry = new SchemaRegistry();
    const d = protobufSerde({ registry, schema: NESTED_PROTO, messageName: 'p.A.C.D' });
    // count 3 (zig-zag 6), then 0, 1 (zig-zag 2), 0; then y = 5.
    expect(hex(d.serialize('t', { y: 5 }))).toBe('0000000001' + '06000200' + '0805');
    const e = protobufSerde({ registry, schema: NESTED_PROTO, messageName: 'p.E', subjectNameStrategy: 'RecordNameStrategy' });
    // The enum between A and E does not count: E is message 1.
    expect(hex(e.serialize('t', { z: 5 }))).toBe('0000000001' + '0202' + '0805');
    expect(registry.latest('p.E').id).toBe(1);
    const reader = protobufSerde({ registry, autoRegister: false });
    expect(reader.deserialize('t', d.serialize('t', { y: 5 }))).toEqual({ y: 5 });
    expect(reader.deserialize('t', e.serialize('t', { z: 9 }))).toEqual({ z: 9 });
    const b = protobufSerde({ registry, schema: NESTED_PROTO, messageName: 'p.A.B' });
    expect(hex(b.serialize('t', { x: 1 }))).toBe('0000000001' + '040000' + '0801');
  });

  it('with autoRegister off, writes with the subject\'s latest schema', () => {
    const registry = new SchemaRegistry();
    registry.register('t-value', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage K { string s = 1; }' });
    const serde = protobufSerde({ registry, autoRegister: false });
    expect(hex(serde.serialize('t', { s: 'a' }))).toBe('000000000100' + '0a0161');
    const keys = protobufSerde({ registry, autoRegister: false, isKey: true });
    expectSerdeError(() => keys.serialize('t', { s: 'a' }), 'serialize', /no schema under subject "t-key"/);
  });

  it('PROTOBUF_NOSR writes the plain protobuf bytes (no magic, id or indexes)', () => {
    const framed = protobufSerde({ registry: new SchemaRegistry(), schema: SHAPES_PROTO });
    const plain = protobufNoSrSerde({ schema: SHAPES_PROTO });
    fc.assert(
      fc.property(account, (value) => {
        const bytes = plain.serialize('t', value);
        expect(hex(framed.serialize('t', value))).toBe('000000000100' + hex(bytes));
        expect(plain.deserialize('t', bytes)).toEqual(value);
      }),
      { numRuns: 100 },
    );
    expect(plain.serialize('t', null)).toBeNull();
    expect(plain.deserialize('t', null)).toBeNull();
  });

  it('refuses a bad magic byte, an unknown id, an index path with no message, and truncated payloads', () => {
    const registry = new SchemaRegistry();
    const serde = protobufSerde({ registry, schema: NESTED_PROTO });
    serde.serialize('t', {});
    expectSerdeError(() => serde.deserialize('t', Uint8Array.from([1, 0, 0, 0, 1, 0])), 'deserialize', /Unknown magic byte 1/);
    expectSerdeError(() => serde.deserialize('t', Uint8Array.from([0, 0, 0, 0, 9, 0])), 'deserialize', /unknown schema id 9/);
    // Path [2]: the file has two messages.
    expectSerdeError(() => serde.deserialize('t', Uint8Array.from([0, 0, 0, 0, 1, 2, 4])), 'deserialize', /no message at index path \[2\]/);
    // Path [0, 5]: A has two nested messages.
    expectSerdeError(() => serde.deserialize('t', Uint8Array.from([0, 0, 0, 0, 1, 4, 0, 10])), 'deserialize', /no message at index path \[0, 5\]/);
    const e = protobufSerde({ registry, schema: NESTED_PROTO, messageName: 'p.E' });
    // z is a varint cut short; then a length-delimited field longer than the payload.
    expectSerdeError(() => e.deserialize('t', Uint8Array.from([0, 0, 0, 0, 1, 2, 2, 0x08, 0x96])), 'deserialize', /p\.E/);
    expectSerdeError(() => e.deserialize('t', Uint8Array.from([0, 0, 0, 0, 1, 2, 2, 0x12, 0x05, 0x01])), 'deserialize', /p\.E/);
  });

  it('refuses values that do not fit the message, naming the field', () => {
    const serde = protobufSerde({ registry: new SchemaRegistry(), schema: SHAPES_PROTO });
    expectSerdeError(() => serde.serialize('t', { id: 5 }), 'serialize', /id: expected a string/);
    expectSerdeError(() => serde.serialize('t', { status: 'GONE' }), 'serialize', /status: "GONE" is not a value of enum/);
    expectSerdeError(() => serde.serialize('t', { amounts: [1.5] }), 'serialize', /amounts\[0\]: expected a int64/);
    expectSerdeError(() => serde.serialize('t', { home: { zip: 2 ** 31 } }), 'serialize', /home\.zip: expected a int32/);
    expectSerdeError(() => serde.serialize('t', { by_zip: { x: {} } }), 'serialize', /map key "x" is not an integer/);
    expectSerdeError(() => serde.serialize('t', { email: 'a', phone: 1 }), 'serialize', /oneof contact has 2 members set/);
    expectSerdeError(() => serde.serialize('t', { nope: 1 }), 'serialize', /no field "nope"/);
    expectSerdeError(() => serde.serialize('t', { id: 0 }), 'serialize', /id: expected a string/);
  });

  it('refuses a schema id that is not PROTOBUF', () => {
    const registry = new SchemaRegistry();
    registry.register('a-value', { schemaType: 'AVRO', schema: '"string"' });
    const serde = protobufSerde({ registry, schema: NESTED_PROTO });
    expectSerdeError(() => serde.deserialize('t', Uint8Array.from([0, 0, 0, 0, 1, 0])), 'deserialize', /is a AVRO schema, not PROTOBUF/);
  });
});
