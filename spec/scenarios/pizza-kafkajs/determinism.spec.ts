import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type SeededFaults } from '../../../src/kafkajs/index.js';
import { generatePizza } from '../../../src/scenarios/pizza/generator.js';
import { ordersOf, runKafkajsShop } from '../../../src/scenarios/pizza/kafkajs/run-shop.js';

afterEach(() => resetVirtualClusters());

/** The generated orders of `seed` through the kafkajs shop on a fresh cluster of `seed`: its outputs and fault log, as JSON. */
async function shopRun(seed: number, faults?: SeededFaults): Promise<string> {
  resetVirtualClusters();
  const kafka = new Kafka({ clientId: 'pizza-shop', brokers: ['pizza:9092'], streamsim: { seed } });
  const outputs = await runKafkajsShop(kafka, ordersOf(generatePizza({ seed, durationMs: 300_000 })), { partitions: 3, ...(faults === undefined ? {} : { faults }) });
  return JSON.stringify({ outputs, faults: virtualCluster(kafka).faults.log });
}

describe('the kafkajs pizza shop is deterministic', () => {
  it('same seed, byte-identical outputs', async () => {
    expect(await shopRun(5)).toBe(await shopRun(5));
  });

  it('same seed, byte-identical outputs and faults under seeded faults', async () => {
    const first = await shopRun(6, { rate: 0.15 });
    expect(JSON.parse(first).faults.length).toBeGreaterThan(0);
    expect(await shopRun(6, { rate: 0.15 })).toBe(first);
  });

  it('another seed, another run', async () => {
    expect(await shopRun(7)).not.toBe(await shopRun(8));
  });
});
