import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type Consumer, type KafkaMessage, type Producer } from '../../src/kafkajs/index.js';

afterEach(() => resetVirtualClusters());

async function setup(partitions = 1, seed = 3): Promise<{ kafka: Kafka; producer: Producer }> {
  const kafka = new Kafka({ clientId: 'faulty', brokers: ['localhost:9092'], streamsim: { seed } });
  await kafka.admin().createTopics({ topics: [{ topic: 'in', numPartitions: partitions }, { topic: 'out', numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  return { kafka, producer };
}

const values = (kafka: Kafka, topic: string): string[] =>
  virtualCluster(kafka)
    .broker.records(topic)
    .filter((r) => r.value !== null) // transaction markers
    .map((r) => Buffer.from(r.value as Buffer).toString());

const committed = (kafka: Kafka, groupId: string, topic: string, partition: number): number | undefined =>
  virtualCluster(kafka).coordinator.committed(groupId, { topic, partition });

/** A consumer that forwards every value to `out` and logs `partition:offset` as it handles it. */
async function forwarder(kafka: Kafka, producer: Producer, groupId: string, seen: string[], onMessage?: (m: KafkaMessage) => Promise<void>): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId });
  await consumer.subscribe({ topics: ['in'], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen.push(`${partition}:${message.offset}`);
      await onMessage?.(message);
      await producer.send({ topic: 'out', messages: [{ value: message.value }] });
    },
  });
  return consumer;
}

describe('faults: a consumer crashing mid-batch', () => {
  it('restarts from its last commit: the records handled since are redelivered (at-least-once duplicates)', async () => {
    const { kafka, producer } = await setup();
    const cluster = virtualCluster(kafka);
    const seen: string[] = [];
    const consumer = await forwarder(kafka, producer, 'g', seen);
    const crashes: unknown[] = [];
    consumer.on(consumer.events.CRASH, (e) => crashes.push(e.payload));

    await producer.send({ topic: 'in', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    await cluster.settle();
    expect(committed(kafka, 'g', 'in', 0)).toBe(3);

    cluster.faults.crashConsumer({ groupId: 'g', afterMessages: 2 });
    await producer.send({ topic: 'in', messages: ['d', 'e', 'f', 'g', 'h'].map((value) => ({ value })) });
    await cluster.settle();

    // 3 and 4 went through, then the crash: nothing committed past 3, so the restart reads from 3 again.
    expect(seen).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '0:3', '0:4', '0:5', '0:6', '0:7']);
    expect(values(kafka, 'out')).toEqual(['a', 'b', 'c', 'd', 'e', 'd', 'e', 'f', 'g', 'h']);
    expect(committed(kafka, 'g', 'in', 0)).toBe(8);
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ groupId: 'g', restart: true });
    expect(cluster.faults.log.map((f) => f.kind)).toEqual(['crash']);
  });

  it('with eachBatch, crashes after the handler and before the commit: the whole batch comes again', async () => {
    const { kafka, producer } = await setup();
    const cluster = virtualCluster(kafka);
    const batches: string[][] = [];
    const consumer = kafka.consumer({ groupId: 'b' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    await consumer.run({ eachBatch: async ({ batch }) => void batches.push(batch.messages.map((m) => m.offset)) });
    cluster.faults.crashConsumer({ topic: 'in' });
    await producer.send({ topic: 'in', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    await cluster.settle();
    expect(batches).toEqual([
      ['0', '1', '2'],
      ['0', '1', '2'],
    ]);
    expect(committed(kafka, 'b', 'in', 0)).toBe(3);
  });

  it('with partitions consumed concurrently, the restart waits for the batches still in their handlers', async () => {
    const { kafka, producer } = await setup(2);
    const cluster = virtualCluster(kafka);
    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: 'c' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 2,
      eachMessage: async ({ partition, message }) => {
        seen.push(`${partition}:${message.offset}`);
        if (partition === 1) await cluster.timers.sleep(50);
      },
    });
    let joins = 0;
    consumer.on(consumer.events.GROUP_JOIN, () => joins++);
    // Partition 1's handler is inside its first message (sleeping) when partition 0's batch crashes.
    await producer.send({ topic: 'in', messages: ['a', 'b', 'c'].map((value) => ({ value, partition: 1 })) });
    await cluster.settle();
    expect(seen).toEqual(['1:0']);
    cluster.faults.crashConsumer({ topic: 'in', restartAfterMs: 1 });
    await producer.send({ topic: 'in', messages: ['d', 'e', 'f'].map((value) => ({ value, partition: 0 })) });
    await cluster.advance(1_000);
    expect(cluster.faults.log[0]!.detail).toMatch(/in-0 after 1\/3/);
    for (const p of [0, 1]) expect(committed(kafka, 'c', 'in', p)).toBe(3);
    // 0:0 went through before the crash and was not committed: it comes again after the restart.
    expect(seen.filter((s) => s.startsWith('0:'))).toEqual(['0:0', '0:0', '0:1', '0:2']);
    // 1:0 was inside its handler when the process died: not committed either, so it comes again too.
    expect(seen.filter((s) => s.startsWith('1:'))).toEqual(['1:0', '1:0', '1:1', '1:2']);
    expect((await consumer.describeGroup()).members).toHaveLength(1);
    expect(consumer.assignment()).toHaveLength(2);
    expect(joins).toBe(1); // the restart, once partition 1's handler was done
  });

  it('an armed fault fires once, only for the group and topic it names', async () => {
    const { kafka, producer } = await setup();
    const cluster = virtualCluster(kafka);
    const seen: string[] = [];
    await forwarder(kafka, producer, 'g', seen);
    cluster.faults.crashConsumer({ groupId: 'other-group' });
    await producer.send({ topic: 'in', messages: [{ value: 'a' }, { value: 'b' }] });
    await cluster.settle();
    expect(seen).toEqual(['0:0', '0:1']);
    expect(cluster.faults.log).toEqual([]);
  });
});

describe('faults: a rebalance while a handler runs', () => {
  it('a member leaving mid-handler: the group rebalances, nothing is lost, and each partition keeps its order', async () => {
    const { kafka, producer } = await setup(2);
    const cluster = virtualCluster(kafka);
    const seen: string[] = [];
    const rebalances: unknown[] = [];
    const consumers = [
      await forwarder(kafka, producer, 'g', seen, () => cluster.timers.sleep(10)),
      await forwarder(kafka, producer, 'g', seen, () => cluster.timers.sleep(10)),
    ];
    for (const c of consumers) c.on(c.events.REBALANCING, (e) => rebalances.push(e.payload));
    await cluster.settle();
    cluster.faults.rebalanceDuringHandler({ groupId: 'g', member: 'leave' });
    await producer.send({ topic: 'in', messages: Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, partition: i % 2 })) });
    await cluster.advance(1_000);

    expect(cluster.faults.log).toHaveLength(1);
    expect(cluster.faults.log[0]!.detail).toMatch(/leaves while .* is in its handler/);
    expect(rebalances.length).toBeGreaterThan(0);
    for (const p of [0, 1]) {
      const offsets = seen.filter((s) => s.startsWith(`${p}:`)).map((s) => Number(s.split(':')[1]));
      // Every record was handled, and the first deliveries came in offset order.
      expect(new Set(offsets)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
      expect(firstDeliveries(offsets)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(committed(kafka, 'g', 'in', p)).toBe(6);
    }
    expect((await consumers[0]!.describeGroup()).members).toHaveLength(2);
  });

  it('a member joining mid-handler takes partitions for a while, then leaves: the group takes them back', async () => {
    const { kafka, producer } = await setup(2);
    const cluster = virtualCluster(kafka);
    const seen: string[] = [];
    const consumer = await forwarder(kafka, producer, 'g', seen, () => cluster.timers.sleep(5));
    await cluster.settle();
    cluster.faults.rebalanceDuringHandler({ member: 'join', memberForMs: 100 });
    const groupSizes: number[] = [];
    consumer.on(consumer.events.GROUP_JOIN, (e) => groupSizes.push(Object.values((e.payload as { memberAssignment: Record<string, number[]> }).memberAssignment).flat().length));
    await producer.send({ topic: 'in', messages: Array.from({ length: 6 }, (_, i) => ({ value: `v${i}`, partition: i % 2 })) });
    await cluster.advance(1_000);

    expect(cluster.faults.log[0]!.detail).toMatch(/joins for 100ms/);
    // Rejoined once with one of the two partitions (the other went to the new member), then with both again.
    expect(groupSizes).toEqual([1, 2]);
    expect(new Set(seen)).toEqual(new Set(['0:0', '0:1', '0:2', '1:0', '1:1', '1:2']));
    expect((await consumer.describeGroup()).members).toHaveLength(1);
  });
});

describe('faults: broker-side delays', () => {
  it('holds a delivery back by virtual time; settle() waits it out', async () => {
    const { kafka, producer } = await setup();
    const cluster = virtualCluster(kafka);
    const at: number[] = [];
    await forwarder(kafka, producer, 'g', [], async () => void at.push(cluster.timers.now()));
    await cluster.settle();
    const start = cluster.clock.now();
    cluster.faults.delayDelivery({ groupId: 'g', ms: 200 });
    await producer.send({ topic: 'in', messages: [{ value: 'late' }] });
    await cluster.settle();
    expect(at).toHaveLength(1);
    expect(at[0]! - start).toBeGreaterThanOrEqual(200);
  });

  it('holds a produce acknowledgement back: the record is on the log before the send resolves', async () => {
    const { kafka, producer } = await setup();
    const cluster = virtualCluster(kafka);
    cluster.faults.delayAck({ topic: 'in', ms: 100 });
    const start = cluster.clock.now();
    const sending = producer.send({ topic: 'in', messages: [{ value: 'x' }] });
    expect(values(kafka, 'in')).toEqual(['x']);
    const [metadata] = await sending;
    expect(cluster.clock.now() - start).toBe(100);
    expect(metadata).toMatchObject({ topicName: 'in', partition: 0, baseOffset: '0' });
  });
});

describe('faults: a duplicate send after a retried produce', () => {
  it('a non-idempotent producer appends the records twice, in order, on the same partitions; the ack is the retry', async () => {
    const { kafka, producer } = await setup(3);
    const cluster = virtualCluster(kafka);
    cluster.faults.duplicateSend({ topic: 'in' });
    const metadata = await producer.send({ topic: 'in', messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.send({ topic: 'in', messages: [{ value: 'c' }] });
    const records = cluster.broker.records('in').map((r) => `${r.partition}:${r.offset}:${Buffer.from(r.value as Buffer).toString()}`);
    const byValue = (v: string): string[] => records.filter((r) => r.endsWith(`:${v}`)).map((r) => r.split(':')[0]!);
    expect(records.filter((r) => r.endsWith(':a'))).toHaveLength(2);
    expect(records.filter((r) => r.endsWith(':b'))).toHaveLength(2);
    expect(records.filter((r) => r.endsWith(':c'))).toHaveLength(1);
    // The retry wrote each record to the partition the first attempt chose.
    expect(new Set(byValue('a')).size).toBe(1);
    expect(new Set(byValue('b')).size).toBe(1);
    expect(metadata.every((m) => Number(m.baseOffset) > 0)).toBe(true);
    expect(cluster.faults.log[0]!.detail).toMatch(/appended twice/);
  });

  it('an idempotent or transactional producer appends them once: the broker drops the retry', async () => {
    const { kafka } = await setup();
    const cluster = virtualCluster(kafka);
    const idempotent = kafka.producer({ idempotent: true });
    await idempotent.connect();
    cluster.faults.duplicateSend();
    await idempotent.send({ topic: 'in', messages: [{ value: 'once' }] });
    const transactional = kafka.producer({ transactionalId: 'tx' });
    await transactional.connect();
    cluster.faults.duplicateSend();
    const tx = await transactional.transaction();
    await tx.send({ topic: 'out', messages: [{ value: 'once too' }] });
    await tx.commit();
    expect(values(kafka, 'in')).toEqual(['once']);
    expect(values(kafka, 'out')).toEqual(['once too']);
    expect(cluster.faults.log.map((f) => f.detail)).toEqual([
      'send to in retried after a lost ack: idempotent, appended once',
      'send to out retried after a lost ack: idempotent, appended once',
    ]);
  });
});

describe('faults: seeded mode', () => {
  /** Two forwarders of one group on 3 partitions under seeded faults; the bytes of `out` and the faults injected. */
  async function run(seed: number): Promise<{ out: string; log: string; seen: string[]; input: string[] }> {
    resetVirtualClusters();
    const { kafka, producer } = await setup(3, seed);
    const cluster = virtualCluster(kafka);
    cluster.faults.inject({ rate: 0.2 });
    const seen: string[] = [];
    await forwarder(kafka, producer, 'g', seen, () => cluster.timers.sleep(3));
    await forwarder(kafka, producer, 'g', seen);
    for (let i = 0; i < 20; i++) await producer.send({ topic: 'in', messages: [{ key: `k${i % 5}`, value: `v${i}` }] });
    await cluster.advance(5_000);
    expect(cluster.scheduler.errors).toEqual([]);
    const out = cluster.broker
      .records('out')
      .map((r) => `${r.offset}@${r.timestamp}:${Buffer.from(r.value as Buffer).toString('hex')}`)
      .join('\n');
    // Seeded duplicate sends may have written some inputs twice: every record on `in` counts.
    const input = cluster.broker.records('in').map((r) => `${r.partition}:${r.offset}`);
    return { out, log: JSON.stringify(cluster.faults.log), seen, input };
  }

  it('the same seed injects the same faults and gives byte-identical outputs; another seed, other faults', async () => {
    const a = await run(21);
    const b = await run(21);
    const c = await run(22);
    expect(JSON.parse(a.log)).not.toEqual([]);
    expect(b.log).toBe(a.log);
    expect(b.out).toBe(a.out);
    expect(c.log).not.toBe(a.log);
  });

  it('under seeded faults every record is handled at least once and each partition is read in order from its commits', async () => {
    const kinds = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const { seen, input, log } = await run(seed);
      for (const f of JSON.parse(log) as Array<{ kind: string }>) kinds.add(f.kind);
      for (const p of [0, 1, 2]) {
        const offsets = seen.filter((s) => s.startsWith(`${p}:`)).map((s) => Number(s.split(':')[1]));
        const first = firstDeliveries(offsets);
        expect(first).toEqual([...first].sort((x, y) => x - y));
        // Reading only moves forward one record at a time, or back to an earlier offset (a redelivery).
        for (let i = 1; i < offsets.length; i++) expect(offsets[i]! === offsets[i - 1]! + 1 || offsets[i]! <= offsets[i - 1]!).toBe(true);
      }
      expect(new Set(seen)).toEqual(new Set(input));
      expect(input.length).toBeGreaterThanOrEqual(20);
    }
    // These runs went through every kind of fault.
    expect([...kinds].sort()).toEqual(['ack-delay', 'crash', 'delivery-delay', 'duplicate-send', 'rebalance']);
  });
});

describe('faults: control', () => {
  it('inject() draws only the kinds asked for; clear() stops seeded faults and disarms what has not fired', async () => {
    const { kafka, producer } = await setup();
    const cluster = virtualCluster(kafka);
    expect(() => cluster.faults.inject({ rate: 1.5 })).toThrow(RangeError);
    cluster.faults.inject({ rate: 1, kinds: ['duplicate-send'] });
    await producer.send({ topic: 'in', messages: [{ value: 'twice' }] });
    cluster.faults.crashConsumer();
    cluster.faults.clear();
    await producer.send({ topic: 'in', messages: [{ value: 'once' }] });
    const seen: string[] = [];
    await forwarder(kafka, producer, 'g', seen);
    await cluster.settle();
    expect(values(kafka, 'in')).toEqual(['twice', 'twice', 'once']);
    expect(seen).toEqual(['0:0', '0:1', '0:2']);
    expect(cluster.faults.log.map((f) => f.kind)).toEqual(['duplicate-send']);
  });
});

/** The offsets in the order they were first delivered. */
function firstDeliveries(offsets: number[]): number[] {
  return [...new Set(offsets)];
}
