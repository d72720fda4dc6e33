import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type Faults } from '../../../src/kafkajs/index.js';
import { checkShopLifecycle } from '../../../src/scenarios/pizza/kafkajs/check-lifecycle.js';
import { runKafkajsShop } from '../../../src/scenarios/pizza/kafkajs/run-shop.js';
import { EXACTLY_ONCE, ORIGINAL, shopOrders, type ShopVariant } from './shop-history.js';

afterEach(() => resetVirtualClusters());

const ONE_ORDER = shopOrders({ seed: 0, partitions: 1, orders: [{ gapSec: 0, sauce: 0, cheese: 0, main: 0, extras: 0, customer: 0 }] });

/** One order through the shop, the services written as `variant`, with one fault armed before it is placed. */
async function oneOrder(variant: ShopVariant, arm: (faults: Faults) => void) {
  resetVirtualClusters();
  const kafka = new Kafka({ clientId: 'pizza-shop', brokers: ['pizza:9092'], streamsim: { seed: 3 } });
  arm(virtualCluster(kafka).faults);
  const outputs = await runKafkajsShop(kafka, ONE_ORDER, variant);
  const statuses = (topic: string) => outputs[topic]!.map((r) => (r.value as { status: number }).status);
  return { outputs, statuses, violation: checkShopLifecycle(ONE_ORDER, outputs), log: virtualCluster(kafka).faults.log };
}

describe('one armed fault, the original services against the fixed ones', () => {
  it('bake crashes after baking, before committing: the original bakes the pizza twice, the deduplicating bake once', async () => {
    const arm = (f: Faults) => f.crashConsumer({ groupId: 'pizza-bake' });
    const original = await oneOrder(ORIGINAL, arm);
    expect(original.log.map((f) => f.kind)).toEqual(['crash']);
    expect(original.outputs['pizza-baked']).toHaveLength(2);
    expect(original.violation).toBe('order a0000001: 2 records on pizza-baked, not 1');
    const fixed = await oneOrder(EXACTLY_ONCE, arm);
    expect(fixed.outputs['pizza-baked']).toHaveLength(1);
    expect(fixed.violation).toBeNull();
  });

  it('assemble loses the ack of its send and kafkajs retries it: appended twice, unless the producer is idempotent', async () => {
    const arm = (f: Faults) => f.duplicateSend({ topic: 'pizza-assembled' });
    const original = await oneOrder(ORIGINAL, arm);
    expect(original.outputs['pizza-assembled']).toHaveLength(2);
    expect(original.violation).toBe('order a0000001: 2 records on pizza-assembled, not 1');
    const fixed = await oneOrder(EXACTLY_ONCE, arm);
    expect(fixed.outputs['pizza-assembled']).toHaveLength(1);
    expect(fixed.violation).toBeNull();
  });

  it('the merge gets pizza-ordered 10 s late (after assembled): the original status service takes the view back to 100, the fixed one skips the stale status', async () => {
    const arm = (f: Faults) => f.delayDelivery({ groupId: 'pizza-ksqldb-status', topic: 'pizza-ordered', ms: 10_000 });
    const original = await oneOrder(ORIGINAL, arm);
    expect(original.outputs['pizza-status']!.map((r) => (r.value as { STATUS: number }).STATUS).slice(0, 2)).toEqual([200, 100]);
    expect(original.statuses('pizza-orders-view')).toEqual([100, 200, 100, 300, 999]);
    expect(original.violation).toMatch(/goes back in the lifecycle$/);
    const fixed = await oneOrder(EXACTLY_ONCE, arm);
    expect(fixed.statuses('pizza-orders-view')).toEqual([100, 200, 300, 999]);
    expect(fixed.violation).toBeNull();
  });
});
