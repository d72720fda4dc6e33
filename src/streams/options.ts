import type { Serde } from '../sim/serde.js';
import type { StreamPartitioner, TimestampExtractor, TopicNameExtractor } from '../sim/processor.js';

/**
 * Option objects named as Kafka's (Consumed, Produced, Grouped, Materialized, Named, Repartitioned).
 * Serdes are optional everywhere: values stay typed in memory; a key serde only changes the bytes the
 * partitioner hashes, and a zod serde validates.
 */
export interface ConsumedOptions<K, V> {
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  readonly timestampExtractor?: TimestampExtractor;
  readonly processorName?: string;
}

export const Consumed = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): ConsumedOptions<K, V> {
    return { keySerde, valueSerde } as ConsumedOptions<K, V>;
  },
  withTimestampExtractor<K, V>(timestampExtractor: TimestampExtractor): ConsumedOptions<K, V> {
    return { timestampExtractor };
  },
  as<K, V>(processorName: string): ConsumedOptions<K, V> {
    return { processorName };
  },
};

export interface ProducedOptions<K, V> {
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  readonly partitioner?: StreamPartitioner<K, V>;
  readonly processorName?: string;
}

export const Produced = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>, partitioner?: StreamPartitioner<K, V>): ProducedOptions<K, V> {
    return { keySerde, valueSerde, partitioner } as ProducedOptions<K, V>;
  },
  as<K, V>(processorName: string): ProducedOptions<K, V> {
    return { processorName };
  },
  streamPartitioner<K, V>(partitioner: StreamPartitioner<K, V>): ProducedOptions<K, V> {
    return { partitioner };
  },
};

export interface GroupedOptions<K, V> {
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  /** Names the repartition topic (`<app>-<name>-repartition`) and its processors. */
  readonly name?: string;
}

export const Grouped = {
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): GroupedOptions<K, V> {
    return { keySerde, valueSerde } as GroupedOptions<K, V>;
  },
  as<K, V>(name: string): GroupedOptions<K, V> {
    return { name };
  },
};

export interface RepartitionedOptions<K, V> {
  readonly name?: string;
  readonly numberOfPartitions?: number;
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  readonly partitioner?: StreamPartitioner<K, V>;
}

export const Repartitioned = {
  as<K, V>(name: string): RepartitionedOptions<K, V> {
    return { name };
  },
  numberOfPartitions<K, V>(numberOfPartitions: number): RepartitionedOptions<K, V> {
    return { numberOfPartitions };
  },
  with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): RepartitionedOptions<K, V> {
    return { keySerde, valueSerde } as RepartitionedOptions<K, V>;
  },
};

export interface NamedOptions {
  readonly name?: string;
}

export const Named = {
  as(name: string): NamedOptions {
    return { name };
  },
};

export interface MaterializedOptions<K, V> {
  /** Store name (also the changelog topic's middle part); generated when unset. */
  readonly storeName?: string | undefined;
  readonly keySerde?: Serde<K> | undefined;
  readonly valueSerde?: Serde<V> | undefined;
  readonly loggingEnabled?: boolean | undefined;
  readonly logConfig?: Readonly<Record<string, string>> | undefined;
  /** Kafka materializes with caching on; it only takes effect when the driver's cacheMaxBytes > 0. */
  readonly cachingEnabled?: boolean | undefined;
  /** Window and session stores: how long to keep windows (default: window size + grace, at least 1 day). */
  readonly retentionMs?: number | undefined;
}

/** Kafka's Materialized, fluent and immutable: `Materialized.as('counts').withLoggingDisabled()`. */
export class Materialized<K, V> implements MaterializedOptions<K, V> {
  private constructor(private readonly o: MaterializedOptions<K, V>) {}

  static as<K, V>(storeName: string): Materialized<K, V> {
    return new Materialized<K, V>({ storeName });
  }

  static with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Materialized<K, V> {
    return new Materialized<K, V>({ keySerde, valueSerde });
  }

  get storeName() { return this.o.storeName; }
  get keySerde() { return this.o.keySerde; }
  get valueSerde() { return this.o.valueSerde; }
  get loggingEnabled() { return this.o.loggingEnabled; }
  get logConfig() { return this.o.logConfig; }
  get cachingEnabled() { return this.o.cachingEnabled; }
  get retentionMs() { return this.o.retentionMs; }

  withKeySerde(keySerde: Serde<K>): Materialized<K, V> { return new Materialized({ ...this.o, keySerde }); }
  withValueSerde(valueSerde: Serde<V>): Materialized<K, V> { return new Materialized({ ...this.o, valueSerde }); }
  withLoggingEnabled(logConfig: Readonly<Record<string, string>> = {}): Materialized<K, V> {
    return new Materialized({ ...this.o, loggingEnabled: true, logConfig });
  }
  withLoggingDisabled(): Materialized<K, V> { return new Materialized({ ...this.o, loggingEnabled: false }); }
  withCachingEnabled(): Materialized<K, V> { return new Materialized({ ...this.o, cachingEnabled: true }); }
  withCachingDisabled(): Materialized<K, V> { return new Materialized({ ...this.o, cachingEnabled: false }); }
  withRetention(retentionMs: number): Materialized<K, V> { return new Materialized({ ...this.o, retentionMs }); }
}

/** Named output topic for KStream#to: a fixed name or an extractor. */
export type TopicTarget<K, V> = string | TopicNameExtractor<K, V>;
