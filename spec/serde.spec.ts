import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SerdeError, Serdes } from '../src/sim/serde.js';
import type { Serde } from '../src/sim/serde.js';

/** Serializer outputs and deserializer errors printed by the real kafka-clients jar (GenerateFixture.java). */
interface JavaSerdeFixture {
  producedBy: { artifact: string };
  serializers: { serde: string; value: string; bits?: string; hex: string }[];
  deserializerErrors: Record<string, { class: string; message: string } | null>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/partitioning/java-murmur2-partitions.json', import.meta.url), 'utf8'),
) as JavaSerdeFixture;

const TOPIC = 'orders';
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));
const javaCases = (serde: string) => fixture.serializers.filter((row) => row.serde === serde).map((row) => [row.value, row] as const);

/** Runs `action`, expecting a SerdeError, and returns it for closer checks. */
function serdeErrorOf(action: () => unknown): SerdeError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SerdeError);
    return error as SerdeError;
  }
  throw new Error('expected a SerdeError, but nothing was thrown');
}

describe(`byte compatibility with ${fixture.producedBy.artifact} serializers`, () => {
  it('the fixture covers every numeric serde and strings', () => {
    for (const serde of ['Integer', 'Long', 'Double', 'Float', 'Short', 'Boolean', 'String', 'Uuid']) {
      expect(javaCases(serde).length, serde).toBeGreaterThan(0);
    }
  });

  it.each(javaCases('Integer'))('Integer %s <-> IntegerSerializer', (value, row) => {
    expect(toHex(Serdes.Integer().serialize(TOPIC, Number(value)))).toBe(row.hex);
    expect(Serdes.Integer().deserialize(TOPIC, fromHex(row.hex))).toBe(Number(value));
  });

  it.each(javaCases('Short'))('Short %s <-> ShortSerializer', (value, row) => {
    expect(toHex(Serdes.Short().serialize(TOPIC, Number(value)))).toBe(row.hex);
    expect(Serdes.Short().deserialize(TOPIC, fromHex(row.hex))).toBe(Number(value));
  });

  it.each(javaCases('Long'))('Long %s <-> LongSerializer', (value, row) => {
    const exact = BigInt(value);
    expect(toHex(Serdes.Long().serialize(TOPIC, exact))).toBe(row.hex);
    if (Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === exact) {
      expect(toHex(Serdes.Long().serialize(TOPIC, Number(value)))).toBe(row.hex);
      expect(Serdes.Long().deserialize(TOPIC, fromHex(row.hex))).toBe(Number(value));
    } else {
      // Not representable as a JS number: reading it must fail loudly, never round.
      const error = serdeErrorOf(() => Serdes.Long().deserialize(TOPIC, fromHex(row.hex)));
      expect(error.reason).toContain(value);
      expect(error.reason).toContain('safe integer');
    }
  });

  it.each(javaCases('Double'))('Double %s <-> DoubleSerializer', (value, row) => {
    // Java's Double.toString output ("4.9E-324", "NaN", "-Infinity") parses with Number(); check it parsed exactly.
    const parsed = Number(value);
    const bits = new DataView(new ArrayBuffer(8));
    bits.setFloat64(0, parsed);
    if (!Number.isNaN(parsed)) expect(bits.getBigUint64(0).toString(16).padStart(16, '0')).toBe(row.bits);
    expect(toHex(Serdes.Double().serialize(TOPIC, parsed))).toBe(row.hex);
    expect(Object.is(Serdes.Double().deserialize(TOPIC, fromHex(row.hex)), parsed)).toBe(true);
  });

  it('Double writes any NaN as the canonical NaN, as doubleToLongBits does', () => {
    const javaNaN = fixture.serializers.find((row) => row.serde === 'Double' && row.value === 'NaN')!.hex;
    const nanWithPayload = Serdes.Double().deserialize(TOPIC, fromHex('7ff8000000000001'));
    expect(Number.isNaN(nanWithPayload)).toBe(true);
    expect(toHex(Serdes.Double().serialize(TOPIC, nanWithPayload))).toBe(javaNaN);
  });

  it('Float writes any NaN as the canonical NaN', () => {
    const javaNaN = fixture.serializers.find((row) => row.serde === 'Float' && row.value === 'NaN')!.hex;
    const nanWithPayload = Serdes.Double().deserialize(TOPIC, fromHex('7ff8000020000001'));
    expect(toHex(Serdes.Float().serialize(TOPIC, nanWithPayload))).toBe(javaNaN);
  });

  it.each(javaCases('Float'))('Float %s <-> FloatSerializer', (value, row) => {
    const asFloat = Math.fround(Number(value));
    expect(toHex(Serdes.Float().serialize(TOPIC, asFloat))).toBe(row.hex);
    expect(Object.is(Serdes.Float().deserialize(TOPIC, fromHex(row.hex)), asFloat)).toBe(true);
  });

  it.each(javaCases('Boolean'))('Boolean %s <-> BooleanSerializer', (value, row) => {
    expect(toHex(Serdes.Boolean().serialize(TOPIC, value === 'true'))).toBe(row.hex);
    expect(Serdes.Boolean().deserialize(TOPIC, fromHex(row.hex))).toBe(value === 'true');
  });

  it.each(javaCases('String'))('String %j -> StringSerializer bytes', (value, row) => {
    expect(toHex(Serdes.String().serialize(TOPIC, value))).toBe(row.hex);
  });

  it('String reads Java bytes back like new String(bytes, UTF_8), keeping a leading BOM', () => {
    // The lone-surrogate cases are lossy in Java too (they come back with '?'), so they cannot round trip.
    for (const [value, row] of javaCases('String').filter(([value]) => !value.startsWith('lone '))) {
      expect(Serdes.String().deserialize(TOPIC, fromHex(row.hex))).toBe(value);
    }
    expect(Serdes.String().deserialize(TOPIC, fromHex('efbbbf626f6d'))).toBe('\ufeffbom');
  });

  it('String writes a lone surrogate as "?" like Java, so such keys still land on the partition Java picks', () => {
    expect(toHex(Serdes.String().serialize(TOPIC, 'lone \ud800 high'))).toBe(
      fixture.serializers.find((row) => row.value === 'lone \ud800 high')?.hex,
    );
  });

  it.each(javaCases('Uuid'))('Uuid %s -> UUIDSerializer bytes (always lowercase)', (value, row) => {
    expect(toHex(Serdes.Uuid().serialize(TOPIC, value))).toBe(row.hex);
    expect(Serdes.Uuid().deserialize(TOPIC, fromHex(row.hex))).toBe(value.toLowerCase());
  });
});

describe('deserializing bytes of the wrong shape throws SerdeError with the reason Kafka gives', () => {
  const threeBytes = new Uint8Array([1, 2, 3]);
  const cases: [string, Serde<unknown>, Uint8Array][] = [
    ['Integer', Serdes.Integer(), threeBytes],
    ['Long', Serdes.Long(), threeBytes],
    ['Double', Serdes.Double(), threeBytes],
    ['Float', Serdes.Float(), threeBytes],
    ['Short', Serdes.Short(), threeBytes],
    ['Boolean', Serdes.Boolean(), threeBytes],
    ['BooleanValue2', Serdes.Boolean(), new Uint8Array([2])],
    ['Uuid', Serdes.Uuid(), new TextEncoder().encode('not-a-uuid')],
    ['Void', Serdes.Void(), threeBytes],
  ];

  it.each(cases)('%s', (javaCase, serde, bytes) => {
    const javaError = fixture.deserializerErrors[javaCase];
    expect(javaError, `Java threw for ${javaCase}`).not.toBeNull();
    const error = serdeErrorOf(() => serde.deserialize(TOPIC, bytes));
    expect(error.reason).toContain(javaError!.message);
    expect(error.topic).toBe(TOPIC);
    expect(error.operation).toBe('deserialize');
    expect(error.message).toContain(`"${TOPIC}"`);
    expect(error.message).toContain(javaError!.message);
  });

  it('works on a subarray view (reads its own window of the buffer)', () => {
    const backing = new Uint8Array([0xff, 0x00, 0x00, 0x01, 0x00, 0xff]);
    expect(Serdes.Integer().deserialize(TOPIC, backing.subarray(1, 5))).toBe(256);
  });
});

describe('null handling: null in, null out (tombstones)', () => {
  const all: [string, Serde<unknown>][] = [
    ['String', Serdes.String()],
    ['Json', Serdes.Json()],
    ['Integer', Serdes.Integer()],
    ['Long', Serdes.Long()],
    ['Double', Serdes.Double()],
    ['Float', Serdes.Float()],
    ['Short', Serdes.Short()],
    ['ByteArray', Serdes.ByteArray()],
    ['Void', Serdes.Void()],
    ['Null', Serdes.Null()],
    ['Boolean', Serdes.Boolean()],
    ['Uuid', Serdes.Uuid()],
    ['ZodJson', Serdes.ZodJson(z.object({ id: z.string() }))],
  ];

  it.each(all)('%s', (_name, serde) => {
    expect(serde.serialize(TOPIC, null)).toBeNull();
    expect(serde.serialize(TOPIC, undefined)).toBeNull();
    expect(serde.deserialize(TOPIC, null)).toBeNull();
  });
});

describe('round trips', () => {
  it('String, including unicode, NUL and the empty string', () => {
    for (const text of ['', 'hello', 'caf\u00e9', '\u65e5\u672c\u8a9e', 'rocket \ud83d\ude80', '\u0000', 'a'.repeat(5000)]) {
      expect(Serdes.String().deserialize(TOPIC, Serdes.String().serialize(TOPIC, text))).toBe(text);
    }
  });

  it('Json keeps nested structure', () => {
    const order = { id: 'o-1', items: [{ sku: 'a', qty: 2 }], note: null, paid: true, total: 12.5 };
    const serde = Serdes.Json<typeof order>();
    const bytes = serde.serialize(TOPIC, order);
    expect(new TextDecoder().decode(bytes!)).toBe(JSON.stringify(order));
    expect(serde.deserialize(TOPIC, bytes)).toEqual(order);
  });

  it('Integer, Short, Double, Float and Long over many values', () => {
    const roundTrip = <T>(serde: Serde<T>, value: T): T => serde.deserialize(TOPIC, serde.serialize(TOPIC, value));
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -32768, max: 32767 }),
        fc.double(),
        fc.float(),
        fc.maxSafeInteger(),
        (int, short, double, float, safeLong) => {
          expect(roundTrip(Serdes.Integer(), int)).toBe(int);
          expect(roundTrip(Serdes.Short(), short)).toBe(short);
          expect(Object.is(roundTrip(Serdes.Double(), double), double)).toBe(true);
          expect(Object.is(roundTrip(Serdes.Float(), float), float)).toBe(true);
          expect(roundTrip(Serdes.Long(), safeLong)).toBe(safeLong);
          expect(Serdes.Long().deserialize(TOPIC, Serdes.Long().serialize(TOPIC, BigInt(safeLong)))).toBe(safeLong);
        },
      ),
      { seed: 424242, numRuns: 300 },
    );
  });

  it('Float rounds a double to the nearest float32, as a Java (float) cast would', () => {
    expect(Serdes.Float().deserialize(TOPIC, Serdes.Float().serialize(TOPIC, 0.1))).toBe(Math.fround(0.1));
  });

  it('Boolean, Uuid, ByteArray', () => {
    expect(Serdes.Boolean().deserialize(TOPIC, Serdes.Boolean().serialize(TOPIC, true))).toBe(true);
    expect(Serdes.Boolean().deserialize(TOPIC, Serdes.Boolean().serialize(TOPIC, false))).toBe(false);
    const id = '123e4567-e89b-12d3-a456-426614174000';
    expect(Serdes.Uuid().deserialize(TOPIC, Serdes.Uuid().serialize(TOPIC, id))).toBe(id);
    // ByteArraySerializer passes the same array through, so does ours.
    const raw = new Uint8Array([0, 255, 7]);
    expect(Serdes.ByteArray().serialize(TOPIC, raw)).toBe(raw);
    expect(Serdes.ByteArray().deserialize(TOPIC, raw)).toBe(raw);
  });

  it('serdes fit where a Serde<unknown> is expected (topic configs hold them that way)', () => {
    const keySerdes: Serde<unknown>[] = [Serdes.String(), Serdes.Long(), Serdes.ZodJson(z.object({ id: z.string() }))];
    expect(keySerdes.map((serde) => serde.name)).toEqual(['String', 'Long', 'ZodJson']);
  });
});

describe('SerdeError on bad input', () => {
  const badInputs: [string, () => unknown, string][] = [
    ['Integer given 1.5', () => Serdes.Integer().serialize(TOPIC, 1.5), 'expected an integer in [-2147483648, 2147483647] (Java int), got 1.5 (number)'],
    ['Integer given 2^31', () => Serdes.Integer().serialize(TOPIC, 2 ** 31), 'got 2147483648 (number)'],
    ['Integer given a string', () => Serdes.Integer().serialize(TOPIC, '1' as unknown as number), 'got "1" (string)'],
    ['Short given 40000', () => Serdes.Short().serialize(TOPIC, 40000), '[-32768, 32767] (Java short), got 40000'],
    ['Long given 2^53', () => Serdes.Long().serialize(TOPIC, 2 ** 53), 'expected a safe integer number or a bigint (Java long), got 9007199254740992 (number)'],
    ['Long given NaN', () => Serdes.Long().serialize(TOPIC, Number.NaN), 'got NaN (number)'],
    ['Long given 2^63 as bigint', () => Serdes.Long().serialize(TOPIC, 2n ** 63n), 'got 9223372036854775808n (bigint)'],
    ['Double given a string', () => Serdes.Double().serialize(TOPIC, 'x' as unknown as number), 'expected a number, got "x" (string)'],
    ['Boolean given "true"', () => Serdes.Boolean().serialize(TOPIC, 'true' as unknown as boolean), 'expected a boolean, got "true" (string)'],
    ['String given a number', () => Serdes.String().serialize(TOPIC, 5 as unknown as string), 'expected a string, got 5 (number)'],
    ['Uuid given garbage', () => Serdes.Uuid().serialize(TOPIC, 'nope'), 'expected a UUID string, got "nope" (string)'],
    ['ByteArray given a string', () => Serdes.ByteArray().serialize(TOPIC, 'x' as unknown as Uint8Array), 'expected a Uint8Array, got "x" (string)'],
    ['Void given a value', () => Serdes.Void().serialize(TOPIC, 1 as unknown as null), 'expected null, got 1 (number)'],
    ['Json given undefined inside nothing', () => Serdes.Json().serialize(TOPIC, (() => 1) as unknown), 'function has no JSON form'],
    ['Json given a bigint', () => Serdes.Json().serialize(TOPIC, { n: 1n }), 'BigInt'],
    ['Json reading broken JSON', () => Serdes.Json().deserialize(TOPIC, new TextEncoder().encode('{"a":')), 'invalid JSON'],
    ['Integer reading a non-Uint8Array', () => Serdes.Integer().deserialize(TOPIC, 'abcd' as unknown as Uint8Array), 'expected bytes, got "abcd" (string)'],
  ];

  it.each(badInputs)('%s', (_label, action, expectedReason) => {
    const error = serdeErrorOf(action);
    expect(error.reason).toContain(expectedReason);
    expect(error.topic).toBe(TOPIC);
    expect(error.name).toBe('SerdeError');
    expect(error).toBeInstanceOf(Error);
  });

  it('has a message naming the serde, the operation, the topic and the reason', () => {
    const error = serdeErrorOf(() => Serdes.Integer().serialize('payments', 1.5));
    expect(error.serde).toBe('Integer');
    expect(error.operation).toBe('serialize');
    expect(error.message).toBe(
      'Integer serde could not serialize a record of topic "payments": expected an integer in [-2147483648, 2147483647] (Java int), got 1.5 (number)',
    );
  });

  it('keeps a cyclic-value TypeError from JSON.stringify as the cause', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const error = serdeErrorOf(() => Serdes.Json().serialize(TOPIC, cyclic));
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe('Serdes.ZodJson', () => {
  const Order = z.object({
    id: z.string().min(1),
    items: z.array(z.object({ sku: z.string(), price: z.number().nonnegative() })),
  });
  type Order = z.infer<typeof Order>;
  const serde = Serdes.ZodJson(Order, 'Order');
  const good: Order = { id: 'o-1', items: [{ sku: 'a', price: 3 }, { sku: 'b', price: 0 }] };
  const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

  it('round trips a valid value', () => {
    expect(serde.name).toBe('Order');
    expect(serde.deserialize(TOPIC, serde.serialize(TOPIC, good))).toEqual(good);
  });

  it('writes the parsed value, so keys the schema strips are not encoded', () => {
    const withExtra = { ...good, secret: 'x' } as Order;
    expect(JSON.parse(new TextDecoder().decode(serde.serialize(TOPIC, withExtra)!))).toEqual(good);
  });

  it('refuses to serialize an invalid value, naming the path and zod message', () => {
    const bad = { id: 'o-1', items: [{ sku: 'a', price: 3 }, { sku: 'b', price: 'free' }] } as unknown as Order;
    const error = serdeErrorOf(() => serde.serialize(TOPIC, bad));
    expect(error.operation).toBe('serialize');
    expect(error.serde).toBe('Order');
    expect(error.reason).toMatch(/^schema validation failed: items\[1\]\.price: .*expected number, received string/);
    expect(error.message).toContain('items[1].price');
  });

  it('refuses to deserialize bytes whose JSON fails the schema, listing every issue', () => {
    const error = serdeErrorOf(() => serde.deserialize(TOPIC, encode({ id: '', items: [{ sku: 'a', price: -1 }] })));
    expect(error.operation).toBe('deserialize');
    expect(error.reason).toContain('id: ');
    expect(error.reason).toContain('items[0].price: ');
    expect(error.reason.split('; ')).toHaveLength(2);
  });

  it('names the root when the whole value is the wrong type', () => {
    expect(serdeErrorOf(() => serde.deserialize(TOPIC, encode([1, 2]))).reason).toMatch(/^schema validation failed: \(root\): /);
  });

  it('reports broken JSON as invalid JSON rather than a schema issue', () => {
    expect(serdeErrorOf(() => serde.deserialize(TOPIC, encode('x').subarray(1))).reason).toContain('invalid JSON');
  });

  it('validate() checks without encoding and returns the reason a dead-letter header can carry', () => {
    expect(serde.validate(good)).toEqual({ ok: true, value: good });
    const result = serde.validate({ id: 7, items: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^schema validation failed: id: .*expected string, received number/);
    expect(serde.schema).toBe(Order);
  });
});
