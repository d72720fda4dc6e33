import { AssignerProtocol, PartitionAssigners } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type Consumer, type EachMessagePayload } from '../../src/kafkajs/index.js';

afterEach(() => resetVirtualClusters());

interface Seen {
  readonly by: string;
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

async function setup(partitions: number): Promise<{ kafka: Kafka; send: (values: string[]) => Promise<void> }> {
  const kafka = new Kafka({ clientId: 'svc', brokers: ['localhost:9092'], streamsim: { seed: 3 } });
  await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: partitions }] });
  const producer = kafka.producer();
  await producer.connect();
  const send = async (values: string[]): Promise<void> => {
    await producer.send({ topic: 'orders', messages: values.map((value, i) => ({ value, partition: i % partitions })) });
  };
  return { kafka, send };
}

async function startMember(kafka: Kafka, name: string, seen: Seen[], groupId = 'billing'): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }: EachMessagePayload) => {
      seen.push({ by: name, partition, offset: message.offset, value: message.value!.toString() });
    },
  });
  return consumer;
}

/** kafkajs' own RoundRobinAssigner run on the same members and topic (node_modules/kafkajs/src/consumer/assigners). */
async function kafkajsAssignment(memberIds: string[], topic: string, partitions: number): Promise<Map<string, number[]>> {
  const cluster = { findTopicPartitionMetadata: () => Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })) };
  const assigner = PartitionAssigners.roundRobin({ cluster } as unknown as Parameters<typeof PartitionAssigners.roundRobin>[0]);
  const result = await assigner.assign({ members: memberIds.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })), topics: [topic] });
  return new Map(result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment[topic] ?? []]));
}

describe('consumer groups (kafkajs consumer/consumerGroup.js over the sim GroupCoordinator)', () => {
  it("two members share the partitions as kafkajs' RoundRobinAssigner deals them", async () => {
    const { kafka } = await setup(5);
    const seen: Seen[] = [];
    const a = await startMember(kafka, 'a', seen);
    const b = await startMember(kafka, 'b', seen);
    await virtualCluster(kafka).settle();
    const group = await a.describeGroup();
    expect(group.state).toBe('Stable');
    const ids = group.members.map((m) => m.memberId);
    const expected = await kafkajsAssignment(ids, 'orders', 5);
    const own = new Map<string, number[]>();
    for (const [consumer, id] of [
      [a, await memberIdOf(a, ids)],
      [b, await memberIdOf(b, ids)],
    ] as const) {
      own.set(id, consumer.assignment().map((tp) => tp.partition));
    }
    expect(own).toEqual(expected);
    expect([...own.values()].flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('every message is processed once, by the owner of its partition', async () => {
    const { kafka, send } = await setup(4);
    const seen: Seen[] = [];
    const a = await startMember(kafka, 'a', seen);
    const b = await startMember(kafka, 'b', seen);
    await send(Array.from({ length: 40 }, (_, i) => `m${i}`));
    await virtualCluster(kafka).settle();
    expect(seen.map((s) => s.value).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
    const owner = new Map<number, string>();
    for (const c of [a, b]) for (const tp of c.assignment()) owner.set(tp.partition, c === a ? 'a' : 'b');
    for (const s of seen) expect(s.by).toBe(owner.get(s.partition));
  });

  it('when one member leaves, the group rebalances and the other takes its partitions from the committed offsets', async () => {
    const { kafka, send } = await setup(4);
    const cluster = virtualCluster(kafka);
    const seen: Seen[] = [];
    const a = await startMember(kafka, 'a', seen);
    const b = await startMember(kafka, 'b', seen);
    await send(Array.from({ length: 20 }, (_, i) => `before-${i}`));
    await cluster.settle();
    expect(a.assignment()).toHaveLength(2);
    expect(b.assignment()).toHaveLength(2);
    await b.disconnect();
    await send(Array.from({ length: 20 }, (_, i) => `after-${i}`));
    await cluster.settle();
    expect(a.assignment().map((tp) => tp.partition)).toEqual([0, 1, 2, 3]);
    // autoCommit committed b's work after each batch: nothing is processed twice, nothing lost.
    const values = seen.map((s) => s.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values).toHaveLength(40);
    expect(seen.filter((s) => s.value.startsWith('after-')).every((s) => s.by === 'a')).toBe(true);
    expect((await a.describeGroup()).members).toHaveLength(1);
  });

  it('a member joining while another is mid-batch: the busy one finishes its message, commits at its next heartbeat and rejoins', async () => {
    const { kafka, send } = await setup(2);
    const cluster = virtualCluster(kafka);
    const seen: Seen[] = [];
    const slowMember = async (name: string): Promise<Consumer> => {
      const consumer = kafka.consumer({ groupId: 'slow' });
      await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          await cluster.timers.sleep(2_000);
          seen.push({ by: name, partition, offset: message.offset, value: message.value!.toString() });
        },
      });
      return consumer;
    };
    const a = await slowMember('a');
    const rebalancingAt: number[] = [];
    a.on(a.events.REBALANCING, (e) => rebalancingAt.push(e.timestamp));
    await send(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    await cluster.advance(100);
    const b = await slowMember('b');
    await cluster.advance(60_000);
    const values = seen.map((s) => s.value);
    expect([...values].sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(seen.some((s) => s.by === 'b')).toBe(true);
    // a noticed at its first heartbeat (heartbeatInterval 3000 ms of virtual time), after its second message.
    expect(rebalancingAt).toHaveLength(1);
    expect(rebalancingAt[0]).toBeGreaterThanOrEqual(3_000);
    expect(a.assignment()).toHaveLength(1);
    expect(b.assignment()).toHaveLength(1);
  });

  it.each([1, 3])('partitionsConsumedConcurrently %i: at most that many partition batches in flight at once', async (concurrency) => {
    const { kafka, send } = await setup(3);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'parallel' });
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    let inFlight = 0;
    let maxInFlight = 0;
    let done = 0;
    await consumer.run({
      partitionsConsumedConcurrently: concurrency,
      eachMessage: async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await cluster.timers.sleep(100);
        inFlight--;
        done++;
      },
    });
    await send(Array.from({ length: 9 }, (_, i) => `m${i}`));
    await cluster.advance(10_000);
    expect(done).toBe(9);
    expect(maxInFlight).toBe(concurrency);
  });

  it('commitOffsets then a restart resumes at the committed offset (autoCommit off)', async () => {
    const { kafka, send } = await setup(1);
    const cluster = virtualCluster(kafka);
    await send(['m0', 'm1', 'm2', 'm3', 'm4']);
    const first = kafka.consumer({ groupId: 'manual' });
    await first.connect();
    await first.subscribe({ topics: ['orders'], fromBeginning: true });
    const firstSeen: string[] = [];
    await first.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        firstSeen.push(message.offset);
        // Commit the next offset to read after m2 only.
        if (message.offset === '2') await first.commitOffsets([{ topic: 'orders', partition: 0, offset: '3' }]);
      },
    });
    await cluster.settle();
    expect(firstSeen).toEqual(['0', '1', '2', '3', '4']);
    await first.disconnect();
    expect(await kafka.admin().fetchOffsets({ groupId: 'manual', topics: ['orders'] })).toEqual([
      { topic: 'orders', partitions: [{ partition: 0, offset: '3', metadata: '' }] },
    ]);

    const second = kafka.consumer({ groupId: 'manual' });
    await second.connect();
    await second.subscribe({ topics: ['orders'], fromBeginning: true });
    const secondSeen: string[] = [];
    await second.run({ eachMessage: async ({ message }) => void secondSeen.push(message.offset) });
    await cluster.settle();
    expect(secondSeen).toEqual(['3', '4']);
  });

  it('without fromBeginning a new group starts at the end of the log (kafkajs default offset: latest)', async () => {
    const { kafka, send } = await setup(1);
    const cluster = virtualCluster(kafka);
    await send(['old']);
    const consumer = kafka.consumer({ groupId: 'latecomer' });
    await consumer.subscribe({ topic: 'orders' });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await cluster.settle();
    await send(['new']);
    await cluster.settle();
    expect(seen).toEqual(['new']);
  });

  it('consumers receive Buffers, string offsets and timestamps, and decoded headers (kafkajs RecordBatchEntry)', async () => {
    const { kafka } = await setup(1);
    const cluster = virtualCluster(kafka);
    cluster.clock.set(777);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [{ key: 'k', value: 'v', headers: { h: 'x', multi: ['1', '2'] } }] });
    const consumer = kafka.consumer({ groupId: 'shape' });
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    const payloads: EachMessagePayload[] = [];
    await consumer.run({ eachMessage: async (p) => void payloads.push(p) });
    await cluster.settle();
    const { topic, partition, message } = payloads[0]!;
    expect({ topic, partition }).toEqual({ topic: 'orders', partition: 0 });
    expect(message).toEqual({
      key: Buffer.from('k'),
      value: Buffer.from('v'),
      timestamp: '777',
      attributes: 0,
      offset: '0',
      headers: { h: Buffer.from('x'), multi: [Buffer.from('1'), Buffer.from('2')] },
    });
  });

  it('a failing handler is retried with backoff on the virtual clock and the message delivered again (runner.js retrier)', async () => {
    const { kafka, send } = await setup(1);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'flaky' });
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    const attempts: string[] = [];
    let failures = 1;
    await consumer.run({
      eachMessage: async ({ message }) => {
        attempts.push(message.value!.toString());
        if (message.value!.toString() === 'm1' && failures-- > 0) throw new Error('database is down');
      },
    });
    await send(['m0', 'm1', 'm2']);
    await cluster.settle();
    // The retry waits ~300 ms of virtual time (kafkajs initialRetryTime, randomized by the seed).
    expect(attempts).toEqual(['m0', 'm1']);
    await cluster.advance(1_000);
    expect(attempts).toEqual(['m0', 'm1', 'm1', 'm2']);
  });

  it('after the retries run out the consumer crashes (consumer.crash event) and restarts from the committed offset', async () => {
    const { kafka, send } = await setup(1);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'doomed', retry: { retries: 1, initialRetryTime: 100 } });
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    const crashes: Array<{ name: string; restart: boolean }> = [];
    consumer.on(consumer.events.CRASH, (e: { payload: { error: Error; restart: boolean } }) =>
      crashes.push({ name: e.payload.error.name, restart: e.payload.restart }),
    );
    let failures = 2;
    const processed: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value!.toString() === 'm1' && failures-- > 0) throw new Error('still down');
        processed.push(message.value!.toString());
      },
    });
    await send(['m0', 'm1', 'm2']);
    await cluster.advance(5_000);
    expect(crashes).toEqual([{ name: 'KafkaJSNumberOfRetriesExceeded', restart: true }]);
    expect(processed).toEqual(['m0', 'm1', 'm2']);
  });

  it('a TypeError in a handler is not retried: the consumer crashes for good and leaves the group', async () => {
    const { kafka, send } = await setup(1);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'buggy' });
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    const crashes: Array<{ name: string; restart: boolean }> = [];
    consumer.on(consumer.events.CRASH, (e: { payload: { error: Error; restart: boolean } }) =>
      crashes.push({ name: e.payload.error.name, restart: e.payload.restart }),
    );
    let calls = 0;
    await consumer.run({
      eachMessage: async () => {
        calls++;
        throw new TypeError('cannot read properties of undefined');
      },
    });
    await send(['m0']);
    await cluster.advance(60_000);
    expect(calls).toBe(1);
    expect(crashes).toEqual([{ name: 'KafkaJSNonRetriableError', restart: false }]);
    expect((await consumer.describeGroup()).state).toBe('Empty');
  });
});

async function memberIdOf(consumer: Consumer, ids: string[]): Promise<string> {
  // Each consumer's GROUP_JOIN event names its member id; replaying is simpler: the member whose assignment it holds.
  const d = await consumer.describeGroup();
  const mine = consumer.assignment().map((tp) => tp.partition);
  for (const id of ids) {
    const expected = await kafkajsAssignment(ids, 'orders', 5);
    if (JSON.stringify(expected.get(id)) === JSON.stringify(mine)) return id;
  }
  throw new Error(`no member of ${d.groupId} holds ${JSON.stringify(mine)}`);
}
