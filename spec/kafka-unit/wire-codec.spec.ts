import fc from 'fast-check';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, KEY_FORMAT_HEADER } from '../../src/kafka/wire-codec.js';
import { defaultKeyBytes } from '../../src/sim/key-id.js';
import { Serdes } from '../../src/sim/serde.js';
import { Decimal, JsonNumber } from '../../src/sql/values.js';

// Records of a topology running on a real cluster (src/kafka/kafka-streams-app.ts) go through this codec both ways:
// what a sink, a repartition topic or a changelog writes must read back as the same typed key and value.

/** What kafkajs hands back for a message it was given (headers as Buffers). */
function overTheWire(e: ReturnType<typeof encodeRecord>): Pick<KafkaMessage, 'key' | 'value' | 'headers'> {
  const headers: Record<string, Buffer | Buffer[]> = {};
  for (const [k, v] of Object.entries(e.headers ?? {})) {
    const one = (x: Buffer | string): Buffer => (typeof x === 'string' ? Buffer.from(x) : x);
    headers[k] = Array.isArray(v) ? v.map(one) : one(v as Buffer | string);
  }
  return { key: e.key, value: e.value, headers };
}

const roundTrip = (key: unknown, value: unknown) => decodeRecord('t', overTheWire(encodeRecord('t', key, value, [])));

/** JSON-shaped values with the leaves JSON lacks (bigint, bytes) and the SQL layer's exact numbers. */
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.uint8Array({ maxLength: 8 }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).chain((u) => fc.integer({ min: 0, max: 8 }).map((s) => new Decimal(u, s))),
  fc.stringMatching(/^-?(0|[1-9]\d{0,25})(\.\d{1,5})?$/).map((t) => new JsonNumber(t)),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('v'), { maxKeys: 4 })),
})).v;

describe('the wire codec of topologies on a cluster', () => {
  it('reads back every key and value it writes, typed (fast-check)', () => {
    fc.assert(
      fc.property(value, value, (k, v) => {
        const key = k === null ? 'k' : k;
        const back = roundTrip(key, v);
        expect(back.key).toEqual(key);
        expect(back.value).toEqual(v);
      }),
    );
  });

  it('writes a key as the bytes the simulator hashes, so partitions agree; a string key with no header, as Java writes it', () => {
    for (const key of ['café', 42, 7n, { key: 'a', window: { start: 0, end: 30_000 } }, new JsonNumber('12')]) {
      const e = encodeRecord('t', key, 1, []);
      expect(new Uint8Array(e.key!)).toEqual(defaultKeyBytes(key));
    }
    expect(encodeRecord('t', 'café', 1, []).headers).toBeUndefined();
    expect(encodeRecord('t', 42, 1, []).headers).toEqual({ [KEY_FORMAT_HEADER]: 'json:42' });
  });

  it('keeps the payload plain JSON: a bigint is a number and a Decimal its value, the exact text rides in a header', () => {
    const e = encodeRecord('t', 'k', { COUNT: 3n, PRICE: new Decimal(1050n, 2), N: new JsonNumber('7') }, []);
    expect(JSON.parse(e.value!.toString('utf8'))).toEqual({ COUNT: 3, PRICE: 10.5, N: 7 });
    expect(roundTrip('k', { big: 2n ** 70n }).value).toEqual({ big: 2n ** 70n });
  });

  it('writes a null value as a tombstone and keeps the record headers, without its own', () => {
    const e = encodeRecord('t', 5, null, [{ key: 'h', value: 'x' }, { key: 'h', value: 'y' }]);
    expect(e.value).toBeNull();
    const back = decodeRecord('t', overTheWire(e));
    expect(back.value).toBeNull();
    expect(back.key).toBe(5);
    expect(back.headers.map((h) => [h.key, Buffer.from(h.value as Uint8Array).toString()])).toEqual([
      ['h', 'x'],
      ['h', 'y'],
    ]);
  });

  it("uses a topic's own serdes when its configuration names them", () => {
    const serdes = { keySerde: Serdes.Long() as never, valueSerde: Serdes.String() as never };
    const e = encodeRecord('t', 258, 'v', [], serdes);
    expect([...e.key!]).toEqual([0, 0, 0, 0, 0, 0, 1, 2]);
    expect(e.value!.toString('utf8')).toBe('v');
    expect(decodeRecord('t', overTheWire(e), serdes)).toMatchObject({ key: 258, value: 'v' });
  });
});
