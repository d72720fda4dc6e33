import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionFor, toPositive, utf8 } from '../src/sim/murmur2.js';

/**
 * Shape of fixtures/partitioning/java-murmur2-partitions.json. Every expected number in it was printed by
 * the real kafka-clients jar (see fixtures/partitioning/GenerateFixture.java), never by our code.
 */
interface JavaPartitionFixture {
  producedBy: { artifact: string; classes: string[] };
  partitionCounts: number[];
  keys: { key: string; utf8Hex: string; murmur2: number; toPositive: number; partitions: Record<string, number> }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/partitioning/java-murmur2-partitions.json', import.meta.url), 'utf8'),
) as JavaPartitionFixture;

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const shortLabel = (key: string): string => JSON.stringify(key.length > 32 ? `${key.slice(0, 32)}...(${key.length} chars)` : key);

describe('murmur2: Kafka UtilsTest.testMurmur2 vectors (apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java)', () => {
  // Copied from that test; the byte arrays there are ASCII "…".getBytes() and new byte[] {'a','b','c'}.
  const kafkaVectors: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];

  it.each(kafkaVectors)('murmur2(%j) === %i', (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected);
  });
});

describe(`key -> partition table printed by ${fixture.producedBy.artifact} (fixtures/partitioning/java-murmur2-partitions.json)`, () => {
  it('comes from a real kafka-clients build and covers enough keys and partition counts', () => {
    expect(fixture.producedBy.artifact).toMatch(/^org\.apache\.kafka:kafka-clients:\d+\.\d+\.\d+$/);
    expect(fixture.producedBy.classes).toContain('org.apache.kafka.common.utils.Utils#murmur2');
    expect(fixture.partitionCounts).toEqual([3, 6, 12]);
    expect(fixture.keys.length).toBeGreaterThanOrEqual(30);
    expect(fixture.keys.some((row) => row.key === '')).toBe(true);
    expect(fixture.keys.some((row) => row.key.length > 1000)).toBe(true);
    expect(fixture.keys.some((row) => [...row.key].some((char) => char.codePointAt(0)! > 0x7f))).toBe(true);
  });

  describe.each(fixture.keys.map((row) => [shortLabel(row.key), row] as const))('key %s', (_label, row) => {
    it("utf8() gives the bytes of Java's StringSerializer", () => {
      expect(toHex(utf8(row.key))).toBe(row.utf8Hex);
    });

    it('murmur2 and toPositive match Utils.murmur2 / Utils.toPositive', () => {
      const hash = murmur2(fromHex(row.utf8Hex));
      expect(hash).toBe(row.murmur2);
      expect(toPositive(hash)).toBe(row.toPositive);
    });

    it.each(fixture.partitionCounts)('partitionFor(key, %i) matches BuiltInPartitioner.partitionForKey', (numPartitions) => {
      expect(partitionFor(utf8(row.key), numPartitions)).toBe(row.partitions[String(numPartitions)]);
    });
  });
});

describe('murmur2 details', () => {
  it('reads only the view it is given, not the whole underlying buffer', () => {
    const backing = utf8('xx-foobar-yy');
    const view = backing.subarray(3, 9);
    expect(murmur2(view)).toBe(murmur2(utf8('foobar')));
    expect(murmur2(view)).toBe(-790332482);
  });

  it('always returns a signed 32-bit integer, like a Java int', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hash = murmur2(bytes);
        expect(hash | 0).toBe(hash);
      }),
      { seed: 20240101, numRuns: 500 },
    );
  });
});

describe('toPositive', () => {
  it('clears the sign bit rather than negating, so Integer.MIN_VALUE maps to 0 (Utils.toPositive)', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(0)).toBe(0);
    expect(toPositive(2147483647)).toBe(2147483647);
  });
});

describe('partitionFor', () => {
  it('stays in [0, numPartitions)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.integer({ min: 1, max: 1000 }), (bytes, numPartitions) => {
        const partition = partitionFor(bytes, numPartitions);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(numPartitions);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('throws a RangeError naming the bad count for numPartitions=%s', (numPartitions) => {
    expect(() => partitionFor(utf8('k'), numPartitions)).toThrow(RangeError);
    expect(() => partitionFor(utf8('k'), numPartitions)).toThrow(`numPartitions must be an integer >= 1, got ${numPartitions}`);
  });
});
