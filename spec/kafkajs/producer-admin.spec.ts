import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, KafkaJSError, KafkaJSProtocolError, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';

afterEach(() => resetVirtualClusters());

const newKafka = (clientId = 'app'): Kafka => new Kafka({ clientId, brokers: ['localhost:9092'] });

describe('admin (node_modules/kafkajs/src/admin/index.js)', () => {
  it('createTopics answers true when it created every topic, false when some existed (kafkajs: TOPIC_ALREADY_EXISTS)', async () => {
    const admin = newKafka().admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }, { topic: 'payments' }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'orders' }, { topic: 'refunds', numPartitions: 2 }] })).toBe(false);
    expect(await admin.listTopics()).toEqual(['orders', 'payments', 'refunds']);
    const meta = await admin.fetchTopicMetadata({ topics: ['orders'] });
    expect(meta.topics[0]!.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);
    await admin.disconnect();
  });

  it('fetchTopicOffsets gives high/low watermarks as strings; deleteTopics removes the topic', async () => {
    const kafka = newKafka();
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 0 }, { value: 'c', partition: 1 }] });
    expect(await admin.fetchTopicOffsets('orders')).toEqual([
      { partition: 0, offset: '2', high: '2', low: '0' },
      { partition: 1, offset: '1', high: '1', low: '0' },
    ]);
    await admin.deleteTopics({ topics: ['orders'] });
    expect(await admin.listTopics()).toEqual([]);
    await expect(admin.fetchTopicOffsets('orders')).rejects.toBeInstanceOf(KafkaJSProtocolError);
    await expect(admin.deleteTopics({ topics: ['orders'] })).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('clients with the same brokers list share one cluster; another list is another cluster', async () => {
    const a = newKafka('a');
    const b = new Kafka({ clientId: 'b', brokers: ['localhost:9092'] });
    const c = new Kafka({ clientId: 'c', brokers: ['elsewhere:9092'] });
    await a.admin().createTopics({ topics: [{ topic: 'shared' }] });
    expect(await b.admin().listTopics()).toEqual(['shared']);
    expect(await c.admin().listTopics()).toEqual([]);
    expect(virtualCluster(a)).toBe(virtualCluster(b));
  });
});

describe('producer (node_modules/kafkajs/src/producer/index.js)', () => {
  it('send answers one RecordMetadata per partition written, with the base offset as a string (produce response v3+)', async () => {
    const kafka = newKafka();
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [{ value: 'x', partition: 1 }] });
    const result = await producer.send({
      topic: 'orders',
      messages: [
        { value: 'a', partition: 0 },
        { value: 'b', partition: 1 },
        { value: 'c', partition: 0 },
      ],
    });
    expect(result).toEqual([
      { topicName: 'orders', partition: 0, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '0' },
      { topicName: 'orders', partition: 1, errorCode: 0, baseOffset: '1', logAppendTime: '-1', logStartOffset: '0' },
    ]);
  });

  it('stores keys, values and headers as bytes; timestamps default to the virtual clock', async () => {
    const kafka = newKafka();
    const cluster = virtualCluster(kafka);
    cluster.clock.set(1_000);
    const producer = kafka.producer();
    await producer.connect();
    await producer.sendBatch({
      topicMessages: [
        { topic: 'events', messages: [{ key: 'k1', value: Buffer.from([1, 2, 3]), headers: { trace: 'abc', tags: ['x', Buffer.from('y')] } }] },
        { topic: 'events', messages: [{ key: null, value: null, timestamp: '42' }] },
      ],
    });
    const [first, second] = cluster.broker.records('events');
    expect(first!.key).toEqual(Buffer.from('k1'));
    expect(first!.value).toEqual(Buffer.from([1, 2, 3]));
    expect(first!.headers.map((h) => [h.key, Buffer.from(h.value as Uint8Array).toString()])).toEqual([
      ['trace', 'abc'],
      ['tags', 'x'],
      ['tags', 'y'],
    ]);
    expect(first!.timestamp).toBe(1_000);
    expect(second!.value).toBeNull();
    expect(second!.timestamp).toBe(42);
  });

  it('auto-creates a topic on first send (allowAutoTopicCreation, default true) and refuses when it is off', async () => {
    const kafka = newKafka();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'fresh', messages: [{ value: 'v' }] });
    expect(await kafka.admin().listTopics()).toEqual(['fresh']);
    const strict = kafka.producer({ allowAutoTopicCreation: false });
    await strict.connect();
    await expect(strict.send({ topic: 'missing', messages: [{ value: 'v' }] })).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('a disconnected producer refuses to send', async () => {
    const producer = newKafka().producer();
    await expect(producer.send({ topic: 't', messages: [{ value: 'v' }] })).rejects.toBeInstanceOf(KafkaJSError);
  });

  it('emits connect/disconnect instrumentation events with the virtual time', async () => {
    const kafka = newKafka();
    virtualCluster(kafka).clock.set(5);
    const producer = kafka.producer();
    const seen: Array<[string, number]> = [];
    const remove = producer.on(producer.events.CONNECT, (e) => seen.push([e.type, e.timestamp]));
    await producer.connect();
    remove();
    await producer.connect();
    expect(seen).toEqual([['producer.connect', 5]]);
  });
});
