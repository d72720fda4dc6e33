import type { Headers } from '../record.js';

/**
 * What a store sees of its task: where to write its changelog and what time it is. The runtime provides
 * it at init; stores stay ignorant of tasks and topics otherwise.
 */
export interface StoreContext {
  readonly applicationId: string;
  readonly taskId: string;
  readonly partition: number;
  /**
   * Appends one change to the store's changelog topic; absent when logging is disabled. `keyId`, when the store
   * has it at hand, must be keyId(key): it spares the log cleaner computing it (changelogs are compacted).
   */
  readonly logChange: ((key: unknown, value: unknown, timestampMs: number, keyId?: string) => void) | null;
  /** Timestamp of the record being processed (changelog records carry it, as in Kafka). */
  currentTimestampMs(): number;
  currentStreamTimeMs(): number;
  /**
   * Kafka's statestore.cache.max.bytes as the runtime runs it: > 0 turns on the record cache of stores built
   * with caching enabled (see CachingKeyValueStore); absent or 0, every write goes straight through.
   */
  readonly cacheMaxBytes?: number;
  /** Headers of the record being processed (a cache entry keeps them, as Kafka's record context does). */
  currentHeaders?(): Headers;
}

export interface StateStore {
  readonly name: string;
  init(context: StoreContext): void;
  /** Applies one changelog record while restoring (no logging, no forwarding). */
  restore(key: unknown, value: unknown): void;
  /** Sends cached writes downstream (cache mode); a no-op for uncached stores. */
  flush(): void;
  close(): void;
}

export type StoreKind = 'keyValue' | 'window' | 'session' | 'timestampedKeyValue' | 'timestampedWindow';

/** Builds one store instance per task (Kafka's StoreBuilder). */
export interface StoreBuilder<S extends StateStore = StateStore> {
  readonly name: string;
  readonly kind: StoreKind;
  readonly loggingEnabled: boolean;
  readonly cachingEnabled: boolean;
  /** Extra changelog topic configs (Kafka: withLoggingEnabled(Map)). */
  readonly logConfig: Readonly<Record<string, string>>;
  withLoggingEnabled(config?: Readonly<Record<string, string>>): StoreBuilder<S>;
  withLoggingDisabled(): StoreBuilder<S>;
  withCachingEnabled(): StoreBuilder<S>;
  withCachingDisabled(): StoreBuilder<S>;
  build(): S;
}

/** A store is opened before use: reading one that the runtime has not initialised is a bug. */
export class StoreNotInitializedError extends Error {
  override readonly name = 'StoreNotInitializedError';
  constructor(storeName: string) {
    super(`state store '${storeName}' is used before init: connect it to the processor (addStateStore / connectProcessorAndStateStores)`);
  }
}
