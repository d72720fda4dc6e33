import type * as kafkajs from 'kafkajs';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import * as streamsim from '../../src/kafkajs/index.js';

afterEach(() => streamsim.resetVirtualClusters());

/**
 * A service written against kafkajs' own types (node_modules/kafkajs/types/index.d.ts). That this file type-checks
 * (npm run typecheck covers spec/) is the proof: streamsim's Kafka, Producer, Consumer and Admin can be passed where
 * kafkajs' are expected, so a service swaps `from 'kafkajs'` for `from 'streamsim/kafkajs'` and nothing else.
 */
async function echoService(kafka: kafkajs.Kafka, producer: kafkajs.Producer, consumer: kafkajs.Consumer): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: ['requests'], fromBeginning: true });
  const handler: kafkajs.EachMessageHandler = async ({ message }: kafkajs.EachMessagePayload) => {
    const meta: kafkajs.RecordMetadata[] = await producer.send({ topic: 'replies', messages: [{ key: message.key, value: message.value }] });
    void meta;
  };
  await consumer.run({ eachMessage: handler });
  void kafka.logger();
}

describe('types: streamsim/kafkajs is assignable to kafkajs 2.2.4 types', () => {
  it('Kafka, Producer, Consumer, Admin and Transaction', async () => {
    expectTypeOf<streamsim.Kafka>().toExtend<kafkajs.Kafka>();
    expectTypeOf<streamsim.Producer>().toExtend<kafkajs.Producer>();
    expectTypeOf<streamsim.Consumer>().toExtend<kafkajs.Consumer>();
    expectTypeOf<streamsim.Admin>().toExtend<kafkajs.Admin>();
    expectTypeOf<streamsim.Transaction>().toExtend<kafkajs.Transaction>();
    // Payloads the other way: a kafkajs-typed handler accepts what streamsim delivers.
    expectTypeOf<streamsim.EachMessagePayload>().toExtend<kafkajs.EachMessagePayload>();
    expectTypeOf<streamsim.EachBatchPayload>().toExtend<kafkajs.EachBatchPayload>();
    expectTypeOf<streamsim.KafkaMessage>().toExtend<kafkajs.KafkaMessage>();
    // Configs and messages a kafkajs service builds are accepted by streamsim.
    expectTypeOf<kafkajs.KafkaConfig>().toExtend<streamsim.KafkaConfig>();
    expectTypeOf<kafkajs.ProducerRecord>().toExtend<streamsim.ProducerRecord>();
    expectTypeOf<kafkajs.ProducerBatch>().toExtend<streamsim.ProducerBatch>();
    expectTypeOf<kafkajs.ProducerConfig>().toExtend<streamsim.ProducerConfig>();
    expectTypeOf<kafkajs.ConsumerConfig>().toExtend<streamsim.ConsumerConfig>();
    expectTypeOf<kafkajs.ConsumerRunConfig>().toExtend<streamsim.ConsumerRunConfig>();
    expectTypeOf(streamsim.Partitioners).toExtend<typeof kafkajs.Partitioners>();

    const kafka = new streamsim.Kafka({ clientId: 'echo', brokers: ['localhost:9092'] });
    const producer = kafka.producer();
    await producer.connect();
    await echoService(kafka, producer, kafka.consumer({ groupId: 'echo' }));
    await producer.send({ topic: 'requests', messages: [{ key: 'k', value: 'ping' }] });
    await streamsim.virtualCluster(kafka).settle();
    expect(streamsim.virtualCluster(kafka).broker.records('replies').map((r) => String(r.value))).toEqual(['ping']);
  });
});
