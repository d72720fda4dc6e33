import { StreamsError, TopologyError } from '../errors.js';
import type {
  Cancellable,
  Processor,
  ProcessorContext,
  Punctuator,
  PunctuationType,
  RecordMetadata,
  StreamRecord,
  TaskId,
  TimestampExtractor,
} from '../processor.js';
import type { PartitionLog } from '../partition-log.js';
import { NO_HEADERS, type StoredRecord } from '../record.js';
import { maybeWrapWithRecordCache } from '../stores/maybe-wrap-caching.js';
import type { StateStore, StoreContext } from '../stores/state-store.js';
import type { NodeDef, SinkNodeDef, Topology } from '../topology.js';
import { PunctuationQueue, type PunctuationSchedule } from './punctuation.js';
import type { Subtopology } from './subtopologies.js';
import { changelogTopicName, type TaskHost } from './task-host.js';

/** Kafka's RecordQueue.UNKNOWN: stream time before any record. */
export const UNKNOWN_TIME = -1;

/** Buffered records of one input partition, with their extracted timestamps (Kafka's RecordQueue). */
export class RecordQueue {
  records: StoredRecord[] = [];
  timestamps: number[] = [];
  head = 0;
  /** Offset of the next record to fetch from the broker (the consumer position). */
  fetchOffset = 0;
  /** Offset after the last processed record: what a commit stores. */
  processedOffset = 0;
  /** The offset last committed for this partition. */
  committedOffset = 0;
  /** Largest timestamp seen in this partition (Kafka's partition time, given to timestamp extractors). */
  partitionTimeMs = UNKNOWN_TIME;
  /** Largest timestamp processed from this partition: the partition time a commit stores in its metadata. */
  processedTimeMs = UNKNOWN_TIME;
  /** The partition's log, held by the fetches (record-fetching.ts). */
  log: PartitionLog | null = null;
  /** The offset commit request for this partition, reused by every commit (CommittedOffsets). */
  commitRequest: { readonly topic: string; readonly partition: number; offset: number; metadata: string; timeMs: number } | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly sourceIndex: number,
    readonly extractor: TimestampExtractor | undefined,
  ) {}

  get buffered(): number {
    return this.records.length - this.head;
  }

  headTimestamp(): number {
    return this.timestamps[this.head]!;
  }
}

class NodeRuntime {
  children: NodeRuntime[] = [];
  childByName = new Map<string, NodeRuntime>();
  constructor(
    readonly index: number,
    readonly name: string,
    readonly processor: Processor,
  ) {}
}

/**
 * One task: one sub-topology on one partition. It owns a processor instance per node, its stores and a
 * queue per input partition, picks the next record as Kafka's PartitionGroup does (lowest head timestamp),
 * keeps stream time, and fires punctuations.
 */
export class StreamTask {
  readonly id: TaskId;
  readonly idString: string;
  readonly queues: RecordQueue[] = [];
  private readonly nodes: NodeRuntime[] = [];
  private readonly nodeByName = new Map<string, NodeRuntime>();
  readonly stores = new Map<string, StateStore>();
  /** The stores as a list: commits (after every processed batch) flush each. */
  private readonly storeList: StateStore[] = [];
  private readonly streamTimePunctuations = new PunctuationQueue();
  private readonly wallClockPunctuations = new PunctuationQueue();
  streamTimeMs = UNKNOWN_TIME;
  /** The record being processed; null during punctuation. */
  private current: StoredRecord | null = null;
  private currentTimestampMs = UNKNOWN_TIME;
  processedCount = 0;
  /** Breaks head-timestamp ties between queues; the runtime replaces it to shuffle by seed. */
  tieBreak: (candidates: RecordQueue[]) => RecordQueue = (c) => c[0]!;

  constructor(
    readonly subtopology: Subtopology,
    readonly partition: number,
    private readonly topology: Topology,
    private readonly host: TaskHost,
  ) {
    const idString = `${subtopology.id}_${partition}`;
    this.idString = idString;
    this.id = { subtopology: subtopology.id, partition, toString: () => idString };
  }

  /** Creates stores and processors, then calls init on stores and processors in topology order. */
  initialize(sourcePartitionCount: (topic: string) => number): void {
    for (const storeName of this.subtopology.storeNames) {
      const def = this.topology.stores.get(storeName)!;
      const store = maybeWrapWithRecordCache(def.builder, def.builder.build(), this.host.cacheMaxBytes ?? 0);
      this.stores.set(storeName, store);
      this.storeList.push(store);
    }
    for (const def of this.subtopology.nodes) {
      const node = new NodeRuntime(this.nodes.length, def.name, this.makeProcessor(def));
      this.nodes.push(node);
      this.nodeByName.set(def.name, node);
    }
    for (const def of this.subtopology.nodes) {
      if (def.kind === 'source') continue;
      const child = this.nodeByName.get(def.name)!;
      for (const p of def.parents) {
        const parent = this.nodeByName.get(p)!;
        parent.children.push(child);
        parent.childByName.set(def.name, child);
      }
    }
    for (const def of this.subtopology.nodes) {
      if (def.kind !== 'source') continue;
      const node = this.nodeByName.get(def.name)!;
      for (const topic of def.topics) {
        const full = this.host.resolveTopic(topic);
        if (this.partition < sourcePartitionCount(full)) {
          this.queues.push(new RecordQueue(full, this.partition, node.index, def.timestampExtractor));
        }
      }
    }
    for (const [name, store] of this.stores) {
      const def = this.topology.stores.get(name)!;
      store.init(this.storeContext(name, def.builder.loggingEnabled));
    }
    for (const node of this.nodes) node.processor.init?.(this.contextFor(node));
  }

  changelogTopics(): string[] {
    return [...this.stores.keys()]
      .filter((s) => this.topology.stores.get(s)!.builder.loggingEnabled)
      .map((s) => changelogTopicName(this.host.applicationId, s));
  }

  /** True when a record is buffered (max.task.idle.ms = 0 with every fetch caught up: see runtime docs). */
  hasBuffered(): boolean {
    for (const q of this.queues) if (q.buffered > 0) return true;
    return false;
  }

  /** Adds a fetched record to a queue, extracting its timestamp; a negative timestamp drops the record. */
  enqueue(queue: RecordQueue, r: StoredRecord): void {
    queue.fetchOffset = r.offset + 1;
    let ts = r.timestamp;
    if (queue.extractor !== undefined) {
      try {
        ts = queue.extractor(r, queue.partitionTimeMs);
      } catch (error) {
        // RecordQueue#updateHead: a throwing extractor is fatal, wrapped in a StreamsException naming the record.
        if (error instanceof StreamsError) throw error;
        throw new StreamsError(`Fatal user code error in TimestampExtractor callback for record ${r.topic}-${r.partition}@${r.offset}.`, { cause: error });
      }
      if (!Number.isFinite(ts) || ts < 0) {
        // Kafka's LogAndSkipOnInvalidTimestamp: skip and count, never fail silently.
        this.host.recordDropped(this.idString, this.nodes[queue.sourceIndex]!.name, `invalid timestamp ${ts} from extractor`);
        queue.processedOffset = r.offset + 1;
        return;
      }
    }
    if (ts > queue.partitionTimeMs) queue.partitionTimeMs = ts;
    queue.records.push(r);
    queue.timestamps.push(ts);
  }

  /** Processes the record with the lowest head timestamp (Kafka's PartitionGroup#nextRecord). */
  processOne(): boolean {
    const queue = this.nextQueue();
    if (queue === undefined) return false;
    const record = queue.records[queue.head]!;
    const ts = queue.timestamps[queue.head]!;
    queue.head++;
    if (queue.head > 1024 && queue.head * 2 > queue.records.length) {
      queue.records = queue.records.slice(queue.head);
      queue.timestamps = queue.timestamps.slice(queue.head);
      queue.head = 0;
    }
    if (ts > this.streamTimeMs) this.streamTimeMs = ts;
    if (ts > queue.processedTimeMs) queue.processedTimeMs = ts;
    this.current = record;
    this.currentTimestampMs = ts;
    this.host.traceInput(this.idString, record);
    const input: StreamRecord<unknown, unknown> =
      ts === record.timestamp ? record : { key: record.key, value: record.value, timestamp: ts, headers: record.headers };
    // A source node only forwards: hand the record straight to its children.
    const children = this.nodes[queue.sourceIndex]!.children;
    for (let i = 0; i < children.length; i++) children[i]!.processor.process(input);
    queue.processedOffset = record.offset + 1;
    this.processedCount++;
    this.current = null;
    this.maybePunctuateStreamTime();
    return true;
  }

  private nextQueue(): RecordQueue | undefined {
    let best: RecordQueue | undefined;
    let ties: RecordQueue[] | undefined;
    for (const q of this.queues) {
      if (q.buffered === 0) continue;
      if (best === undefined || q.headTimestamp() < best.headTimestamp()) {
        best = q;
        ties = undefined;
      } else if (q.headTimestamp() === best.headTimestamp()) {
        (ties ??= [best]).push(q);
      }
    }
    return ties === undefined ? best : this.tieBreak(ties);
  }

  maybePunctuateStreamTime(): boolean {
    if (this.streamTimeMs === UNKNOWN_TIME || this.streamTimePunctuations.isEmpty) return false;
    return this.streamTimePunctuations.mayPunctuate(this.streamTimeMs, (s, now) => this.punctuate(s, now));
  }

  maybePunctuateWallClock(): boolean {
    if (this.wallClockPunctuations.isEmpty) return false;
    return this.wallClockPunctuations.mayPunctuate(this.host.clock.now(), (s, now) => this.punctuate(s, now));
  }

  /** Flushes caches (cache mode); offsets are committed as processedOffset per queue. */
  commit(): void {
    const stores = this.storeList;
    for (let i = 0; i < stores.length; i++) stores[i]!.flush();
  }

  close(): void {
    for (const node of this.nodes) node.processor.close?.();
    for (const s of this.stores.values()) s.close();
  }

  nodeNames(): string[] {
    return this.nodes.map((n) => n.name);
  }

  private punctuate(s: PunctuationSchedule, nowMs: number): void {
    this.current = null;
    this.currentTimestampMs = nowMs;
    s.punctuator(nowMs);
  }

  /** A punctuator forwards through the context of the node that scheduled it, so it needs no node here. */
  private schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (type === 'STREAM_TIME') return this.streamTimePunctuations.schedule(0, intervalMs, punctuator);
    return this.wallClockPunctuations.schedule(this.host.clock.now() + intervalMs, intervalMs, punctuator);
  }

  private storeContext(storeName: string, logging: boolean): StoreContext {
    const changelog = changelogTopicName(this.host.applicationId, storeName);
    const partition = this.partition;
    const host = this.host;
    return {
      applicationId: host.applicationId,
      taskId: this.idString,
      partition,
      logChange: logging ? (k, v, ts, id) => host.logChange(changelog, partition, k, v, ts, id) : null,
      currentTimestampMs: () => this.currentTimestampMs,
      currentStreamTimeMs: () => this.streamTimeMs,
      cacheMaxBytes: host.cacheMaxBytes ?? 0,
      currentHeaders: () => this.current?.headers ?? NO_HEADERS,
    };
  }

  private contextFor(node: NodeRuntime): ProcessorContext {
    const def = this.topology.node(node.name)!;
    const allowedStores = def.kind === 'processor' ? new Set(def.stores) : new Set<string>();
    return {
      applicationId: this.host.applicationId,
      taskId: this.id,
      nodeName: node.name,
      recordMetadata: (): RecordMetadata | null => this.current,
      currentStreamTimeMs: () => this.streamTimeMs,
      currentSystemTimeMs: () => this.host.clock.now(),
      forward: (record, childName) => {
        if (childName !== undefined) {
          const child = node.childByName.get(childName);
          if (child === undefined) throw new TopologyError(`node '${node.name}' has no child named '${childName}'`);
          child.processor.process(record);
          return;
        }
        const children = node.children;
        for (let i = 0; i < children.length; i++) children[i]!.processor.process(record);
      },
      getStateStore: <S extends StateStore>(name: string): S => {
        const own = allowedStores.has(name) ? this.stores.get(name) : undefined;
        const store = own ?? this.host.globalStore(name);
        if (store === undefined) {
          throw new TopologyError(
            `processor '${node.name}' cannot access state store '${name}': connect it with addStateStore or connectProcessorAndStateStores`,
          );
        }
        return store as S;
      },
      schedule: (intervalMs, type, punctuator) => this.schedule(intervalMs, type, punctuator),
      // Kafka: only a request; the runtime commits once the current record or punctuation is done.
      commit: () => this.host.requestCommit(),
      recordDropped: (reason) => this.host.recordDropped(this.idString, node.name, reason),
    };
  }

  private makeProcessor(def: NodeDef): Processor {
    switch (def.kind) {
      case 'source':
        // Never called: processOne hands a source's records straight to its children.
        return { process: () => undefined };
      case 'processor':
        return def.supplier();
      case 'sink':
        return this.sinkProcessor(def);
    }
  }

  private sinkProcessor(def: SinkNodeDef): Processor {
    const host = this.host;
    const fixedTopic = typeof def.topic === 'string' ? host.resolveTopic(def.topic) : undefined;
    const extractor = typeof def.topic === 'string' ? undefined : def.topic;
    return {
      process: (r) => {
        const topic = fixedTopic ?? extractor!(r.key, r.value, this.current);
        host.send(topic, r.key, r.value, r.timestamp, r.headers, def.partitioner);
      },
    };
  }
}
