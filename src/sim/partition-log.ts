import type { StoredRecord } from './record.js';

/**
 * One partition's append-only log. Offsets are assigned on append and never reused; compaction and
 * retention leave gaps, so reads look records up by offset, not by array index.
 */
export class PartitionLog {
  private records: StoredRecord[] = [];
  /** Offset the next append gets (Kafka's log end offset / high watermark: no replication here). */
  private nextOffset = 0;
  /** First offset still readable; moves up with retention. */
  private startOffset = 0;
  /** True once compaction removed records from the middle: index != offset - first offset. */
  private hasGaps = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get logEndOffset(): number {
    return this.nextOffset;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  get size(): number {
    return this.records.length;
  }

  append(key: unknown, value: unknown, timestamp: number, headers: StoredRecord['headers']): StoredRecord {
    const rec: StoredRecord = {
      topic: this.topic,
      partition: this.partition,
      offset: this.nextOffset++,
      key,
      value,
      timestamp,
      headers,
    };
    this.records.push(rec);
    return rec;
  }

  /** Records from `offset` (inclusive) on, at most `max` of them. */
  read(offset: number, max = Number.POSITIVE_INFINITY): StoredRecord[] {
    const from = this.indexOf(Math.max(offset, this.startOffset));
    const to = max === Number.POSITIVE_INFINITY ? this.records.length : Math.min(this.records.length, from + max);
    return from >= to ? [] : this.records.slice(from, to);
  }

  /** All records, oldest first (a copy). */
  all(): StoredRecord[] {
    return this.records.slice();
  }

  /** Index of the first record with offset >= `offset`. */
  private indexOf(offset: number): number {
    if (this.records.length === 0) return 0;
    const first = this.records[0]!.offset;
    if (!this.hasGaps) return Math.max(0, Math.min(this.records.length, offset - first));
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Keeps the latest record per key and drops tombstones (null values), as the log cleaner does once
   * delete.retention.ms has passed. Records with a null key cannot be compacted and are kept.
   */
  compact(keyId: (key: unknown) => string): number {
    const latest = new Map<string, number>();
    this.records.forEach((r, i) => {
      if (r.key !== null && r.key !== undefined) latest.set(keyId(r.key), i);
    });
    const before = this.records.length;
    this.records = this.records.filter((r, i) => {
      if (r.key === null || r.key === undefined) return true;
      return latest.get(keyId(r.key)) === i && r.value !== null && r.value !== undefined;
    });
    if (this.records.length !== before) this.hasGaps = true;
    return before - this.records.length;
  }

  /** Deletes records older than `cutoffTimestamp` from the head of the log (time-based retention). */
  truncateBefore(cutoffTimestamp: number): number {
    let n = 0;
    while (n < this.records.length && this.records[n]!.timestamp < cutoffTimestamp) n++;
    if (n === 0) return 0;
    this.startOffset = n === this.records.length ? this.nextOffset : this.records[n]!.offset;
    this.records = this.records.slice(n);
    return n;
  }
}
