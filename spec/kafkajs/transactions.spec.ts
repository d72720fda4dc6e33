import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, KafkaJSNonRetriableError, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';

afterEach(() => resetVirtualClusters());

async function setup(): Promise<{ kafka: Kafka; read: (groupId: string, readUncommitted?: boolean) => Promise<string[]> }> {
  const kafka = new Kafka({ clientId: 'tx', brokers: ['localhost:9092'] });
  await kafka.admin().createTopics({ topics: [{ topic: 'ledger' }, { topic: 'in' }] });
  const cluster = virtualCluster(kafka);
  /** A consumer that collects everything it is delivered; the list fills as the cluster runs. */
  const read = async (groupId: string, readUncommitted = false): Promise<string[]> => {
    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId, readUncommitted });
    await consumer.subscribe({ topics: ['ledger'], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await cluster.settle();
    return seen;
  };
  return { kafka, read };
}

describe('transactions (kafkajs producer.transaction(); consumers read_committed by default, consumer/index.js isolationLevel)', () => {
  it('read_committed consumers see a transaction only once it commits; the commit marker takes an offset', async () => {
    const { kafka, read } = await setup();
    const cluster = virtualCluster(kafka);
    const producer = kafka.producer({ transactionalId: 'ledger-writer', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const committed = await read('committed');
    const tx = await producer.transaction();
    await tx.send({ topic: 'ledger', messages: [{ value: 'debit' }, { value: 'credit' }] });
    await cluster.settle();
    expect(committed).toEqual([]);
    await tx.commit();
    expect(tx.isActive()).toBe(false);
    await cluster.settle();
    expect(committed).toEqual(['debit', 'credit']);
    // Two records and the control record: the next offset is 3, as on a real broker.
    expect((await kafka.admin().fetchTopicOffsets('ledger'))[0]!.high).toBe('3');
  });

  it('an aborted transaction is dropped for read_committed consumers, seen by read_uncommitted ones', async () => {
    const { kafka, read } = await setup();
    const producer = kafka.producer({ transactionalId: 'ledger-writer' });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'ledger', messages: [{ value: 'oops' }] });
    await aborted.abort();
    const ok = await producer.transaction();
    await ok.send({ topic: 'ledger', messages: [{ value: 'fine' }] });
    await ok.commit();
    expect(await read('committed')).toEqual(['fine']);
    expect(await read('uncommitted', true)).toEqual(['oops', 'fine']);
  });

  it('an open transaction holds back later records of its partition (last stable offset)', async () => {
    const { kafka, read } = await setup();
    const cluster = virtualCluster(kafka);
    const txProducer = kafka.producer({ transactionalId: 't1' });
    const plain = kafka.producer();
    await txProducer.connect();
    await plain.connect();
    const seen = await read('g');
    const tx = await txProducer.transaction();
    await tx.send({ topic: 'ledger', messages: [{ value: 'in-tx' }] });
    await plain.send({ topic: 'ledger', messages: [{ value: 'after' }] });
    await cluster.settle();
    expect(seen).toEqual([]);
    await tx.commit();
    await cluster.settle();
    expect(seen).toEqual(['in-tx', 'after']);
  });

  it('sendOffsets commits the consumer group offsets with the transaction, and not on abort', async () => {
    const { kafka } = await setup();
    const producer = kafka.producer({ transactionalId: 't1' });
    await producer.connect();
    const admin = kafka.admin();
    const tx = await producer.transaction();
    await tx.sendOffsets({ consumerGroupId: 'relay', topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '5' }] }] });
    await tx.abort();
    expect((await admin.fetchOffsets({ groupId: 'relay', topics: ['in'] }))[0]!.partitions[0]!.offset).toBe('-1');
    const tx2 = await producer.transaction();
    await tx2.sendOffsets({ consumerGroupId: 'relay', topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '5' }] }] });
    await tx2.commit();
    expect((await admin.fetchOffsets({ groupId: 'relay', topics: ['in'] }))[0]!.partitions[0]!.offset).toBe('5');
  });

  it('a new producer with the same transactionalId fences the old one and aborts its open transaction (INVALID_PRODUCER_EPOCH)', async () => {
    const { kafka, read } = await setup();
    const zombie = kafka.producer({ transactionalId: 'relay' });
    await zombie.connect();
    const zombieTx = await zombie.transaction();
    await zombieTx.send({ topic: 'ledger', messages: [{ value: 'from-zombie' }] });
    const successor = kafka.producer({ transactionalId: 'relay' });
    await successor.connect();
    const tx = await successor.transaction();
    await tx.send({ topic: 'ledger', messages: [{ value: 'from-successor' }] });
    await tx.commit();
    await expect(zombieTx.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH', retriable: false });
    expect(await read('committed')).toEqual(['from-successor']);
  });

  it('refuses what kafkajs refuses: no transactionalId, two open transactions, reuse after end', async () => {
    const { kafka } = await setup();
    const plain = kafka.producer();
    await plain.connect();
    await expect(plain.transaction()).rejects.toBeInstanceOf(KafkaJSNonRetriableError);
    const producer = kafka.producer({ transactionalId: 't1' });
    await producer.connect();
    const tx = await producer.transaction();
    await expect(producer.transaction()).rejects.toThrow(/ongoing transaction/);
    // A plain send while the transaction is open goes outside it, as kafkajs does (producer/index.js).
    await producer.send({ topic: 'ledger', messages: [{ value: 'plain' }] });
    await tx.commit();
    await expect(tx.send({ topic: 'ledger', messages: [{ value: 'x' }] })).rejects.toThrow(/once ended/);
  });
});
