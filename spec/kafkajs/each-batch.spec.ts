import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type EachBatchPayload } from '../../src/kafkajs/index.js';

afterEach(() => resetVirtualClusters());

async function topicWith(values: string[], partitions = 1): Promise<Kafka> {
  const kafka = new Kafka({ clientId: 'batcher', brokers: ['localhost:9092'], streamsim: { seed: 5 } });
  await kafka.admin().createTopics({ topics: [{ topic: 'in', numPartitions: partitions }] });
  const producer = kafka.producer();
  await producer.connect();
  if (values.length > 0) await producer.send({ topic: 'in', messages: values.map((value, i) => ({ value, partition: i % partitions })) });
  return kafka;
}

describe('eachBatch (node_modules/kafkajs/src/consumer/runner.js processEachBatch, consumer/batch.js)', () => {
  it('hands the partition batch with kafkajs Batch fields and helpers', async () => {
    const kafka = await topicWith(['a', 'b', 'c']);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const views: unknown[] = [];
    await consumer.run({
      eachBatch: async ({ batch, isRunning, isStale, uncommittedOffsets }: EachBatchPayload) => {
        views.push({
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: batch.highWatermark,
          values: batch.messages.map((m) => m.value!.toString()),
          isEmpty: batch.isEmpty(),
          firstOffset: batch.firstOffset(),
          lastOffset: batch.lastOffset(),
          offsetLag: batch.offsetLag(),
          offsetLagLow: batch.offsetLagLow(),
          running: isRunning(),
          stale: isStale(),
          uncommitted: uncommittedOffsets(),
        });
      },
    });
    await virtualCluster(kafka).settle();
    expect(views).toEqual([
      {
        topic: 'in',
        partition: 0,
        highWatermark: '3',
        values: ['a', 'b', 'c'],
        isEmpty: false,
        firstOffset: '0',
        lastOffset: '2',
        offsetLag: '0',
        offsetLagLow: '2',
        running: true,
        stale: false,
        uncommitted: { topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '0' }] }] },
      },
    ]);
    // eachBatchAutoResolve (default true) resolved the last offset, and autoCommit committed it after the batch.
    expect(await kafka.admin().fetchOffsets({ groupId: 'g', topics: ['in'] })).toEqual([{ topic: 'in', partitions: [{ partition: 0, offset: '3', metadata: '' }] }]);
  });

  it('with eachBatchAutoResolve off, unresolved messages are fetched again (the fetch position is the resolved offset)', async () => {
    const kafka = await topicWith(['a', 'b', 'c', 'd']);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const batches: string[][] = [];
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        batches.push(batch.messages.map((m) => m.value!.toString()));
        // Work through at most two messages per batch.
        for (const m of batch.messages.slice(0, 2)) resolveOffset(m.offset);
      },
    });
    await virtualCluster(kafka).settle();
    expect(batches).toEqual([
      ['a', 'b', 'c', 'd'],
      ['c', 'd'],
    ]);
  });

  it('commitOffsetsIfNecessary commits the given offsets; autoCommitThreshold commits once enough are resolved', async () => {
    const kafka = await topicWith(['a', 'b', 'c', 'd']);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const committedDuring: string[] = [];
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        for (const m of batch.messages) resolveOffset(m.offset);
        await commitOffsetsIfNecessary({ topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '2' }] }] });
        const [offsets] = await kafka.admin().fetchOffsets({ groupId: 'g', topics: ['in'] });
        committedDuring.push(offsets!.partitions[0]!.offset);
      },
    });
    await virtualCluster(kafka).settle();
    // autoCommit is off: only the explicit commit happened.
    expect(committedDuring).toEqual(['2']);
    expect((await kafka.admin().fetchOffsets({ groupId: 'g', topics: ['in'] }))[0]!.partitions[0]!.offset).toBe('2');
  });

  it('autoCommitThreshold commits inside an eachMessage batch once that many offsets are resolved', async () => {
    const kafka = await topicWith(['a', 'b', 'c', 'd', 'e']);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const committedAt: string[] = [];
    await consumer.run({
      autoCommitThreshold: 2,
      eachMessage: async () => {
        const [offsets] = await kafka.admin().fetchOffsets({ groupId: 'g', topics: ['in'] });
        committedAt.push(offsets!.partitions[0]!.offset);
      },
    });
    await virtualCluster(kafka).settle();
    expect(committedAt).toEqual(['-1', '-1', '2', '2', '4']);
  });
});

describe('autoCommitInterval (offsetManager.commitOffsetsIfNecessary, on the virtual clock)', () => {
  const committedDuringBatch = async (autoCommitInterval: number | null): Promise<string[]> => {
    resetVirtualClusters();
    const kafka = await topicWith(['a', 'b', 'c', 'd', 'e']);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const committed: string[] = [];
    await consumer.run({
      autoCommitInterval,
      eachMessage: async () => {
        const [offsets] = await kafka.admin().fetchOffsets({ groupId: 'g', topics: ['in'] });
        committed.push(offsets!.partitions[0]!.offset);
        await cluster.timers.sleep(60);
      },
    });
    await cluster.advance(10_000);
    return committed;
  };

  it('without interval nor threshold, offsets are committed only after the batch', async () => {
    expect(await committedDuringBatch(null)).toEqual(['-1', '-1', '-1', '-1', '-1']);
  });

  it('with an interval, offsets are committed inside the batch once that much virtual time passed', async () => {
    const seen = await committedDuringBatch(100);
    expect(seen[0]).toBe('-1');
    expect(seen.at(-1)).not.toBe('-1');
    // Commits only ever move forward.
    const numbers = seen.map(Number);
    expect([...numbers].sort((x, y) => x - y)).toEqual(numbers);
  });
});

describe('pause, resume and seek (node_modules/kafkajs/src/consumer/index.js)', () => {
  it('pause() from eachMessage stops the partition after the current message; resume() continues it', async () => {
    const kafka = await topicWith(['a', 'b', 'c', 'd']);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const seen: string[] = [];
    let resumeLater: (() => void) | undefined;
    await consumer.run({
      eachMessage: async ({ message, pause }) => {
        seen.push(message.value!.toString());
        if (message.value!.toString() === 'b') resumeLater = pause();
      },
    });
    await cluster.settle();
    expect(seen).toEqual(['a', 'b']);
    expect(consumer.paused()).toEqual([{ topic: 'in', partitions: [0] }]);
    resumeLater!();
    await cluster.settle();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(consumer.paused()).toEqual([]);
  });

  it('consumer.pause of a whole topic, then resume', async () => {
    const kafka = await topicWith([], 2);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    consumer.pause([{ topic: 'in' }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'in', messages: [{ value: 'x', partition: 0 }, { value: 'y', partition: 1 }] });
    await cluster.settle();
    expect(seen).toEqual([]);
    consumer.resume([{ topic: 'in' }]);
    await cluster.settle();
    expect(seen.sort()).toEqual(['x', 'y']);
  });

  it('seek moves the partition: the rest of the batch is dropped (isStale) and delivery restarts at the offset', async () => {
    const kafka = await topicWith(['a', 'b', 'c', 'd', 'e']);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const seen: string[] = [];
    let sought = false;
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
        if (message.value!.toString() === 'c' && !sought) {
          sought = true;
          consumer.seek({ topic: 'in', partition: 0, offset: '1' });
        }
      },
    });
    await virtualCluster(kafka).settle();
    expect(seen).toEqual(['a', 'b', 'c', 'b', 'c', 'd', 'e']);
  });

  it('seek with autoCommit commits the offset at once (offsetManager.seek)', async () => {
    const kafka = await topicWith(['a', 'b', 'c']);
    const cluster = virtualCluster(kafka);
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await cluster.settle();
    consumer.seek({ topic: 'in', partition: 0, offset: '-2' });
    await cluster.settle();
    expect(seen).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('seek, pause and commitOffsets before run() are refused, as kafkajs does', async () => {
    const kafka = await topicWith([]);
    const consumer = kafka.consumer({ groupId: 'g' });
    expect(() => consumer.seek({ topic: 'in', partition: 0, offset: '0' })).toThrow(/consumer#run must be called first/);
    expect(() => consumer.pause([{ topic: 'in' }])).toThrow(/consumer#run must be called first/);
    expect(() => consumer.seek({ topic: 'in', partition: 0, offset: '-5' })).toThrow(/must not be a negative number/);
  });
});
