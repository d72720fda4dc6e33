import { readFileSync } from 'node:fs';
import { Partitioners as RealPartitioners } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, Partitioners, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';
import type { PartitionMetadata } from '../../src/kafkajs/index.js';

interface JavaPartitionFixture {
  partitionCounts: number[];
  keys: { key: string; utf8Hex: string; partitions: Record<string, number> }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/partitioning/java-murmur2-partitions.json', import.meta.url), 'utf8'),
) as JavaPartitionFixture;

const metadata = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));

afterEach(() => resetVirtualClusters());

describe('partitioning: keyed records land where the Java client puts them (fixtures/partitioning, kafka-clients 4.4.0)', () => {
  it.each(fixture.partitionCounts)('producer.send with the default partitioner, %i partitions', async (count) => {
    const kafka = new Kafka({ brokers: ['java-placement:9092'] });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: 'placed', numPartitions: count }] });
    const producer = kafka.producer();
    await producer.connect();
    for (const { utf8Hex, partitions } of fixture.keys) {
      const [meta] = await producer.send({ topic: 'placed', messages: [{ key: Buffer.from(utf8Hex, 'hex'), value: 'v' }] });
      expect(meta!.partition, `key bytes ${utf8Hex}`).toBe(partitions[String(count)]);
    }
    // The key is stored as bytes, so the broker's records carry exactly what was hashed.
    const stored = virtualCluster(kafka).broker.records('placed');
    expect(stored.every((r) => Buffer.isBuffer(r.key))).toBe(true);
  });
});

describe("partitioners: the same choices as kafkajs 2.2.4's own (node_modules/kafkajs/src/producer/partitioners)", () => {
  const keys = [...fixture.keys.map((k) => Buffer.from(k.utf8Hex, 'hex')), 'order-1', 'ключ', '', 'a much longer key with spaces and 🍕'];
  it.each([3, 6, 12, 7])('DefaultPartitioner (Java-compatible murmur2) on %i partitions, keyed messages', (n) => {
    const ours = Partitioners.DefaultPartitioner();
    const theirs = RealPartitioners.DefaultPartitioner();
    for (const key of keys) {
      const args = { topic: 't', partitionMetadata: metadata(n), message: { key, value: null } };
      expect(ours(args)).toBe(theirs(args));
    }
  });

  it.each([3, 6, 12, 7])('LegacyPartitioner (kafkajs 1.x murmur2) on %i partitions, keyed messages', (n) => {
    const ours = Partitioners.LegacyPartitioner();
    const theirs = RealPartitioners.LegacyPartitioner();
    for (const key of keys) {
      const args = { topic: 't', partitionMetadata: metadata(n), message: { key, value: null } };
      expect(ours(args)).toBe(theirs(args));
    }
  });

  it('the legacy hash really differs from Java for some keys (why DefaultPartitioner is the default)', () => {
    const def = Partitioners.DefaultPartitioner();
    const legacy = Partitioners.LegacyPartitioner();
    const differing = keys.filter((key) => {
      const args = { topic: 't', partitionMetadata: metadata(12), message: { key, value: null } };
      return def(args) !== legacy(args);
    });
    expect(differing.length).toBeGreaterThan(0);
  });

  it('an explicit partition wins; null keys go round-robin from a seeded start, the same for the same seed', async () => {
    const placements = async (seed: number): Promise<number[]> => {
      resetVirtualClusters();
      const kafka = new Kafka({ brokers: ['rr:9092'], streamsim: { seed } });
      await kafka.admin().createTopics({ topics: [{ topic: 'rr', numPartitions: 4 }] });
      const producer = kafka.producer();
      await producer.connect();
      const out: number[] = [];
      for (let i = 0; i < 8; i++) out.push((await producer.send({ topic: 'rr', messages: [{ value: `v${i}` }] }))[0]!.partition);
      const [pinned] = await producer.send({ topic: 'rr', messages: [{ key: 'k', value: 'v', partition: 2 }] });
      expect(pinned!.partition).toBe(2);
      return out;
    };
    const a = await placements(7);
    // Round-robin: consecutive partitions modulo 4.
    for (let i = 1; i < a.length; i++) expect(a[i]).toBe((a[i - 1]! + 1) % 4);
    expect(await placements(7)).toEqual(a);
  });
});
