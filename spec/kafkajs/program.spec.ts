import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';
import { consumerGroupProgram } from './consumer-group-program.js';

afterEach(() => resetVirtualClusters());

describe('the consumer-group program on streamsim', () => {
  it('uppercases every message into the output topic, in order per key', async () => {
    const kafka = new Kafka({ clientId: 'program', brokers: ['localhost:9092'], streamsim: { seed: 1 } });
    const cluster = virtualCluster(kafka);
    const outputs = await consumerGroupProgram(kafka, {
      input: 'words',
      output: 'upper',
      groupId: 'uppercaser',
      count: 50,
      partitions: 3,
      waitFor: async (done) => {
        await cluster.settle();
        if (!done()) throw new Error('the cluster settled before the program was done');
      },
    });
    const expected: Record<string, string[]> = {};
    for (let i = 0; i < 50; i++) (expected[`key-${i % 7}`] ??= []).push(`VALUE-${i}`);
    expect(outputs).toEqual(expected);
  });
});
