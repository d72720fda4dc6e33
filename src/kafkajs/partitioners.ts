import { murmur2 as javaMurmur2, toPositive } from '../sim/murmur2.js';
import type { RandomStream } from '../sim/rng.js';
import type { ICustomPartitioner, PartitionerArgs } from './types.js';

/**
 * A partitioner factory as kafkajs declares it (`() => partitioner`). The producer passes our factories a seeded
 * random stream: kafkajs starts each topic's null-key counter at a random 32-bit number
 * (node_modules/kafkajs/src/producer/partitioners/legacy/partitioner.js, `randomBytes(32).readUInt32BE(0)`); here it
 * comes from the virtual cluster's seed, so runs repeat. Custom factories ignore the argument.
 */
export type SeededPartitionerFactory = (rng?: RandomStream) => (args: PartitionerArgs) => number;

function keyBytes(key: Buffer | string): Buffer {
  return Buffer.isBuffer(key) ? key : Buffer.from(String(key));
}

/**
 * kafkajs' partitioner skeleton (legacy/partitioner.js, "based on the java client 0.10.2"): an explicit partition
 * wins; a key is hashed; a null key goes round-robin over the partitions from a per-topic counter.
 */
function createPartitioner(hash: (key: Buffer) => number): SeededPartitionerFactory {
  return (rng) => {
    const counters = new Map<string, number>();
    return ({ topic, partitionMetadata, message }) => {
      const numPartitions = partitionMetadata.length;
      if (message.partition !== null && message.partition !== undefined) return message.partition;
      if (message.key !== null && message.key !== undefined) return toPositive(hash(keyBytes(message.key))) % numPartitions;
      const next = (counters.get(topic) ?? (rng === undefined ? 0 : rng.int(0, 0xffffffff))) + 1;
      counters.set(topic, next);
      const available = partitionMetadata.filter((p) => p.leader >= 0);
      if (available.length > 0) return available[toPositive(next) % available.length]!.partitionId;
      return toPositive(next) % numPartitions;
    };
  };
}

/**
 * kafkajs 1.x's murmur2 (producer/partitioners/legacy/murmur2.js), ported literally: it multiplies JS doubles, so it
 * differs from Java's for most keys. Kept for services that pinned `Partitioners.LegacyPartitioner`.
 */
export function legacyMurmur2(data: Buffer): number {
  const SEED = 0x9747b28c;
  const M = 0x5bd1e995;
  const R = 24;
  const length = data.length;
  let h = SEED ^ length;
  // Not floored in kafkajs: the loop reads past the end, where `undefined & 0xff` is 0.
  const length4 = length / 4;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      ((data[i4] ?? 0) & 0xff) + (((data[i4 + 1] ?? 0) & 0xff) << 8) + (((data[i4 + 2] ?? 0) & 0xff) << 16) + (((data[i4 + 3] ?? 0) & 0xff) << 24);
    k *= M;
    k ^= k >>> R;
    k *= M;
    h *= M;
    h ^= k;
  }
  const tail = length % 4;
  const base = length & ~3;
  if (tail === 3) h ^= ((data[base + 2] ?? 0) & 0xff) << 16;
  if (tail >= 2) h ^= ((data[base + 1] ?? 0) & 0xff) << 8;
  if (tail >= 1) {
    h ^= (data[base] ?? 0) & 0xff;
    h *= M;
  }
  h ^= h >>> 13;
  h *= M;
  h ^= h >>> 15;
  return h;
}

/** kafkajs 2.x's default: the Java-compatible murmur2 (default/murmur2.js uses Long math = Java's Utils.murmur2). */
const DefaultPartitioner: SeededPartitionerFactory = createPartitioner(javaMurmur2);
const LegacyPartitioner: SeededPartitionerFactory = createPartitioner(legacyMurmur2);

export const Partitioners: {
  DefaultPartitioner: ICustomPartitioner;
  LegacyPartitioner: ICustomPartitioner;
  /** @deprecated as in kafkajs: renamed DefaultPartitioner in 2.0.0. */
  JavaCompatiblePartitioner: ICustomPartitioner;
} = {
  DefaultPartitioner,
  LegacyPartitioner,
  JavaCompatiblePartitioner: DefaultPartitioner,
};
