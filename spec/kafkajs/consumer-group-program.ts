import type { Kafka } from 'kafkajs';

/**
 * A small kafkajs consumer-group program, typed with kafkajs' own types so that it runs unchanged on streamsim (here)
 * and on a real broker (the Kafka bridge issue's test): produce `count` keyed messages, two consumers of one group
 * uppercase them into an output topic, then read the output back and return the values per key, in offset order.
 */
export interface ProgramOptions {
  readonly input: string;
  readonly output: string;
  readonly groupId: string;
  readonly count: number;
  readonly partitions: number;
  /** Resolves once `done()` holds: streamsim settles its cluster, a real broker polls. */
  readonly waitFor: (done: () => boolean) => Promise<void>;
}

export async function consumerGroupProgram(kafka: Kafka, options: ProgramOptions): Promise<Record<string, string[]>> {
  const { input, output, groupId, count, partitions, waitFor } = options;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: input, numPartitions: partitions }, { topic: output, numPartitions: partitions }] });
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({ key: `key-${i % 7}`, value: `value-${i}` }));
  await producer.send({ topic: input, messages });

  // A real broker holds an empty fetch for up to maxWaitTimeInMs (5 s by default), and a consumer sees a rebalance
  // or stops only after its fetch returns: a short wait keeps the program quick there (streamsim has no long poll).
  const consumerConfig = { maxWaitTimeInMs: 100 };
  let processed = 0;
  const workers = [kafka.consumer({ groupId, ...consumerConfig }), kafka.consumer({ groupId, ...consumerConfig })];
  for (const worker of workers) {
    await worker.connect();
    await worker.subscribe({ topics: [input], fromBeginning: true });
    await worker.run({
      eachMessage: async ({ message }) => {
        await producer.send({ topic: output, messages: [{ key: message.key, value: (message.value?.toString() ?? '').toUpperCase() }] });
        processed++;
      },
    });
  }
  await waitFor(() => processed >= count);

  const outputs: Record<string, string[]> = {};
  let read = 0;
  const reader = kafka.consumer({ groupId: `${groupId}-reader`, ...consumerConfig });
  await reader.connect();
  await reader.subscribe({ topics: [output], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      (outputs[key] ??= []).push(message.value?.toString() ?? '');
      read++;
    },
  });
  await waitFor(() => read >= count);

  for (const c of [...workers, reader]) await c.disconnect();
  await producer.disconnect();
  return outputs;
}
