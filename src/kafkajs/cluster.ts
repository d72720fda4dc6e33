import { Broker } from '../sim/broker.js';
import { GroupCoordinator } from '../sim/clients/group-coordinator.js';
import { VirtualClock } from '../sim/clock.js';
import { SeededRng, type RandomStream } from '../sim/rng.js';
import { KafkaJSNonRetriableError } from './errors.js';
import { Faults } from './faults.js';
import { Scheduler } from './scheduler.js';
import { TransactionIndex } from './transaction-index.js';

/** Timers on the virtual clock, for services to use instead of the global setTimeout (inject them). */
export interface VirtualTimers {
  setTimeout(callback: () => void, delayMs?: number): number;
  clearTimeout(id: number | undefined): void;
  /** Fires every `intervalMs` (at least 1) of virtual time until cleared. */
  setInterval(callback: () => void, intervalMs: number): number;
  clearInterval(id: number | undefined): void;
  /** Resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void>;
  /** The virtual clock's time in ms: what services read instead of the real clock. */
  now(): number;
}

export interface VirtualClusterOptions {
  readonly seed: number | string;
  /** Upper bound of the seeded delay before each delivery, in virtual ms (default 5). */
  readonly maxDeliveryDelayMs?: number;
}

/**
 * The in-process Kafka cluster behind every `Kafka` client with the same brokers list: one virtual broker, its
 * group coordinator and transaction state, the virtual clock, and the deterministic scheduler that runs consumers.
 */
export class VirtualCluster {
  readonly clock = new VirtualClock();
  readonly broker: Broker;
  readonly coordinator: GroupCoordinator;
  readonly transactions: TransactionIndex;
  readonly scheduler: Scheduler;
  readonly rng: SeededRng;
  readonly timers: VirtualTimers;
  /** Faults to inject into the services: armed by a test or drawn from the seed (see faults.ts). */
  readonly faults: Faults;
  private nextId = 0;
  private readonly streamsPerKind = new Map<string, number>();

  constructor(readonly options: VirtualClusterOptions) {
    this.broker = new Broker({ clock: this.clock });
    this.coordinator = GroupCoordinator.forBroker(this.broker);
    this.transactions = new TransactionIndex(this.broker);
    this.rng = new SeededRng(options.seed);
    this.scheduler = new Scheduler({
      clock: this.clock,
      pick: this.rng.stream('kafkajs.scheduler'),
      delays: this.rng.stream('kafkajs.delivery-delay'),
      ...(options.maxDeliveryDelayMs === undefined ? {} : { maxDeliveryDelayMs: options.maxDeliveryDelayMs }),
    });
    this.faults = new Faults(this.clock, this.scheduler, this.coordinator, this.rng.stream('kafkajs.faults'));
    const scheduler = this.scheduler;
    const clock = this.clock;
    // An interval re-arms a timeout each time it fires; its id maps to the timeout now pending.
    const intervals = new Map<number, number>();
    let nextIntervalId = 1;
    this.timers = {
      setTimeout: (callback, delayMs) => scheduler.setTimeout(callback, delayMs),
      clearTimeout: (id) => scheduler.clearTimeout(id),
      setInterval: (callback, intervalMs) => {
        const id = nextIntervalId++;
        const every = Math.max(1, Math.ceil(intervalMs));
        const arm = (): void => {
          intervals.set(
            id,
            scheduler.setTimeout(() => {
              arm();
              callback();
            }, every),
          );
        };
        arm();
        return id;
      },
      clearInterval: (id) => {
        if (id === undefined) return;
        scheduler.clearTimeout(intervals.get(id));
        intervals.delete(id);
      },
      sleep: (ms) => scheduler.sleep(ms),
      now: () => clock.now(),
    };
  }

  get seed(): number | string {
    return this.options.seed;
  }

  /** Resolves when no consumer has anything to deliver or a group step to take, and no virtual timer is due. */
  settle(): Promise<void> {
    return this.scheduler.settle();
  }

  /** Moves the virtual clock by `ms`, firing the timers due on the way in order, settling after each. */
  advance(ms: number): Promise<void> {
    return this.scheduler.advance(ms);
  }

  /** A fresh id, unique in this cluster (instrumentation events). */
  newId(): number {
    return ++this.nextId;
  }

  /**
   * A random stream of its own for the n-th client of a kind ('kafkajs.consumer.3'): numbered per kind, so that
   * creating another kind of client, or emitting events, never shifts a client's draws.
   */
  clientStream(kind: string): RandomStream {
    const n = (this.streamsPerKind.get(kind) ?? 0) + 1;
    this.streamsPerKind.set(kind, n);
    return this.rng.stream(`kafkajs.${kind}.${n}`);
  }
}

const clusters = new Map<string, VirtualCluster>();

/** The seed: the `streamsim: { seed }` option, else the STREAMSIM_SEED environment variable, else 0. */
export function resolveSeed(option: number | string | undefined): number | string {
  if (option !== undefined) return option;
  const env = process.env['STREAMSIM_SEED'];
  if (env === undefined || env === '') return 0;
  return /^-?\d+$/.test(env) ? Number(env) : env;
}

/** The cluster for a brokers list (order does not matter), created on first use. */
export function clusterFor(brokers: readonly string[], seedOption: number | string | undefined): VirtualCluster {
  const key = [...brokers].sort().join(',');
  const seed = resolveSeed(seedOption);
  let cluster = clusters.get(key);
  if (cluster === undefined) {
    cluster = new VirtualCluster({ seed });
    clusters.set(key, cluster);
  } else if (seedOption !== undefined && String(cluster.seed) !== String(seed)) {
    throw new KafkaJSNonRetriableError(
      `the virtual cluster of brokers [${key}] already runs with seed ${String(cluster.seed)}, not ${String(seed)}: ` +
        'call resetVirtualClusters() between runs',
    );
  }
  return cluster;
}

/** Forgets every virtual cluster: the next `new Kafka(...)` starts from empty brokers (for tests, between runs). */
export function resetVirtualClusters(): void {
  for (const c of clusters.values()) c.scheduler.shutdown();
  clusters.clear();
}
