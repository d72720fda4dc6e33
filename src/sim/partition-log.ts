import { keyId } from './key-id.js';
import type { StoredRecord } from './record.js';

/**
 * One partition's append-only log. Offsets are assigned on append and never reused; compaction and
 * retention leave gaps, so reads look records up by offset, not by array index.
 */
export class PartitionLog {
  private records: StoredRecord[] = [];
  /** Offset the next append gets (Kafka's log end offset / high watermark: no replication here). */
  private nextOffset = 0;
  /** First offset still readable; moves up with retention and deleteRecords. */
  private startOffset = 0;
  /** True once compaction removed records from the middle: index != offset - first offset. */
  private hasGaps = false;
  /**
   * Records at the head of the log that the last compaction left: the cleaned part. The rest is the dirty part
   * the cleaner has not seen (Kafka's LogCleanerManager measures dirty bytes / total bytes the same way).
   */
  private cleanCount = 0;
  /**
   * keyId of each record (null: null key; undefined: not computed yet), so that a compaction only computes the ids
   * of records appended since the last one, and not those whose writer gave them. Kept from the first compaction
   * on (`tracksIds`): before it, appends leave it alone, since most topics are never compacted.
   */
  private ids: (string | null | undefined)[] = [];
  private tracksIds = false;
  /** Offset of the one record of each key in the clean part; compaction keeps it current. */
  private readonly latestOffset = new Map<string, number>();

  /** Set when its topic is deleted: readers holding this log must not read it any more. */
  deleted = false;

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

  /** Records appended since the last compaction (the log's dirty part). */
  get dirtyCount(): number {
    return this.records.length - this.cleanCount;
  }

  /** `id`, when given, is keyId(key) (see Broker#produce). */
  append(key: unknown, value: unknown, timestamp: number, headers: StoredRecord['headers'], id?: string): StoredRecord {
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
    if (this.tracksIds) this.ids.push(id);
    return rec;
  }

  /** Records from `offset` (inclusive) on, at most `max` of them. */
  read(offset: number, max = Number.POSITIVE_INFINITY): StoredRecord[] {
    const from = this.indexOf(Math.max(offset, this.startOffset));
    const to = max === Number.POSITIVE_INFINITY ? this.records.length : Math.min(this.records.length, from + max);
    return from >= to ? [] : this.records.slice(from, to);
  }

  /**
   * Index of the first readable record at or after `offset`: with recordAt and size, a read without a new array
   * (stream tasks fetch several times per processed record). Indexes hold until the next compaction or deletion.
   */
  indexFrom(offset: number): number {
    return this.indexOf(Math.max(offset, this.startOffset));
  }

  recordAt(index: number): StoredRecord {
    const r = this.records[index];
    if (r === undefined) throw new RangeError(`no record at index ${index} of ${this.topic}-${this.partition} (size ${this.records.length})`);
    return r;
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
   * Keeps the latest record per key, as the log cleaner does; offsets stay. A tombstone (null value) that is the
   * latest for its key is dropped when its timestamp is before `tombstoneCutoff` (delete.retention.ms has
   * passed), else kept so that readers still see the delete. Records with a null key cannot be compacted and
   * are kept. Returns how many records were removed.
   *
   * Incremental: the clean part holds one record per key and `latestOffset` knows where, so a pass looks up only the
   * dirty records' keys and marks the records they supersede; the copy that follows tests a mark, not a map.
   */
  compact(tombstoneCutoff = Number.POSITIVE_INFINITY): number {
    const records = this.records;
    const ids = this.ids;
    // From the first compaction on, appends keep `ids` aligned with `records`.
    if (!this.tracksIds) {
      ids.length = records.length;
      this.tracksIds = true;
    }
    const before = records.length;
    const superseded = new Uint8Array(before);
    let removed = 0;
    for (let i = this.cleanCount; i < before; i++) {
      let id = ids[i];
      if (id === undefined) {
        const key = records[i]!.key;
        id = key === null || key === undefined ? null : keyId(key);
        ids[i] = id;
      }
      if (id === null) continue;
      const offset = records[i]!.offset;
      const previous = this.latestOffset.get(id);
      if (previous !== undefined) {
        superseded[this.indexOf(previous)] = 1;
        removed++;
      }
      this.latestOffset.set(id, offset);
    }
    let expiredTombstones = false;
    for (let i = 0; i < before && !expiredTombstones; i++) {
      const r = records[i]!;
      expiredTombstones = superseded[i] === 0 && ids[i] !== null && (r.value === null || r.value === undefined) && r.timestamp < tombstoneCutoff;
    }
    if (removed > 0 || expiredTombstones) {
      const kept: StoredRecord[] = [];
      const keptIds: (string | null)[] = [];
      for (let i = 0; i < before; i++) {
        if (superseded[i] === 1) continue;
        const r = records[i]!;
        const id = ids[i]!;
        if (id !== null && (r.value === null || r.value === undefined) && r.timestamp < tombstoneCutoff) {
          this.latestOffset.delete(id);
          continue;
        }
        kept.push(r);
        keptIds.push(id);
      }
      this.records = kept;
      this.ids = keptIds;
      this.hasGaps = true;
    }
    this.cleanCount = this.records.length;
    return before - this.records.length;
  }

  /** Deletes records older than `cutoffTimestamp` from the head of the log (time-based retention). */
  truncateBefore(cutoffTimestamp: number): number {
    let n = 0;
    while (n < this.records.length && this.records[n]!.timestamp < cutoffTimestamp) n++;
    if (n === 0) return 0;
    return this.dropHead(n, n === this.records.length ? this.nextOffset : this.records[n]!.offset);
  }

  /**
   * Kafka's deleteRecords: moves the log start offset to `beforeOffset` (at most the log end offset) and drops
   * the records below it. A lower offset than the current start changes nothing. Returns the log start offset.
   */
  deleteBefore(beforeOffset: number): number {
    if (beforeOffset <= this.startOffset) return this.startOffset;
    const n = this.indexOf(beforeOffset);
    this.dropHead(n, beforeOffset);
    return this.startOffset;
  }

  private dropHead(n: number, newStart: number): number {
    if (newStart > this.startOffset) this.startOffset = newStart;
    if (n === 0) return 0;
    // Keys whose latest record goes are gone from the log (a later record of theirs starts them afresh).
    for (let i = 0; i < n && i < this.cleanCount; i++) {
      const id = this.ids[i];
      if (typeof id === 'string' && this.latestOffset.get(id) === this.records[i]!.offset) this.latestOffset.delete(id);
    }
    this.records = this.records.slice(n);
    this.ids = this.ids.slice(n);
    this.cleanCount = Math.max(0, this.cleanCount - n);
    return n;
  }
}
