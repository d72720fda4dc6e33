import type { KGroupedStream } from '../kgrouped-stream.js';
import type { SlidingWindows } from './sliding-windows.js';
import type { TimeWindows } from './time-windows.js';

/** Kafka's TimeWindowedKStream (stub: being written). */
export class TimeWindowedKStream<K, V> {
  constructor(
    /** @internal */ readonly grouped: KGroupedStream<K, V>,
    /** @internal */ readonly windows: TimeWindows | SlidingWindows,
  ) {}
}
