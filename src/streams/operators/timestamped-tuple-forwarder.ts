import type { ProcessorContext, StreamRecord } from '../../sim/processor.js';
import { CachingKeyValueStore } from '../../sim/stores/caching-key-value-store.js';
import type { StateStore } from '../../sim/stores/state-store.js';
import type { Change } from '../internal/change.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';

/**
 * Kafka's TimestampedTupleForwarder with its TimestampedCacheFlushListener. A table processor writes its store,
 * then calls maybeForward: without a record cache the change goes downstream at once (its old value dropped
 * unless old values were asked for); with one, maybeForward does nothing and the cache forwards the latest
 * change of each key when it flushes, timestamped with the new value's timestamp (the write's, for a delete).
 */
export class TimestampedTupleForwarder<K, V> {
  private readonly cachingActive: boolean;

  constructor(
    store: StateStore,
    private readonly context: ProcessorContext<K, Change<V>>,
    private readonly sendOldValues: boolean,
  ) {
    this.cachingActive =
      store instanceof CachingKeyValueStore &&
      (store as CachingKeyValueStore<K, ValueAndTimestamp<V>>).setFlushListener((key, newValue, oldValue, timestampMs, headers) => {
        context.forward({
          key,
          value: { newValue: newValue === null ? null : newValue.value, oldValue: oldValue === null ? null : oldValue.value },
          timestamp: newValue === null ? timestampMs : newValue.timestamp,
          headers,
        });
      }, sendOldValues);
  }

  maybeForward(record: StreamRecord<K, Change<V>>): void {
    if (this.cachingActive) return;
    if (this.sendOldValues || record.value.oldValue === null) {
      this.context.forward(record);
      return;
    }
    this.context.forward({ key: record.key, value: { newValue: record.value.newValue, oldValue: null }, timestamp: record.timestamp, headers: record.headers });
  }
}
