import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { KafkaStreamsApp } from '../../src/kafka/index.js';
import { decodeRecord } from '../../src/kafka/wire-codec.js';
import { TestDriver } from '../../src/sim/driver/test-driver.js';
import { Materialized, StreamsBuilder } from '../../src/streams/index.js';

// streamsim/kafka's KafkaStreamsApp from code, as a user runs one Topology: a word count (a groupBy through a
// repartition topic, a count in a logged store) over input a plain kafkajs producer wrote. The final count per word
// on the cluster is the one the TestDriver computes for the same records.
const bootstrap = inject('kafkaBootstrap');

function wordCount(input: string, output: string): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>(input)
    .groupBy((_k, word) => word)
    .count(Materialized.as('word-counts'))
    .toStream()
    .to(output);
  return b;
}

describe('KafkaStreamsApp on a real broker', () => {
  it('runs a word count with a repartition topic and a changelog; final counts are the TestDriver\'s', async () => {
    const run = randomUUID().slice(0, 8);
    const input = `words-${run}`;
    const output = `word-counts-${run}`;
    const kafka = new Kafka({ clientId: 'kafka-streams-app-spec', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: input, numPartitions: 3 }] });
    const records = Array.from({ length: 600 }, (_, i) => ({ key: `line-${i}`, word: `w${(i * 7) % 23}`, timestamp: 1_000 + i * 10 }));
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // values as JSON text, as the simulator's JSON values are written
    await producer.send({ topic: input, messages: records.map((r) => ({ key: r.key, value: JSON.stringify(r.word), timestamp: String(r.timestamp) })) });
    await producer.disconnect();

    const app = new KafkaStreamsApp(wordCount(input, output).build(), { applicationId: `wc-${run}`, kafka, defaultPartitions: 2 });
    await app.start();
    try {
      // read the output until every word's count adds up to the input (or give up)
      const finals = new Map<string, unknown>();
      const consumer = kafka.consumer({ groupId: `reader-${run}` });
      await consumer.connect();
      await consumer.subscribe({ topic: output, fromBeginning: true });
      let total = 0;
      await consumer.run({
        eachMessage: async ({ message }) => {
          const d = decodeRecord(output, message);
          finals.set(d.key as string, d.value);
          total = [...finals.values()].reduce((n: number, v) => n + Number(v), 0);
          await Promise.resolve();
        },
      });
      for (let i = 0; i < 600 && total < records.length; i++) await new Promise((r) => setTimeout(r, 100));
      await consumer.disconnect();

      const driver = new TestDriver(wordCount('in', 'out'), { partitions: 3 });
      const inTopic = driver.createInputTopic<string, string>('in');
      const outTopic = driver.createOutputTopic<string, number>('out');
      for (const r of records) inTopic.pipeInput(r.key, r.word, r.timestamp);
      const expected = Object.fromEntries(outTopic.readKeyValuesToMap());
      driver.close();

      expect(Object.fromEntries(finals)).toEqual(expected);
      expect(Object.keys(expected)).toHaveLength(23);
      // the simulator's internal topic names, on the cluster
      const topics = await admin.listTopics();
      expect(topics).toContain(`wc-${run}-word-counts-changelog`);
      expect(topics.filter((t) => t.startsWith(`wc-${run}-`) && t.endsWith('-repartition'))).toHaveLength(1);
      expect(app.state).toBe('running');
    } finally {
      await app.close();
      await admin.disconnect();
    }
    expect(app.state).toBe('stopped');
  });
});
