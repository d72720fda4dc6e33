import type { Processor, ProcessorContext, StreamRecord } from '../processor.js';
import type { StoredRecord } from '../record.js';
import type { StateStore } from '../stores/state-store.js';
import type { GlobalStoreDef } from '../topology.js';
import type { TaskHost } from './task-host.js';
import { UNKNOWN_TIME } from './task.js';

/**
 * Keeps one global store up to date from every partition of its topic (Kafka's GlobalStateUpdateTask).
 * Its topic is its changelog, so it writes none; its processor has no children.
 */
export class GlobalTask {
  readonly idString: string;
  /** Next offset to read, per partition of the global topic. */
  readonly positions: number[];
  private readonly processor: Processor;
  private current: StoredRecord | null = null;
  private streamTimeMs = UNKNOWN_TIME;

  constructor(
    readonly def: GlobalStoreDef,
    readonly store: StateStore,
    partitions: number,
    private readonly host: TaskHost,
  ) {
    this.idString = `global-${def.storeName}`;
    this.positions = new Array<number>(partitions).fill(0);
    this.processor = def.supplier();
    store.init({
      applicationId: host.applicationId,
      taskId: this.idString,
      partition: -1,
      logChange: null,
      currentTimestampMs: () => this.current?.timestamp ?? UNKNOWN_TIME,
      currentStreamTimeMs: () => this.streamTimeMs,
      cacheMaxBytes: host.cacheMaxBytes ?? 0,
    });
    const ctx: ProcessorContext = {
      applicationId: host.applicationId,
      taskId: { subtopology: -1, partition: -1, toString: () => this.idString },
      nodeName: def.processorName,
      recordMetadata: () => this.current,
      currentStreamTimeMs: () => this.streamTimeMs,
      currentSystemTimeMs: () => host.clock.now(),
      forward: () => {
        throw new Error(`global store processor '${def.processorName}' cannot forward: global stores have no downstream`);
      },
      getStateStore: <S extends StateStore>(name: string): S => {
        if (name !== def.storeName) throw new Error(`global processor '${def.processorName}' can only access '${def.storeName}'`);
        return store as S;
      },
      schedule: () => {
        throw new Error('global store processors cannot schedule punctuations (as in Kafka Streams)');
      },
      commit: () => undefined,
      recordDropped: (reason) => host.recordDropped(this.idString, def.processorName, reason),
    };
    this.processor.init?.(ctx);
  }

  /** The global topic, which is also the store's changelog. */
  get topic(): string {
    return this.def.topic;
  }

  /** Applies a fetched record to the store. */
  process(record: StoredRecord): void {
    this.positions[record.partition] = record.offset + 1;
    let ts = record.timestamp;
    if (this.def.timestampExtractor !== undefined) {
      ts = this.def.timestampExtractor(record, this.streamTimeMs);
      if (!Number.isFinite(ts) || ts < 0) {
        // As for stream tasks: Kafka's LogAndSkipOnInvalidTimestamp skips and counts.
        this.host.recordDropped(this.idString, this.def.sourceName, `invalid timestamp ${ts} from extractor`);
        return;
      }
    }
    this.current = record;
    if (ts > this.streamTimeMs) this.streamTimeMs = ts;
    this.host.traceInput(this.idString, record);
    const input: StreamRecord<unknown, unknown> =
      ts === record.timestamp ? record : { key: record.key, value: record.value, timestamp: ts, headers: record.headers };
    this.processor.process(input);
    this.current = null;
  }

  close(): void {
    this.processor.close?.();
    this.store.close();
  }
}
