import type { Kafka } from 'kafkajs';
import { fieldOf } from '../../common/index.js';
import { TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED, TOPIC_ORDERED, TOPIC_PENDING, TOPIC_STATUS } from '../schemas.js';
import { jsonOf, keyOf } from './messages.js';
import type { ShopServiceOptions } from './service-options.js';

/**
 * The shop's ksqlDB merge (its five `INSERT INTO PIZZA_STATUS ... EMIT CHANGES`) as a kafkajs service: every
 * ordered, pending, assembled, baked and delivered record is copied to `pizza-status` with the same key, value
 * `{STATUS, TIMESTAMP}` and ROWTIME = `timestamp`. Idempotent, it copies each source record (topic, partition,
 * offset) once, as ksqlDB's exactly-once processing guarantee would (`copied`, shared by its instances).
 */
export async function startStatusMerge(kafka: Kafka, { idempotentProducer, dedupe }: Pick<ShopServiceOptions, 'idempotentProducer' | 'dedupe'>, copied = new Set<string>()): Promise<void> {
  const producer = kafka.producer({ idempotent: idempotentProducer });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'pizza-ksqldb-status' });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC_ORDERED, TOPIC_PENDING, TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const source = `${topic}\u0000${partition}\u0000${message.offset}`;
      if (dedupe && copied.has(source)) return;
      const value = jsonOf(message);
      const status = fieldOf(value, 'status') ?? null;
      const timestamp = fieldOf(value, 'timestamp') ?? null;
      const rowtime = typeof timestamp === 'number' ? String(timestamp) : message.timestamp;
      await producer.send({ topic: TOPIC_STATUS, messages: [{ key: keyOf(message), value: JSON.stringify({ STATUS: status, TIMESTAMP: timestamp }), timestamp: rowtime }] });
      copied.add(source);
    },
  });
}
