import { maybeWrapWithCache } from './caching-key-value-store.js';
import { CachingSessionStore } from './caching-session-store.js';
import { CachingWindowStore } from './caching-window-store.js';
import type { SessionStore } from './session-store.js';
import type { StateStore, StoreBuilder } from './state-store.js';
import type { WindowStore } from './window-store.js';

/**
 * Puts a record cache in front of a store whose builder has caching enabled, when the runtime has one
 * (cacheMaxBytes > 0): Kafka's maybeWrapCaching of KeyValueStoreBuilder, TimestampedWindowStoreBuilder,
 * WindowStoreBuilder and SessionStoreBuilder. A window store keeping duplicates (stream-stream join buffers) is
 * never cached, as WindowStoreBuilder disables caching for it.
 */
export function maybeWrapWithRecordCache(builder: StoreBuilder, store: StateStore, cacheMaxBytes: number): StateStore {
  if (!builder.cachingEnabled || cacheMaxBytes <= 0) return store;
  switch (builder.kind) {
    case 'keyValue':
    case 'timestampedKeyValue':
      return maybeWrapWithCache(builder, store, cacheMaxBytes);
    case 'window':
    case 'timestampedWindow': {
      const windows = store as WindowStore<unknown, unknown>;
      return windows.retainDuplicates ? store : new CachingWindowStore(windows);
    }
    case 'session':
      return new CachingSessionStore(store as SessionStore<unknown, unknown>);
  }
}
