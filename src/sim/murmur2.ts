/**
 * Kafka's default key partitioning, bit-for-bit.
 *
 * Ported from org.apache.kafka.common.utils.Utils#murmur2 / #toPositive and
 * org.apache.kafka.clients.producer.internals.BuiltInPartitioner#partitionForKey.
 * spec/murmur2.spec.ts checks it against values printed by the real kafka-clients jar
 * (fixtures/partitioning/java-murmur2-partitions.json).
 */

// Constants from Utils.murmur2: the seed and mixing constant are fixed by Kafka, not tunable.
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * 32-bit murmur2 of `data` exactly as Java's Utils.murmur2 computes it, returned as a
 * signed 32-bit integer (Java `int`). Allocation free: it runs for every keyed record.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  // `| 0` keeps every intermediate a signed int32, as Java's int arithmetic does.
  let h = (SEED ^ length) | 0;
  const fullWordsEnd = length & ~3;

  for (let i = 0; i < fullWordsEnd; i += 4) {
    // Little-endian word; OR of disjoint byte lanes equals Java's sum of them.
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  // Java's switch falls through 3 -> 2 -> 1; written as ifs because tsconfig forbids fallthrough.
  const tail = length & 3;
  if (tail === 3) h ^= data[fullWordsEnd + 2]! << 16;
  if (tail >= 2) h ^= data[fullWordsEnd + 1]! << 8;
  if (tail >= 1) {
    h ^= data[fullWordsEnd]!;
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Utils.toPositive: clears the sign bit (not Math.abs, which would break on Integer.MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** BuiltInPartitioner.partitionForKey: the partition Kafka's producer picks for a keyed record. */
export function partitionFor(keyBytes: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be an integer >= 1, got ${String(numPartitions)}`);
  }
  return toPositive(murmur2(keyBytes)) % numPartitions;
}

const sharedEncoder = new TextEncoder();

/**
 * UTF-8 bytes of `s`. Matches Java's String.getBytes(UTF_8) for well-formed strings; a lone
 * surrogate becomes U+FFFD here but '?' in Java (Serdes.String() reproduces Java's choice).
 */
export function utf8(s: string): Uint8Array {
  return sharedEncoder.encode(s);
}
