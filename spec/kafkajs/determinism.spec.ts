import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type VirtualTimers } from '../../src/kafkajs/index.js';

afterEach(() => {
  resetVirtualClusters();
  delete process.env['STREAMSIM_SEED'];
});

/**
 * A small system of async services: a checkout service (two instances, one group) enriches orders after a virtual
 * delay and writes them to `enriched`; an audit service (its own group) logs every order it sees. Returns the bytes
 * of every record on the output topics, and the order in which the services handled messages.
 */
async function runSystem(seed: number): Promise<{ bytes: string; handled: string[] }> {
  resetVirtualClusters();
  const kafka = new Kafka({ clientId: 'shop', brokers: ['kafka-1:9092', 'kafka-2:9092'], streamsim: { seed } });
  const cluster = virtualCluster(kafka);
  const timers: VirtualTimers = cluster.timers;
  await kafka.admin().createTopics({
    topics: [
      { topic: 'orders', numPartitions: 3 },
      { topic: 'enriched', numPartitions: 3 },
      { topic: 'audit', numPartitions: 1 },
    ],
  });
  const producer = kafka.producer();
  await producer.connect();
  const handled: string[] = [];

  for (const instance of ['checkout-1', 'checkout-2']) {
    const consumer = kafka.consumer({ groupId: 'checkout' });
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        handled.push(`${instance}:${partition}:${message.offset}`);
        await timers.sleep(10); // "calls a pricing service"
        await producer.send({
          topic: 'enriched',
          messages: [{ key: message.key, value: `${message.value!.toString()}+priced@${timers.now()}`, headers: { by: instance } }],
        });
      },
    });
  }
  const audit = kafka.consumer({ groupId: 'audit' });
  await audit.subscribe({ topics: ['orders'], fromBeginning: true });
  await audit.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) handled.push(`audit:${batch.partition}:${m.offset}`);
      await producer.send({ topic: 'audit', messages: [{ value: `${batch.partition}:${batch.messages.length}@${timers.now()}` }] });
    },
  });

  for (let i = 0; i < 30; i++) {
    await producer.send({ topic: 'orders', messages: [{ key: `customer-${i % 4}`, value: `order-${i}` }] });
    if (i % 10 === 9) await cluster.advance(7);
  }
  await cluster.advance(1_000);

  const dump = ['enriched', 'audit'].flatMap((topic) =>
    cluster.broker.records(topic).map((r) =>
      JSON.stringify([
        r.topic,
        r.partition,
        r.offset,
        r.timestamp,
        Buffer.from((r.key as Buffer | null) ?? []).toString('hex'),
        Buffer.from(r.value as Buffer).toString('hex'),
        r.headers.map((h) => [h.key, Buffer.from(h.value as Uint8Array).toString('hex')]),
      ]),
    ),
  );
  return { bytes: dump.join('\n'), handled };
}

describe('the deterministic scheduler', () => {
  it('the same seed gives byte-identical outputs and the same interleaving', async () => {
    const first = await runSystem(11);
    const second = await runSystem(11);
    expect(first.bytes.length).toBeGreaterThan(0);
    expect(second.bytes).toBe(first.bytes);
    expect(second.handled).toEqual(first.handled);
    // Every order was enriched once and audited once.
    expect(first.bytes.split('\n').filter((l) => l.startsWith('["enriched"'))).toHaveLength(30);
    expect(first.handled.filter((h) => h.startsWith('audit:'))).toHaveLength(30);
  });

  it('two seeds give different interleavings of the consumers (and different outputs)', async () => {
    const a = await runSystem(1);
    const b = await runSystem(2);
    expect(b.handled).not.toEqual(a.handled);
    expect(b.bytes).not.toBe(a.bytes);
    // The same work, in another order.
    expect([...b.handled].sort()).toEqual([...a.handled].sort());
  });

  it('virtual timers fire in due order when the clock advances, never on their own past now', async () => {
    const kafka = new Kafka({ brokers: ['timers:9092'] });
    const cluster = virtualCluster(kafka);
    const fired: string[] = [];
    cluster.timers.setTimeout(() => fired.push(`b@${cluster.clock.now()}`), 200);
    cluster.timers.setTimeout(() => fired.push(`a@${cluster.clock.now()}`), 100);
    const cancelled = cluster.timers.setTimeout(() => fired.push('never'), 150);
    cluster.timers.clearTimeout(cancelled);
    await cluster.settle();
    expect(fired).toEqual([]);
    await cluster.advance(150);
    expect(fired).toEqual(['a@100']);
    await cluster.advance(100);
    expect(fired).toEqual(['a@100', 'b@200']);
    expect(cluster.clock.now()).toBe(250);
  });

  it('virtual intervals repeat until cleared', async () => {
    const kafka = new Kafka({ brokers: ['intervals:9092'] });
    const cluster = virtualCluster(kafka);
    const ticks: number[] = [];
    const id = cluster.timers.setInterval(() => ticks.push(cluster.timers.now()), 100);
    await cluster.advance(350);
    cluster.timers.clearInterval(id);
    await cluster.advance(1_000);
    expect(ticks).toEqual([100, 200, 300]);
  });

  it('the seed comes from streamsim.seed, else STREAMSIM_SEED, else 0', () => {
    expect(virtualCluster(new Kafka({ brokers: ['s0:9092'] })).seed).toBe(0);
    process.env['STREAMSIM_SEED'] = '42';
    expect(virtualCluster(new Kafka({ brokers: ['s1:9092'] })).seed).toBe(42);
    expect(virtualCluster(new Kafka({ brokers: ['s2:9092'], streamsim: { seed: 7 } })).seed).toBe(7);
    expect(() => new Kafka({ brokers: ['s2:9092'], streamsim: { seed: 8 } })).toThrow(/already runs with seed 7/);
  });
});
