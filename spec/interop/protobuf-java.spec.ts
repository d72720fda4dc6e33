import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { describe, expect, it } from 'vitest';
import { protobufSerde } from '../../src/sim/schema-registry/protobuf-serde.js';
import { SchemaRegistry } from '../../src/sim/schema-registry/schema-registry.js';
import { int32, int64, SCALARS_PROTO, scalarsOf } from '../sim/schema-registry/proto-fixtures.js';

// Issue 9: the bytes agree with the reference library. protobuf-java 4.36 (the reference program's ProtobufCheck;
// `pretest` builds it) reads what streamsim's Protobuf serde wrote, in Confluent's wire format, to the values
// streamsim had (compared in JsonFormat's proto3 JSON form); its own encoding is byte for byte streamsim's, the
// message-index path Java computes from the descriptor is the one streamsim wrote, and streamsim reads Java's bytes
// back to the same values. Java gets the file as a FileDescriptorSet (protobufjs's), having no .proto parser.
const jar = fileURLToPath(new URL('../../bench/java/target/streamsim-reference.jar', import.meta.url));


const SHAPES_PROTO = `
syntax = "proto3";
package interop.shapes;

enum Status {
  STATUS_UNKNOWN = 0;
  ACTIVE = 1;
  SUSPENDED = 2;
}

message Account {
  map<string, int64> balances = 6;
  message Address {
    string street = 1;
    int32 zip = 2;
    message Geo { double lat = 1; double lon = 2; }
    Geo geo = 3;
  }
  string id = 1;
  Status status = 2;
  repeated int64 amounts = 3;
  repeated string tags = 4;
  repeated Address addresses = 5;
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

/** Fields whose values JsonFormat prints as strings (64-bit integers). */
const LONG_FIELDS = new Set(['f_int64', 'f_uint64', 'f_sint64', 'f_fixed64', 'f_sfixed64', 'amounts', 'balances']);

/** A value as protobuf-java's JsonFormat prints it: 64-bit as strings, bytes as base64, unset messages left out. */
function asJsonFormat(value: unknown, long = false): unknown {
  if (Array.isArray(value)) return value.map((v) => asJsonFormat(v, long));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (long) return String(value);
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = asJsonFormat(v, long || LONG_FIELDS.has(k));
    return out;
  }
  return value;
}

// protobufjs/ext/descriptor ships no real typings: its FileDescriptorSet is a reflected Type, and it adds toDescriptor to Root.
const { FileDescriptorSet } = descriptor as unknown as { FileDescriptorSet: protobuf.Type };
const toDescriptor = (root: protobuf.Root): protobuf.Message => (root as unknown as { toDescriptor(syntax: string): protobuf.Message }).toDescriptor('proto3');

/** protobufjs's descriptor, with map-entry types moved after the declared nested types, where Confluent puts them. */
function descriptorSet(text: string): string {
  const parsed = protobuf.parse(text, { keepCase: true });
  parsed.root.resolveAll();
  const set = FileDescriptorSet.toObject(toDescriptor(parsed.root)) as { file: { messageType?: Msg[] }[] };
  interface Msg { nestedType?: Msg[]; options?: { mapEntry?: boolean } }
  const reorder = (m: Msg): void => {
    const nested = m.nestedType ?? [];
    m.nestedType = [...nested.filter((n) => n.options?.mapEntry !== true), ...nested.filter((n) => n.options?.mapEntry === true)];
    m.nestedType.forEach(reorder);
  };
  for (const file of set.file) (file.messageType ?? []).forEach(reorder);
  return Buffer.from(FileDescriptorSet.encode(FileDescriptorSet.fromObject(set)).finish()).toString('base64');
}

interface JavaAnswer {
  readonly id: number;
  readonly indexes: number[];
  readonly json: string;
  readonly framed: string;
}

function javaCheck(requests: readonly { descriptor: string; message: string; framed: Uint8Array }[]): JavaAnswer[] {
  const input = requests.map((r) => JSON.stringify({ descriptor: r.descriptor, message: r.message, framed: Buffer.from(r.framed).toString('base64') })).join('\n');
  const out = execFileSync('java', ['-cp', jar, 'dev.streamsim.reference.ProtobufCheck'], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.trim().split('\n').map((l) => JSON.parse(l) as JavaAnswer);
}

// Floats Java prints exactly (Float.toString is shortest for float32, which JSON.parse reads as a double).
const float = fc.integer({ min: -(1 << 22), max: 1 << 22 }).map((n) => n / 4);

const scalars = scalarsOf(float);

const geo = fc.option(fc.record({ lat: fc.double({ noNaN: true }), lon: fc.double({ noNaN: true }) }), { nil: null });
const address = fc.record({ street: fc.string(), zip: int32, geo });
const status = fc.constantFrom('STATUS_UNKNOWN', 'ACTIVE', 'SUSPENDED');
const contact = fc.oneof(fc.constant({}), fc.record({ email: fc.string() }), fc.record({ phone: int32 }), fc.record({ postal: address }));
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

describe('streamsim Protobuf against protobuf-java', () => {
  it('Java reads what streamsim writes, computes the same index path, writes the same bytes, and streamsim reads those', () => {
    const registry = new SchemaRegistry();
    const files = [
      { text: SCALARS_PROTO, message: 'test.scalars.Scalars', values: fc.sample(scalars, { numRuns: 150, seed: 9 }), indexes: [0] },
      { text: SHAPES_PROTO, message: 'interop.shapes.Account', values: fc.sample(account, { numRuns: 150, seed: 9 }), indexes: [0] },
      { text: SHAPES_PROTO, message: 'interop.shapes.Account.Address', values: fc.sample(address, { numRuns: 40, seed: 9 }), indexes: [0, 0] },
      { text: SHAPES_PROTO, message: 'interop.shapes.Account.Address.Geo', values: [{ lat: 1.5, lon: -0 }, { lat: 0, lon: 0 }], indexes: [0, 0, 0] },
    ];
    const cases = files.flatMap((f, i) => {
      const serde = protobufSerde({ registry, schema: f.text, messageName: f.message, subjectNameStrategy: 'RecordNameStrategy', name: `Protobuf ${i}` });
      const desc = descriptorSet(f.text);
      return f.values.map((value) => ({ ...f, serde, value, descriptor: desc, framed: serde.serialize('t', value)! }));
    });
    const answers = javaCheck(cases);
    expect(answers).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const answer = answers[i]!;
      expect(answer.indexes, `${c.message}: Java's index path`).toEqual(c.indexes);
      expect(JSON.parse(answer.json), `${c.message}: Java's reading`).toEqual(asJsonFormat(c.value));
      expect(Buffer.from(answer.framed, 'base64').toString('hex'), `${c.message}: Java's bytes`).toBe(Buffer.from(c.framed).toString('hex'));
      expect(c.serde.deserialize('t', new Uint8Array(Buffer.from(answer.framed, 'base64'))), `${c.message}: streamsim reading Java's bytes`).toEqual(c.value);
    });
  });
});
