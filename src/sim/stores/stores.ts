import { TopologyError } from '../errors.js';
import { InMemoryKeyValueStore, type KeyValueStore } from './key-value-store.js';
import { InMemorySessionStore, type SessionStore } from './session-store.js';
import type { StoreBuilder } from './state-store.js';
import { FactoryStoreBuilder } from './store-builder.js';
import { InMemoryWindowStore, type WindowStore } from './window-store.js';

/** Names a store and says how to make it (Kafka's KeyValueBytesStoreSupplier and friends). */
export interface KeyValueStoreSupplier<K = unknown, V = unknown> {
  readonly name: string;
  readonly kind: 'keyValue';
  get(): KeyValueStore<K, V>;
}

/** Names a window store and says how to make it (Kafka's WindowBytesStoreSupplier). */
export interface WindowStoreSupplier<K = unknown, V = unknown> {
  readonly name: string;
  readonly kind: 'window';
  readonly retentionPeriodMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
  get(): WindowStore<K, V>;
}

/** Names a session store and says how to make it (Kafka's SessionBytesStoreSupplier). */
export interface SessionStoreSupplier<K = unknown, AGG = unknown> {
  readonly name: string;
  readonly kind: 'session';
  readonly retentionPeriodMs: number;
  get(): SessionStore<K, AGG>;
}

/**
 * Store factories, named as Kafka's `Stores`. Serdes are accepted for call-shape compatibility and
 * ignored in memory: stores keep typed values.
 */
export const Stores = {
  inMemoryKeyValueStore<K = unknown, V = unknown>(name: string): KeyValueStoreSupplier<K, V> {
    return { name, kind: 'keyValue', get: () => new InMemoryKeyValueStore<K, V>(name) };
  },

  /** Persistent stores are in-memory here: the changelog is what survives a restart. */
  persistentKeyValueStore<K = unknown, V = unknown>(name: string): KeyValueStoreSupplier<K, V> {
    return Stores.inMemoryKeyValueStore<K, V>(name);
  },

  /** A key-value store whose values carry the timestamp of their last update (KTables use these). */
  timestampedKeyValueStoreBuilder<K, V>(supplier: KeyValueStoreSupplier<K, V>): StoreBuilder<KeyValueStore<K, V>> {
    return new FactoryStoreBuilder(supplier.name, 'timestampedKeyValue', () => supplier.get());
  },

  keyValueStoreBuilder<K, V>(supplier: KeyValueStoreSupplier<K, V>, _keySerde?: unknown, _valueSerde?: unknown): StoreBuilder<KeyValueStore<K, V>> {
    return new FactoryStoreBuilder(supplier.name, 'keyValue', () => supplier.get());
  },

  /** Kafka's Stores.inMemoryWindowStore: the same checks, with the same meaning. */
  inMemoryWindowStore<K = unknown, V = unknown>(
    name: string,
    retentionPeriodMs: number,
    windowSizeMs: number,
    retainDuplicates = false,
  ): WindowStoreSupplier<K, V> {
    if (retentionPeriodMs < 0) throw new TopologyError(`window store '${name}': retention period must not be negative, got ${retentionPeriodMs}`);
    if (windowSizeMs < 0) throw new TopologyError(`window store '${name}': window size must not be negative, got ${windowSizeMs}`);
    if (windowSizeMs > retentionPeriodMs) {
      throw new TopologyError(
        `The retention period of the window store ${name} must be no smaller than its window size. Got size=[${windowSizeMs}], retention=[${retentionPeriodMs}]`,
      );
    }
    return {
      name,
      kind: 'window',
      retentionPeriodMs,
      windowSizeMs,
      retainDuplicates,
      get: () => new InMemoryWindowStore<K, V>(name, retentionPeriodMs, windowSizeMs, retainDuplicates),
    };
  },

  persistentWindowStore<K = unknown, V = unknown>(
    name: string,
    retentionPeriodMs: number,
    windowSizeMs: number,
    retainDuplicates = false,
  ): WindowStoreSupplier<K, V> {
    return Stores.inMemoryWindowStore<K, V>(name, retentionPeriodMs, windowSizeMs, retainDuplicates);
  },

  /** A window store whose values carry the timestamp of their last update (windowed aggregations). */
  timestampedWindowStoreBuilder<K, V>(supplier: WindowStoreSupplier<K, V>): StoreBuilder<WindowStore<K, V>> {
    return new FactoryStoreBuilder(supplier.name, 'timestampedWindow', () => supplier.get());
  },

  windowStoreBuilder<K, V>(supplier: WindowStoreSupplier<K, V>, _keySerde?: unknown, _valueSerde?: unknown): StoreBuilder<WindowStore<K, V>> {
    return new FactoryStoreBuilder(supplier.name, 'window', () => supplier.get());
  },

  /** Kafka's Stores.inMemorySessionStore. */
  inMemorySessionStore<K = unknown, AGG = unknown>(name: string, retentionPeriodMs: number): SessionStoreSupplier<K, AGG> {
    if (retentionPeriodMs < 0) throw new TopologyError(`session store '${name}': retention period must not be negative, got ${retentionPeriodMs}`);
    return { name, kind: 'session', retentionPeriodMs, get: () => new InMemorySessionStore<K, AGG>(name, retentionPeriodMs) };
  },

  persistentSessionStore<K = unknown, AGG = unknown>(name: string, retentionPeriodMs: number): SessionStoreSupplier<K, AGG> {
    return Stores.inMemorySessionStore<K, AGG>(name, retentionPeriodMs);
  },

  sessionStoreBuilder<K, AGG>(supplier: SessionStoreSupplier<K, AGG>, _keySerde?: unknown, _valueSerde?: unknown): StoreBuilder<SessionStore<K, AGG>> {
    return new FactoryStoreBuilder(supplier.name, 'session', () => supplier.get());
  },
};
