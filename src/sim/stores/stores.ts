import { InMemoryKeyValueStore, type KeyValueStore } from './key-value-store.js';
import type { StoreBuilder } from './state-store.js';
import { FactoryStoreBuilder } from './store-builder.js';

/** Names a store and says how to make it (Kafka's KeyValueBytesStoreSupplier and friends). */
export interface KeyValueStoreSupplier<K = unknown, V = unknown> {
  readonly name: string;
  readonly kind: 'keyValue';
  get(): KeyValueStore<K, V>;
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
};
