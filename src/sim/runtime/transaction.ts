import type { ProducerRecord, StoredRecord } from '../record.js';

/** Kafka's processing.guarantee: at_least_once (the default) or exactly_once_v2 (KIP-447, one transaction per thread). */
export type ProcessingGuarantee = 'at_least_once' | 'exactly_once_v2';

/** Kafka's StreamsConfig defaults for commit.interval.ms: 30 s, or 100 ms when exactly-once is on. */
export function defaultCommitIntervalMs(guarantee: ProcessingGuarantee): number {
  return guarantee === 'exactly_once_v2' ? 100 : 30_000;
}

interface PendingRecord {
  readonly topic: string;
  readonly record: ProducerRecord;
}

/**
 * The open transaction of a runtime under exactly_once_v2: every record its tasks produce (sinks, repartition
 * and changelog topics) since the last commit. They reach the log together with the offsets at commit, or,
 * on a crash, never. This is what a read_committed consumer sees of Kafka's transactional log: aborted batches
 * and transaction markers are left out, so offsets stay dense (Kafka would spend offsets on them).
 */
export class PendingTransaction {
  private records: PendingRecord[] = [];
  /** Records dropped by aborts over the runtime's life. */
  abortedTotal = 0;

  get size(): number {
    return this.records.length;
  }

  add(topic: string, record: ProducerRecord): void {
    this.records.push({ topic, record });
  }

  /** Appends every record in production order (per partition the order Kafka's producer keeps). */
  commit(append: (topic: string, record: ProducerRecord) => StoredRecord): void {
    const records = this.records;
    this.records = [];
    for (const r of records) append(r.topic, r.record);
  }

  /** Drops every record: an aborted transaction is invisible to read_committed readers. Returns how many. */
  abort(): number {
    const n = this.records.length;
    this.records = [];
    this.abortedTotal += n;
    return n;
  }
}
