import fc from 'fast-check';
import { FAULT_KINDS, Kafka, resetVirtualClusters, virtualCluster, type FaultKind, type SeededFaults } from '../../../src/kafkajs/index.js';
import { T0 } from '../../../src/scenarios/common/seeded-faker.js';
import { orderId, orderOf, type PizzaOrderSpec } from '../../../src/scenarios/invariants/pizza-order-lifecycle.js';
import { checkShopLifecycle } from '../../../src/scenarios/pizza/kafkajs/check-lifecycle.js';
import { runKafkajsShop, type RunShopOptions, type ShopOrder, type ShopRecord } from '../../../src/scenarios/pizza/kafkajs/run-shop.js';

/** A run of the kafkajs shop a property draws: the cluster's seed, the topics' partitions and the orders. */
export interface ShopHistory {
  readonly seed: number;
  readonly partitions: number;
  readonly orders: readonly PizzaOrderSpec[];
}

export const shopHistoryArb: fc.Arbitrary<ShopHistory> = fc.record({
  seed: fc.nat(1_000_000),
  partitions: fc.integer({ min: 1, max: 3 }),
  orders: fc.array(
    fc.record({ gapSec: fc.integer({ min: 0, max: 40 }), sauce: fc.nat({ max: 5 }), cheese: fc.nat({ max: 5 }), main: fc.nat({ max: 5 }), extras: fc.nat({ max: 127 }), customer: fc.nat({ max: 2 }) }),
    { minLength: 1, maxLength: 4 },
  ),
});

/** The orders of a history: the first 1 s after T0, each `gapSec` after the previous one. */
export function shopOrders(h: ShopHistory): ShopOrder[] {
  let t = T0 + 1000;
  return h.orders.map((o, i) => ({ orderId: orderId(i), order: orderOf(o), timestamp: (t += o.gapSec * 1000) }));
}

/** How the services are written: the original (at-least-once) or with both fixes (exactly once). */
export type ShopVariant = Pick<RunShopOptions, 'idempotentProducers' | 'dedupe'>;
export const ORIGINAL: ShopVariant = { idempotentProducers: false, dedupe: false };
export const EXACTLY_ONCE: ShopVariant = { idempotentProducers: true, dedupe: true };

export interface ShopRun {
  readonly outputs: Record<string, ShopRecord[]>;
  readonly faultKinds: readonly FaultKind[];
  /** The invariant's verdict: null when it holds. */
  readonly violation: string | null;
}

/** Runs the history on a fresh virtual cluster, the services written as `variant` (`instances` of each), under `faults`, and checks the order lifecycle. */
export async function runShopHistory(h: ShopHistory, variant: ShopVariant, faults?: SeededFaults, instances = 1): Promise<ShopRun> {
  resetVirtualClusters();
  const kafka = new Kafka({ clientId: 'pizza-shop', brokers: ['pizza:9092'], streamsim: { seed: h.seed } });
  const orders = shopOrders(h);
  const outputs = await runKafkajsShop(kafka, orders, { partitions: h.partitions, instances, ...variant, ...(faults === undefined ? {} : { faults }) });
  const faultKinds = FAULT_KINDS.filter((k) => virtualCluster(kafka).faults.log.some((f) => f.kind === k));
  // Delays longer than the shortest step (assemble: 150 ms + 4 s) can make a status overtake the one before it.
  const skippedSteps = (faults?.maxDelayMs ?? 0) > 4_150;
  return { outputs, faultKinds, violation: checkShopLifecycle(orders, outputs, { skippedSteps }) };
}
