import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { StateStore } from '../../sim/stores/state-store.js';
import type { Change } from '../internal/change.js';
import { WindowedTupleForwarder } from './windowed-aggregation.js';
import type { Windowed } from './windowed.js';

/**
 * What the time, sliding and session window aggregations share (Kafka's
 * AbstractKStreamTimeWindowAggregateProcessor and its session twin): the store and forwarder opened at init,
 * the processor's own observed stream time, and the drop of records without a key.
 */
export class WindowAggregateState<K, V, VA, S extends StateStore> {
  context!: ProcessorContext<Windowed<K>, Change<VA>>;
  store!: S;
  forwarder!: WindowedTupleForwarder<K, VA>;
  /** The largest timestamp this processor has seen. */
  observedStreamTime = -1;

  /**
   * `cacheForwards` false: emit on window close (see WindowedTupleForwarder). `dropNullValue`: a null value
   * is dropped too (sliding windows); the others pass it to the aggregator (count counts it).
   */
  constructor(
    private readonly storeName: string,
    private readonly sendOldValues: () => boolean,
    private readonly cacheForwards: boolean,
    private readonly dropNullValue: boolean,
    private readonly dropReason: string,
  ) {}

  private init(c: ProcessorContext<Windowed<K>, Change<VA>>): void {
    this.context = c;
    this.store = c.getStateStore(this.storeName);
    this.forwarder = new WindowedTupleForwarder(this.store, c, this.sendOldValues(), this.cacheForwards);
  }

  /** False, with the drop recorded, for a record the aggregation cannot take; else advances stream time to it. */
  private admit(r: StreamRecord<K, V>): boolean {
    if (r.key === null || r.key === undefined || (this.dropNullValue && (r.value === null || r.value === undefined))) {
      this.context.recordDropped(this.dropReason);
      return false;
    }
    if (r.timestamp > this.observedStreamTime) this.observedStreamTime = r.timestamp;
    return true;
  }

  /** The processor: opens the store and forwarder at init and hands every admitted record to `onRecord`. */
  processor(onRecord: (r: StreamRecord<K, V>) => void): Processor<K, V, Windowed<K>, Change<VA>> {
    return {
      init: (c) => this.init(c),
      process: (r) => {
        if (this.admit(r)) onRecord(r);
      },
    };
  }
}
