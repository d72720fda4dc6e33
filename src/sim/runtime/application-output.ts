import type { Broker } from '../broker.js';
import type { StreamPartitioner } from '../processor.js';
import type { Headers, StoredRecord } from '../record.js';
import type { PendingTransaction } from './transaction.js';
import type { Trace } from './trace.js';

/**
 * A listener of the application's output. `wants`, when set, tells for a topic whether the listener does anything
 * with its records: a store's changelog it ignores is then appended without building the record (Broker#appendUnread).
 */
export type OutputListener = ((record: StoredRecord) => void) & { readonly wants?: (topic: string) => boolean };

/**
 * Every record the application writes (sinks, repartition and changelog topics): appended at once under
 * at_least_once; held in the open transaction under exactly_once_v2 until the commit appends it. What reaches
 * the log goes to the trace and the output listener.
 */
export class ApplicationOutput {
  /** Called with every record a sink or store writes (the test driver captures outputs through it). */
  listener: OutputListener | null = null;

  constructor(
    private readonly broker: Broker,
    private readonly trace: Trace,
    /** The open transaction under exactly_once_v2; null under at_least_once. */
    private readonly transaction: PendingTransaction | null,
    /** Partitions of output topics that have to be created here. */
    private readonly defaultPartitions: number | undefined,
  ) {}

  /** True under exactly_once_v2: outputs wait for the commit. */
  get transactional(): boolean {
    return this.transaction !== null;
  }

  /** Records produced since the last commit and not yet visible (exactly_once_v2); 0 under at_least_once. */
  get pendingRecords(): number {
    return this.transaction?.size ?? 0;
  }

  /** Records crashes have aborted (exactly_once_v2). */
  get abortedRecords(): number {
    return this.transaction?.abortedTotal ?? 0;
  }

  /** A sink's output (murmur2 unless a partitioner says); null while it waits in the transaction. */
  send(
    topic: string,
    key: unknown,
    value: unknown,
    timestampMs: number,
    headers: Headers,
    partitioner: StreamPartitioner | undefined,
  ): StoredRecord | null {
    if (!this.broker.hasTopic(topic)) this.broker.createTopic(topic, { partitions: this.defaultPartitions ?? 1 });
    const partition = partitioner?.(topic, key, value, this.broker.partitionCount(topic));
    if (this.transaction !== null) {
      this.transaction.add(topic, { key, value, timestamp: timestampMs, headers, partition });
      return null;
    }
    return this.appended(this.broker.append(topic, key, value, timestampMs, headers, partition));
  }

  /** One store change to its changelog partition (`keyId`: see StoreContext#logChange). */
  logChange(changelogTopic: string, partition: number, key: unknown, value: unknown, timestampMs: number, keyId?: string): void {
    // A store written before its task processed any record (from init(), say) has timestamp -1, which the broker refuses.
    const timestamp = Math.max(0, timestampMs);
    if (this.transaction !== null) {
      // The transaction keeps records only: the log cleaner computes the key ids of those it appends.
      this.transaction.add(changelogTopic, { key, value, timestamp, partition });
      return;
    }
    if (this.watched(changelogTopic)) {
      this.appended(this.broker.append(changelogTopic, key, value, timestamp, undefined, partition, keyId));
      return;
    }
    const deadLettered = this.broker.appendUnread(changelogTopic, key, value, timestamp, undefined, partition, keyId);
    if (deadLettered !== null) this.appended(deadLettered);
  }

  /** Appends the open transaction's records to the logs (exactly_once_v2); nothing under at_least_once. */
  commitTransaction(): void {
    this.transaction?.commit((topic, r) => this.appended(this.broker.produce(topic, r)));
  }

  /** Drops the open transaction's records; how many, or undefined under at_least_once. */
  abortTransaction(): number | undefined {
    return this.transaction?.abort();
  }

  /** True when the trace or the listener takes records of `topic`. */
  private watched(topic: string): boolean {
    if (this.trace.enabled) return true;
    const listener = this.listener;
    return listener !== null && (listener.wants === undefined || listener.wants(topic));
  }

  /** What reached a log goes to the trace and the listener. */
  private appended(rec: StoredRecord): StoredRecord {
    this.trace.output(rec);
    this.listener?.(rec);
    return rec;
  }
}
