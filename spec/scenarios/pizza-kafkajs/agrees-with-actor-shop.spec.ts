import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters } from '../../../src/kafkajs/index.js';
import { runScenario } from '../../../src/scenarios/common/index.js';
import { generatePizza } from '../../../src/scenarios/pizza/generator.js';
import { ordersOf, runKafkajsShop } from '../../../src/scenarios/pizza/kafkajs/run-shop.js';
import { pizzaScenario } from '../../../src/scenarios/pizza/scenario.js';
import { TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED, TOPIC_ORDERS_VIEW, TOPIC_PENDING, TOPIC_STATUS } from '../../../src/scenarios/pizza/schemas.js';

afterEach(() => resetVirtualClusters());

/** Merged from several writers: records of different orders a few ms apart may swap, each order's stay in order. */
const MERGED_TOPICS = [TOPIC_STATUS, TOPIC_ORDERS_VIEW];

interface Row {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
}

/** "order:status" per record, in offset order (partition by partition). */
const steps = (rows: readonly Row[]): string[] => rows.map((r) => `${String(r.key)}:${String((r.value as { status?: number; STATUS?: number }).status ?? (r.value as { STATUS?: number }).STATUS)}`);

/** Each order's statuses, in offset order. */
const perOrder = (rows: readonly Row[]): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const step of steps(rows)) {
    const [key, status] = step.split(':') as [string, string];
    out.set(key, [...(out.get(key) ?? []), status]);
  }
  return out;
};

/** Each order's last view status. */
const finalView = (rows: readonly Row[]): Map<string, number> => new Map(rows.map((r) => [String(r.key), (r.value as { status: number }).status]));

async function bothShops(seed: number, partitions: number) {
  const options = { seed, durationMs: 300_000 };
  const actor = runScenario(pizzaScenario, { options, partitions }).outputs;
  resetVirtualClusters();
  const kafka = new Kafka({ clientId: 'pizza-shop', brokers: ['pizza:9092'], streamsim: { seed } });
  const kafkajs = await runKafkajsShop(kafka, ordersOf(generatePizza(options)), { partitions });
  return { actor: (topic: string): readonly Row[] => actor.get(topic) ?? [], kafkajs: (topic: string): readonly Row[] => kafkajs[topic]! };
}

describe('the kafkajs shop agrees with the actor-based shop on the same generated orders, without faults', () => {
  it('one partition (the original config): assemble and bake write the same records in the same order; the orders off the pending path go through the same statuses', async () => {
    let pendingOrders = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(100_000), async (seed) => {
        const { actor, kafkajs } = await bothShops(seed, 1);
        // assemble and bake each read one topic FIFO: the actor shop has zero poll latency, each kafkajs delivery
        // waits 0-5 ms, so their records come a little later.
        for (const topic of [TOPIC_ASSEMBLED, TOPIC_BAKED]) {
          expect(steps(kafkajs(topic)), topic).toEqual(steps(actor(topic)));
          const lag = kafkajs(topic).map((r, i) => r.timestamp - actor(topic)[i]!.timestamp);
          expect(lag.every((ms) => ms >= 0 && ms < 1000), `${topic} lags ${lag.join(',')}`).toBe(true);
        }
        // Delivery reads two topics, and which of them it takes next is the consumer's choice, not FIFO by arrival as
        // in the actor shop: a busy delivery can take an order's pizza-baked before its pizza-ordered, the original's
        // pending path (150, then delivered after 2 D). The other orders go through the same statuses in both shops.
        const pending = new Set(kafkajs(TOPIC_PENDING).map((r) => String(r.key)));
        pendingOrders += pending.size;
        expect(actor(TOPIC_PENDING)).toEqual([]);
        expect(steps(kafkajs(TOPIC_DELIVERED)).sort()).toEqual(steps(actor(TOPIC_DELIVERED)).sort());
        for (const topic of MERGED_TOPICS) {
          const [k, a] = [perOrder(kafkajs(topic)), perOrder(actor(topic))];
          for (const id of pending) {
            k.delete(id);
            a.delete(id);
          }
          expect(k, topic).toEqual(a);
        }
        expect(finalView(kafkajs(TOPIC_ORDERS_VIEW))).toEqual(finalView(actor(TOPIC_ORDERS_VIEW)));
      }),
      { numRuns: 20, seed: 3 },
    );
    // These runs do take the pending path (seed 50271 among them), so the exclusion above is not vacuous.
    expect(pendingOrders).toBeGreaterThan(0);
  });

  it('three partitions: the same assembled, baked and delivered records and the same final statuses (order across partitions may differ)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(100_000), async (seed) => {
        const { actor, kafkajs } = await bothShops(seed, 3);
        for (const topic of [TOPIC_ASSEMBLED, TOPIC_BAKED, TOPIC_DELIVERED]) expect(steps(kafkajs(topic)).sort(), topic).toEqual(steps(actor(topic)).sort());
        const final = finalView(kafkajs(TOPIC_ORDERS_VIEW));
        expect(final).toEqual(finalView(actor(TOPIC_ORDERS_VIEW)));
        expect([...final.values()].every((s) => s === 999)).toBe(true);
      }),
      { numRuns: 20, seed: 4 },
    );
  });
});
