import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../src/sim/serde.js';
import type { SchemaRegistryClient } from '../../../src/sim/schema-registry/types.js';
import {
  decodeMessageIndexes,
  encodeMessageIndexes,
  fetchSchema,
  frame,
  readVarint,
  unframe,
  writeVarint,
  type WireContext,
} from '../../../src/sim/schema-registry/wire-format.js';

const ctx: WireContext = { serde: 'Avro', topic: 'orders', operation: 'deserialize' };

function caught(f: () => unknown): SerdeError {
  try {
    f();
  } catch (error) {
    if (error instanceof SerdeError) return error;
    throw error;
  }
  throw new Error('expected a SerdeError');
}

function varint(value: number): number[] {
  const out: number[] = [];
  writeVarint(value, out);
  return out;
}

describe('Confluent framing', () => {
  it('writes magic 0, the id as 4 big-endian bytes, then the payload', () => {
    expect([...frame(1, Uint8Array.of(0xaa, 0xbb), ctx)]).toEqual([0, 0, 0, 0, 1, 0xaa, 0xbb]);
    expect([...frame(0x01020304, new Uint8Array(0), ctx)]).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads the id and a view of the payload, also from a subarray', () => {
    const backing = Uint8Array.of(9, 9, 0, 0, 0, 1, 0, 7, 8);
    const { schemaId, payload } = unframe(backing.subarray(2), ctx);
    expect(schemaId).toBe(256);
    expect([...payload]).toEqual([7, 8]);
  });

  it('round-trips any id and payload', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.uint8Array(), (id, payload) => {
        const back = unframe(frame(id, payload, ctx), ctx);
        expect(back.schemaId).toBe(id);
        expect([...back.payload]).toEqual([...payload]);
      }),
    );
  });

  it('refuses a bad magic byte and a short buffer, naming serde, topic and operation', () => {
    const bad = caught(() => unframe(Uint8Array.of(1, 0, 0, 0, 1, 2), ctx));
    expect(bad.reason).toMatch(/Unknown magic byte 1/);
    expect([bad.serde, bad.topic, bad.operation]).toEqual(['Avro', 'orders', 'deserialize']);
    expect(caught(() => unframe(Uint8Array.of(0, 0, 0, 1), ctx)).reason).toMatch(/4 bytes is too short/);
    expect(caught(() => unframe(new Uint8Array(0), ctx)).reason).toMatch(/0 bytes is too short/);
  });

  it('refuses an id that does not fit 4 bytes', () => {
    expect(caught(() => frame(-1, new Uint8Array(0), ctx)).reason).toMatch(/schema id -1/);
    expect(caught(() => frame(2 ** 31, new Uint8Array(0), ctx)).reason).toMatch(/schema id 2147483648/);
  });

  it('turns an unknown id into a SerdeError that keeps the registry error as cause', () => {
    const registryError = new Error('Schema 7 not found (40403)');
    const registry: SchemaRegistryClient = {
      register: () => 1,
      latest: () => {
        throw new Error('unused');
      },
      schemaById: () => {
        throw registryError;
      },
    };
    const error = caught(() => fetchSchema(registry, 7, ctx));
    expect(error.reason).toBe('unknown schema id 7: Schema 7 not found (40403)');
    expect(error.cause).toBe(registryError);
  });
});

describe('zig-zag varints (Kafka ByteUtils)', () => {
  it('encodes by hand-computed examples', () => {
    expect(varint(0)).toEqual([0]);
    expect(varint(-1)).toEqual([1]);
    expect(varint(1)).toEqual([2]);
    expect(varint(-64)).toEqual([0x7f]);
    expect(varint(64)).toEqual([0x80, 0x01]);
    expect(varint(300)).toEqual([0xd8, 0x04]);
    expect(varint(2147483647)).toEqual([0xfe, 0xff, 0xff, 0xff, 0x0f]);
    expect(varint(-2147483648)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('round-trips every 32-bit int', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(3), (value, skip) => {
        const bytes = Uint8Array.from([...new Array<number>(skip).fill(0x55), ...varint(value)]);
        expect(readVarint(bytes, skip, ctx)).toEqual({ value, offset: bytes.length });
      }),
    );
  });

  it('refuses a varint past the end or longer than 5 bytes', () => {
    expect(caught(() => readVarint(Uint8Array.of(0x80), 0, ctx)).reason).toMatch(/runs past the end/);
    expect(caught(() => readVarint(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 0, ctx)).reason).toMatch(/longer than 5 bytes/);
  });
});

describe('Protobuf message indexes', () => {
  it('writes [0] as a single 0 and other paths as count then indexes', () => {
    expect([...encodeMessageIndexes([0], ctx)]).toEqual([0]);
    expect([...encodeMessageIndexes([1], ctx)]).toEqual([2, 2]);
    expect([...encodeMessageIndexes([2, 0], ctx)]).toEqual([4, 4, 0]);
    expect([...encodeMessageIndexes([0, 0], ctx)]).toEqual([4, 0, 0]);
    expect([...encodeMessageIndexes([64], ctx)]).toEqual([2, 0x80, 0x01]);
  });

  it('reads the 0 shortcut as [0] and stops where the payload starts', () => {
    const bytes = Uint8Array.of(0, 0, 0, 0, 5, 0, 0x0a, 0x01);
    expect(decodeMessageIndexes(bytes, 5, ctx)).toEqual({ indexes: [0], offset: 6 });
    expect(decodeMessageIndexes(Uint8Array.of(4, 6, 2, 0x99), 0, ctx)).toEqual({ indexes: [3, 1], offset: 3 });
  });

  it('round-trips any path', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 8 }), (indexes) => {
        const bytes = encodeMessageIndexes(indexes, ctx);
        expect(decodeMessageIndexes(bytes, 0, ctx)).toEqual({ indexes, offset: bytes.length });
      }),
    );
  });

  it('refuses empty or negative paths and corrupt counts', () => {
    expect(caught(() => encodeMessageIndexes([], ctx)).reason).toMatch(/at least one index/);
    expect(caught(() => encodeMessageIndexes([1, -1], ctx)).reason).toMatch(/message index -1/);
    expect(caught(() => decodeMessageIndexes(Uint8Array.of(1), 0, ctx)).reason).toMatch(/negative message-index count -1/);
    expect(caught(() => decodeMessageIndexes(Uint8Array.of(2, 1), 0, ctx)).reason).toMatch(/negative message index -1/);
    expect(caught(() => decodeMessageIndexes(Uint8Array.of(0x7e, 2), 0, ctx)).reason).toMatch(/count 63 exceeds the 1 bytes left/);
    expect(caught(() => decodeMessageIndexes(Uint8Array.of(4, 2, 0x80), 0, ctx)).reason).toMatch(/runs past the end/);
  });
});
