import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka as RealKafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';
import { consumerGroupProgram, type ProgramOptions } from '../kafkajs/consumer-group-program.js';

// Issue 7's differential check: the same kafkajs consumer-group program, unchanged, on a real Apache Kafka broker
// (real kafkajs) and on streamsim/kafkajs gives the same output values per key, in per-partition order.
afterEach(() => resetVirtualClusters());

const count = 50;
const partitions = 3;

/** A real broker is reached over the network: poll until the program's condition holds, or give up. */
async function poll(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited > 60_000) throw new Error('the program was not done after 60 s on the real broker');
    await sleep(50);
  }
}

function programOptions(suffix: string, waitFor: ProgramOptions['waitFor']): ProgramOptions {
  return { input: `words-${suffix}`, output: `upper-${suffix}`, groupId: `uppercaser-${suffix}`, count, partitions, waitFor };
}

describe('the consumer-group program on a real broker and on streamsim', () => {
  it('gives the same values per key, in order', async () => {
    // Fresh names, so that a rerun on a broker that was left running starts from empty topics and groups.
    const suffix = randomUUID();
    // kafkajs logs every rebalance as an error; a real failure still throws.
    const real = new RealKafka({ clientId: 'program', brokers: [inject('kafkaBootstrap')], logLevel: logLevel.NOTHING });
    const onBroker = await consumerGroupProgram(real, programOptions(suffix, poll));

    const simulated = new Kafka({ clientId: 'program', brokers: ['localhost:9092'], streamsim: { seed: 1 } });
    const cluster = virtualCluster(simulated);
    const onStreamsim = await consumerGroupProgram(
      simulated,
      programOptions(suffix, async (done) => {
        await cluster.settle();
        if (!done()) throw new Error('the cluster settled before the program was done');
      }),
    );

    const expected: Record<string, string[]> = {};
    for (let i = 0; i < count; i++) (expected[`key-${i % 7}`] ??= []).push(`VALUE-${i}`);
    expect(onBroker).toEqual(expected);
    expect(onStreamsim).toEqual(onBroker);
  });
});
