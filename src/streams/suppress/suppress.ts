import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import { FactoryStoreBuilder } from '../../sim/stores/store-builder.js';
import type { Change } from '../internal/change.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import { KTable } from '../ktable.js';
import { findWindowGrace } from '../windows/window-grace.js';
import type { Windowed } from '../windows/windowed.js';
import { InMemorySuppressionBuffer, type BufferedChange } from './suppression-buffer.js';
import type { Suppressed } from './suppressed.js';

/** A strict suppression buffer outgrew its limits (Kafka throws a StreamsException and shuts down). */
export class SuppressionBufferFullError extends Error {
  override readonly name = 'SuppressionBufferFullError';
}

/** What the suppress processor needs from a Suppressed, once the window grace is known (Kafka's SuppressedInternal). */
interface SuppressionPlan {
  readonly storeName: string;
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly strategy: 'emitEarly' | 'shutDown';
  /** Evict once buffer time <= stream time - this (grace for final results, the time limit otherwise). */
  readonly suppressDurationMs: number;
  /** untilWindowCloses buffers by window end; untilTimeLimit by record time. */
  readonly bufferTimeOf: (key: unknown, timestamp: number) => number;
  /** Final results drop tombstones: a window that never existed downstream needs no delete. */
  readonly safeToDropTombstones: boolean;
}

/**
 * Kafka's KTable#suppress (KTableImpl#suppress + KTableSuppressProcessorSupplier). The processor keeps its
 * own observed stream time (max timestamp of the updates reaching it), buffers the latest change per key,
 * and after each update evicts every key whose buffer time <= streamTime - suppressDuration, oldest
 * first, forwarding its latest change with that update's timestamp and headers. Names: processor
 * `KTABLE-SUPPRESS-n` (or the given name), store `KTABLE-SUPPRESS-STATE-STORE-m` (or `<name>-store`).
 */
export function suppressTable<K, V>(table: KTable<K, V>, suppressed: Suppressed<K>): KTable<K, V> {
  const ctx = table.ctx;
  const name = ctx.nameOr(suppressed.name, 'KTABLE-SUPPRESS-');
  const finalResults = suppressed.kind === 'untilWindowCloses';
  const grace = finalResults ? findWindowGrace(ctx.topology, table.nodeName) : 0;
  const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : ctx.newStoreName('KTABLE-SUPPRESS-');
  const config = suppressed.bufferConfig;
  const plan: SuppressionPlan = {
    storeName,
    maxRecords: config.maxRecords,
    maxBytes: config.maxBytes,
    strategy: config.bufferFullStrategy,
    suppressDurationMs: finalResults ? grace : suppressed.timeToWaitForMoreEventsMs,
    bufferTimeOf: finalResults ? (key) => (key as Windowed<unknown>).window.end : (_key, timestamp) => timestamp,
    safeToDropTombstones: finalResults,
  };
  // The buffer needs the old values to answer the prior-value view (Kafka forces them upstream).
  table.enableSendingOldValues();
  ctx.topology.addProcessor(name, suppressProcessorSupplier<K, V>(plan) as never, table.nodeName);
  const trackBytes = Number.isFinite(config.maxBytes);
  const builder = new FactoryStoreBuilder(storeName, 'keyValue', (n) => new InMemorySuppressionBuffer<K, V>(n, trackBytes));
  ctx.addStore(config.loggingEnabled ? builder.withLoggingEnabled(config.logConfig) : builder.withLoggingDisabled(), name);
  return new KTable<K, V>(ctx, name, null, suppressedValueGetter(storeName, table.valueGetterSupplier), table.copartitionTopics, () =>
    table.enableSendingOldValues(),
  );
}

function suppressProcessorSupplier<K, V>(plan: SuppressionPlan): () => Processor<K, Change<V>, K, Change<V>> {
  return () => {
    let context!: ProcessorContext<K, Change<V>>;
    let buffer!: InMemorySuppressionBuffer<K, V>;
    let observedStreamTime = -1;

    const overCapacity = () => buffer.numRecords() > plan.maxRecords || buffer.bufferSize() > plan.maxBytes;

    const emit = (e: BufferedChange<K, V>) => {
      if (e.newValue === null && plan.safeToDropTombstones) return;
      context.forward({ key: e.key, value: { newValue: e.newValue, oldValue: e.oldValue }, timestamp: e.timestamp, headers: e.headers });
    };

    return {
      init(c) {
        context = c;
        buffer = c.getStateStore(plan.storeName);
      },
      process(r: StreamRecord<K, Change<V>>) {
        if (r.timestamp > observedStreamTime) observedStreamTime = r.timestamp;
        buffer.put(plan.bufferTimeOf(r.key, r.timestamp), r.key, r.value, r.timestamp, r.headers);
        const expiryTime = observedStreamTime - plan.suppressDurationMs;
        buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
        if (!overCapacity()) return;
        if (plan.strategy === 'emitEarly') {
          buffer.evictWhile(overCapacity, emit);
          return;
        }
        throw new SuppressionBufferFullError(
          `${context.nodeName} buffer exceeded its max capacity. Currently [${buffer.numRecords()}/${plan.maxRecords}] records and ` +
            `[${buffer.bufferSize()}/${plan.maxBytes}] bytes. Raise BufferConfig.withMaxRecords/withMaxBytes, or use ` +
            'untilTimeLimit(..., BufferConfig.maxRecords(n).emitEarlyWhenFull()) if non-final results are acceptable.',
        );
      },
    };
  };
}

/**
 * Kafka's suppressed view: a buffered key reads as the value downstream last saw (its prior value, with an
 * unknown timestamp); any other key reads through to the parent table.
 */
function suppressedValueGetter<K, V>(storeName: string, parent: KTableValueGetterSupplier<K, V>): KTableValueGetterSupplier<K, V> {
  return {
    storeNames: [storeName, ...parent.storeNames],
    get() {
      const parentGetter = parent.get();
      let buffer!: InMemorySuppressionBuffer<K, V>;
      return {
        init(c: ProcessorContext) {
          parentGetter.init(c);
          buffer = c.getStateStore(storeName);
        },
        get(key: K) {
          const prior = buffer.priorValueForBuffered(key);
          if (!prior.buffered) return parentGetter.get(key);
          return prior.value === null ? null : { value: prior.value, timestamp: -1 };
        },
      };
    },
  };
}
