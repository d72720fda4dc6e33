import type { KGroupedStream } from '../kgrouped-stream.js';
import type { SessionWindows } from './session-windows.js';

/** Kafka's SessionWindowedKStream (stub: being written). */
export class SessionWindowedKStream<K, V> {
  constructor(
    /** @internal */ readonly grouped: KGroupedStream<K, V>,
    /** @internal */ readonly windows: SessionWindows,
  ) {}
}
