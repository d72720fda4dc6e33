import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { Change } from '../internal/change.js';
import type { KTable } from '../ktable.js';
import type { TimestampedStore } from './table-source.js';
import { TimestampedTupleForwarder } from './timestamped-tuple-forwarder.js';

/** What an aggregation processor works with once it is initialised. */
export interface AggregationState<K, VA> {
  readonly context: ProcessorContext<K, Change<VA>>;
  readonly store: TimestampedStore<K, VA>;
  readonly forwarder: TimestampedTupleForwarder<K, VA>;
}

/**
 * The processor shell Kafka's KStreamAggregate and KTableAggregate share: init opens the aggregate store and a
 * TimestampedTupleForwarder, which sends old values if the result table asks for them by then (a downstream
 * may ask after this processor was added); each record then goes to `process`.
 */
export function aggregationSupplier<K, VIn, VA>(
  storeName: string,
  table: () => KTable<K, VA>,
  process: (record: StreamRecord<K, VIn>, state: AggregationState<K, VA>) => void,
): () => Processor<K, VIn, K, Change<VA>> {
  return () => {
    let state!: AggregationState<K, VA>;
    return {
      init(context) {
        const store = context.getStateStore<TimestampedStore<K, VA>>(storeName);
        state = { context, store, forwarder: new TimestampedTupleForwarder(store, context, table().sendOldValues) };
      },
      process: (record) => process(record, state),
    };
  };
}
