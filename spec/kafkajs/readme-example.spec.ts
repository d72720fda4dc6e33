import type { Kafka as KafkaJS } from 'kafkajs';
import { afterEach, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';
afterEach(() => resetVirtualClusters());

// The service under test, typed with kafkajs' own types: it greets every new user.
async function greeter(kafka: KafkaJS): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'greeter' });
  await consumer.subscribe({ topics: ['users'], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({ topic: 'greetings', messages: [{ key: message.key, value: `hello ${message.value}` }] });
    },
  });
}

it('greets each user; a crash mid-batch redelivers from the last commit', async () => {
  const kafka = new Kafka({ clientId: 'test', brokers: ['localhost:9092'], streamsim: { seed: 1 } });
  const cluster = virtualCluster(kafka);
  await greeter(kafka);
  cluster.faults.crashConsumer({ afterMessages: 1 });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'users', messages: [{ value: 'ada' }, { value: 'linus' }] });
  await cluster.settle();
  expect(cluster.broker.records('greetings').map((r) => String(r.value))).toEqual(['hello ada', 'hello ada', 'hello linus']);
});
