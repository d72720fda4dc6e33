import { virtualCluster, type Kafka, type SeededFaults } from '../../../kafkajs/index.js';
import { T0 } from '../../common/seeded-faker.js';
import type { PizzaInputRecord } from '../generator.js';
import { SERVICE_TOPICS, TOPIC_ORDERED, TOPIC_ORDERS_VIEW, type Order, type Ordered } from '../schemas.js';
import { startAssemble } from './assemble.js';
import { startBake } from './bake.js';
import { newDeliveryStore, startDelivery } from './delivery.js';
import { OrdersDb } from './orders-db.js';
import type { ShopServiceOptions } from './service-options.js';
import { startStatus } from './status.js';
import { startStatusMerge } from './status-merge.js';
import { startWatchdog } from './watchdog.js';
import { startWebapp } from './webapp.js';

/** One order the webapp places, at `timestamp` of virtual time. */
export interface ShopOrder {
  readonly orderId: string;
  readonly order: Order;
  readonly timestamp: number;
}

/** One record of an output topic, its value parsed from JSON. */
export interface ShopRecord {
  readonly key: string;
  readonly value: unknown;
  readonly timestamp: number;
  readonly partition: number;
  readonly offset: number;
}

export interface RunShopOptions {
  /** Partitions of every topic (default 1, the original's config). */
  readonly partitions?: number;
  /** Idempotent producers (default true; false as in the original). */
  readonly idempotentProducers?: boolean;
  /** Services that skip what they have already handled (default true; false as in the original). */
  readonly dedupe?: boolean;
  /** When the shop starts and its watchdog starts ticking (default T0). */
  readonly startTime?: number;
  /** Virtual time the shop runs on after the last order (default 5 min). */
  readonly drainMs?: number;
  /**
   * Instances of each consuming service, in one consumer group and sharing the service's store (default 1, as the
   * original runs them). With 2, a rebalance can take a member's partitions away while its handler runs.
   */
  readonly instances?: number;
  /** Seeded faults to inject once the services run (`faults.inject`). */
  readonly faults?: SeededFaults;
}

/** The shop's topics, the webapp's two first. */
export const SHOP_TOPICS = [TOPIC_ORDERS_VIEW, TOPIC_ORDERED, ...SERVICE_TOPICS] as const;

/** The orders of the generator's records (its `pizza-ordered` ones; the webapp writes the view inserts itself). */
export function ordersOf(records: readonly PizzaInputRecord[]): ShopOrder[] {
  return records.filter((r) => r.topic === TOPIC_ORDERED).map((r) => ({ orderId: r.key, order: (r.value as Ordered).order, timestamp: r.timestamp }));
}

/**
 * Runs the pizza shop as kafkajs services on the virtual cluster behind `kafka` (a fresh one: reset the clusters
 * first): creates the topics, starts the webapp, the five services and the watchdog at `startTime`, places each
 * order through the webapp at its time, runs `drainMs` more, and returns every topic's records by topic.
 */
export async function runKafkajsShop(kafka: Kafka, orders: readonly ShopOrder[], options: RunShopOptions = {}): Promise<Record<string, ShopRecord[]>> {
  const cluster = virtualCluster(kafka);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: SHOP_TOPICS.map((topic) => ({ topic, numPartitions: options.partitions ?? 1 })) });
  await admin.disconnect();
  await cluster.advance((options.startTime ?? T0) - cluster.timers.now());

  const service: ShopServiceOptions = { timers: cluster.timers, idempotentProducer: options.idempotentProducers ?? true, dedupe: options.dedupe ?? true };
  const db = new OrdersDb();
  const webapp = await startWebapp(kafka, db, service);
  const [copied, assembled, baked, delivery] = [new Set<string>(), new Set<string>(), new Set<string>(), newDeliveryStore()];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    await startStatusMerge(kafka, service, copied);
    await startStatus(kafka, db, service);
    await startAssemble(kafka, service, assembled);
    await startBake(kafka, service, baked);
    await startDelivery(kafka, service, delivery);
  }
  const stopWatchdog = await startWatchdog(kafka, db, service);
  if (options.faults !== undefined) cluster.faults.inject(options.faults);

  for (const o of [...orders].sort((a, b) => a.timestamp - b.timestamp)) {
    await cluster.advance(Math.max(0, o.timestamp - cluster.timers.now()));
    await webapp.placeOrder(o.orderId, o.order);
  }
  await cluster.advance(options.drainMs ?? 300_000);
  stopWatchdog();
  cluster.faults.clear();
  await cluster.settle();

  const outputs: Record<string, ShopRecord[]> = {};
  for (const topic of SHOP_TOPICS) {
    outputs[topic] = cluster.broker.records(topic).map((r) => ({
      key: Buffer.from(r.key as Uint8Array).toString(),
      value: JSON.parse(Buffer.from(r.value as Uint8Array).toString()) as unknown,
      timestamp: r.timestamp,
      partition: r.partition,
      offset: r.offset,
    }));
  }
  return outputs;
}
