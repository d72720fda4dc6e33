import { keyId } from './key-id.js';
import { NO_HEADERS, type Headers, type StoredRecord } from './record.js';

/** Recently appended records kept as objects, so that a reader fetching them right away gets the appended one. */
const RECENT = 32;
/** Records per chunk of a column (a power of two: positions split into chunk and slot by shifts). */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const SLOT_MASK = CHUNK - 1;

/**
 * One partition's append-only log. Offsets are assigned on append and never reused; compaction and
 * retention leave gaps, so reads look records up by offset, not by array index.
 *
 * Records are held column by column (key, value, timestamp, headers, offset), not as one object each: a long run
 * retains millions of records, and an object per record is what the garbage collector copies and promotes. A read
 * builds the StoredRecord (the last RECENT appended are handed out as appended, without a new object). Columns are
 * chunks of up to CHUNK records: an append writes into a young chunk (no old-to-new pointer for the collector to
 * track), a long log is never copied as it grows, and the head is dropped a chunk at a time.
 */
export class PartitionLog {
  private keyChunks: unknown[][] = [];
  private valueChunks: unknown[][] = [];
  private timeChunks: number[][] = [];
  /** Headers per record, in chunks; null while every record has none (NO_HEADERS). */
  private headerChunks: Headers[][] | null = null;
  /** Slot of the record at index 0 in the first chunk (records dropped from the head leave it); a chunk's length is its slots used. */
  private head = 0;
  /** Records held. */
  private count = 0;
  /** Offset per record; null while there are no gaps (offset = firstOffset + index), which only compaction makes. */
  private offsets: number[] | null = null;
  /** Offset of the record at index 0 while `offsets` is null. */
  private firstOffset = 0;
  /** The last appended records by offset % RECENT. */
  private readonly recent: (StoredRecord | undefined)[] = new Array<StoredRecord | undefined>(RECENT);
  /** Offset the next append gets (Kafka's log end offset / high watermark: no replication here). */
  private nextOffset = 0;
  /** First offset still readable; moves up with retention and deleteRecords. */
  private startOffset = 0;
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
    return this.count;
  }

  /** Records appended since the last compaction (the log's dirty part). */
  get dirtyCount(): number {
    return this.count - this.cleanCount;
  }

  /** Appends one record and returns it as stored. `id`, when given, is keyId(key) (see Broker#produce). */
  append(key: unknown, value: unknown, timestamp: number, headers: Headers, id?: string): StoredRecord {
    const offset = this.appendUnread(key, value, timestamp, headers, id);
    const rec: StoredRecord = { topic: this.topic, partition: this.partition, offset, key, value, timestamp, headers };
    this.recent[offset % RECENT] = rec;
    return rec;
  }

  /** append() without building the StoredRecord, for a writer nobody watches (a read builds it); returns its offset. */
  appendUnread(key: unknown, value: unknown, timestamp: number, headers: Headers, id?: string): number {
    const offset = this.nextOffset++;
    const position = this.head + this.count++;
    const c = position >>> CHUNK_BITS;
    if (c === this.keyChunks.length) this.addChunk();
    // Every chunk but the last is full: the last one's length is `position`'s slot.
    this.keyChunks[c]!.push(key);
    this.valueChunks[c]!.push(value);
    this.timeChunks[c]!.push(timestamp);
    if (this.headerChunks !== null) this.headerChunks[c]!.push(headers);
    else if (headers !== NO_HEADERS) (this.headerChunks = this.keyChunks.map((chunk) => chunk.map(() => NO_HEADERS)))[c]![position & SLOT_MASK] = headers;
    if (this.offsets !== null) this.offsets.push(offset);
    if (this.tracksIds) this.ids.push(id);
    return offset;
  }

  /** Records from `offset` (inclusive) on, at most `max` of them. */
  read(offset: number, max = Number.POSITIVE_INFINITY): StoredRecord[] {
    const from = this.indexOf(Math.max(offset, this.startOffset));
    const size = this.count;
    const to = max === Number.POSITIVE_INFINITY ? size : Math.min(size, from + max);
    const out: StoredRecord[] = [];
    for (let i = from; i < to; i++) out.push(this.recordAt(i));
    return out;
  }

  /**
   * Index of the first readable record at or after `offset`: with recordAt and size, a read without a new array
   * (stream tasks fetch several times per processed record). Indexes hold until the next compaction or deletion.
   */
  indexFrom(offset: number): number {
    return this.indexOf(Math.max(offset, this.startOffset));
  }

  recordAt(index: number): StoredRecord {
    if (index < 0 || index >= this.count || !Number.isInteger(index)) {
      throw new RangeError(`no record at index ${index} of ${this.topic}-${this.partition} (size ${this.count})`);
    }
    const offset = this.offsetAt(index);
    const cached = this.recent[offset % RECENT];
    if (cached !== undefined && cached.offset === offset) return cached;
    const position = this.head + index;
    const c = position >>> CHUNK_BITS;
    const s = position & SLOT_MASK;
    return {
      topic: this.topic,
      partition: this.partition,
      offset,
      key: this.keyChunks[c]![s],
      value: this.valueChunks[c]![s],
      timestamp: this.timeChunks[c]![s]!,
      headers: this.headerChunks === null ? NO_HEADERS : this.headerChunks[c]![s]!,
    };
  }

  /** All records, oldest first (a copy). */
  all(): StoredRecord[] {
    return this.read(this.startOffset);
  }

  private addChunk(): void {
    this.keyChunks.push(emptyValues());
    this.valueChunks.push(emptyValues());
    this.timeChunks.push(emptyDoubles());
    if (this.headerChunks !== null) this.headerChunks.push([]);
  }

  private offsetAt(index: number): number {
    return this.offsets === null ? this.firstOffset + index : this.offsets[index]!;
  }

  private timestampAt(index: number): number {
    const position = this.head + index;
    return this.timeChunks[position >>> CHUNK_BITS]![position & SLOT_MASK]!;
  }

  /** Index of the first record with offset >= `offset`. */
  private indexOf(offset: number): number {
    const size = this.count;
    if (size === 0) return 0;
    const offsets = this.offsets;
    if (offsets === null) return Math.max(0, Math.min(size, offset - this.firstOffset));
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offsets[mid]! < offset) lo = mid + 1;
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
    const keyChunks = this.keyChunks;
    const valueChunks = this.valueChunks;
    const timeChunks = this.timeChunks;
    const headerChunks = this.headerChunks;
    const ids = this.ids;
    const head = this.head;
    const before = this.count;
    // From the first compaction on, appends keep `ids` (and `offsets`) aligned with the records.
    if (!this.tracksIds) {
      ids.length = before;
      this.tracksIds = true;
    }
    if (this.offsets === null) {
      const first = this.firstOffset;
      const all: number[] = [];
      for (let i = 0; i < before; i++) all.push(first + i);
      this.offsets = all;
    }
    const offsets = this.offsets;
    const clean = this.cleanCount;
    const superseded = new Uint8Array(before);
    // The dirty part was appended since the last compaction: its offsets have no gaps.
    const dirtyStart = clean < before ? offsets[clean]! : 0;
    for (let i = clean; i < before; i++) {
      let id = ids[i];
      if (id === undefined) {
        const position = head + i;
        const key = keyChunks[position >>> CHUNK_BITS]![position & SLOT_MASK];
        id = key === null || key === undefined ? null : keyId(key);
        ids[i] = id;
      }
      if (id === null) continue;
      const previous = this.latestOffset.get(id);
      if (previous !== undefined) superseded[previous >= dirtyStart ? clean + previous - dirtyStart : this.indexOf(previous)] = 1;
      this.latestOffset.set(id, dirtyStart + i - clean);
    }
    // In place: the kept records move down (reads build new objects, and indexes hold only until a compaction).
    let kept = 0;
    for (let i = 0; i < before; i++) {
      if (superseded[i] === 1) continue;
      const id = ids[i]!;
      const position = head + i;
      const c = position >>> CHUNK_BITS;
      const s = position & SLOT_MASK;
      const value = valueChunks[c]![s];
      if (id !== null && (value === null || value === undefined) && timeChunks[c]![s]! < tombstoneCutoff) {
        this.latestOffset.delete(id);
        continue;
      }
      if (kept !== i) {
        const to = head + kept;
        const tc = to >>> CHUNK_BITS;
        const ts = to & SLOT_MASK;
        keyChunks[tc]![ts] = keyChunks[c]![s];
        valueChunks[tc]![ts] = value;
        timeChunks[tc]![ts] = timeChunks[c]![s]!;
        if (headerChunks !== null) headerChunks[tc]![ts] = headerChunks[c]![s]!;
        offsets[kept] = offsets[i]!;
        ids[kept] = id;
      }
      kept++;
    }
    if (kept < before) {
      this.truncateTo(kept);
      offsets.length = kept;
      ids.length = kept;
    }
    this.cleanCount = kept;
    return before - kept;
  }

  /** Deletes records older than `cutoffTimestamp` from the head of the log (time-based retention). */
  truncateBefore(cutoffTimestamp: number): number {
    const size = this.count;
    let n = 0;
    while (n < size && this.timestampAt(n) < cutoffTimestamp) n++;
    if (n === 0) return 0;
    return this.dropHead(n, n === size ? this.nextOffset : this.offsetAt(n));
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

  /** Keeps the first `n` records: the chunks after them go, the last one kept is cut to its records. */
  private truncateTo(n: number): void {
    this.count = n;
    if (n === 0) {
      this.clearChunks();
      return;
    }
    const end = this.head + n;
    const last = (end - 1) >>> CHUNK_BITS;
    const used = end - (last << CHUNK_BITS);
    for (const column of this.columns()) {
      column.length = last + 1;
      column[last]!.length = used;
    }
  }

  private columns(): unknown[][][] {
    const columns: unknown[][][] = [this.keyChunks, this.valueChunks, this.timeChunks];
    if (this.headerChunks !== null) columns.push(this.headerChunks);
    return columns;
  }

  /** No records: no chunks, and the next one starts a chunk. */
  private clearChunks(): void {
    this.keyChunks = [];
    this.valueChunks = [];
    this.timeChunks = [];
    if (this.headerChunks !== null) this.headerChunks = [];
    this.head = 0;
  }

  private dropHead(n: number, newStart: number): number {
    if (newStart > this.startOffset) this.startOffset = newStart;
    if (n === 0) return 0;
    // Keys whose latest record goes are gone from the log (a later record of theirs starts them afresh).
    for (let i = 0; i < n && i < this.cleanCount; i++) {
      const id = this.ids[i];
      if (typeof id === 'string' && this.latestOffset.get(id) === this.offsetAt(i)) this.latestOffset.delete(id);
    }
    if (this.offsets === null) this.firstOffset += n;
    else this.offsets = this.offsets.slice(n);
    this.ids = this.ids.slice(n);
    this.count -= n;
    if (this.count === 0) {
      this.clearChunks();
    } else {
      const newHead = this.head + n;
      const dropped = newHead >>> CHUNK_BITS;
      for (const column of this.columns()) column.splice(0, dropped);
      // The dropped records' slots in the first chunk let go of their keys and values.
      const from = Math.max(0, this.head - (dropped << CHUNK_BITS));
      this.head = newHead & SLOT_MASK;
      for (let slot = from; slot < this.head; slot++) {
        this.keyChunks[0]![slot] = undefined;
        this.valueChunks[0]![slot] = undefined;
      }
    }
    this.cleanCount = Math.max(0, this.cleanCount - n);
    return n;
  }
}

/**
 * Empty arrays of the element kind they will hold, so that every log's columns share V8's element kind and the
 * appends stay monomorphic (an empty literal starts as small integers and changes kind on the first other value).
 */
function emptyDoubles(): number[] {
  const a = [0.5];
  a.length = 0;
  return a;
}

function emptyValues(): unknown[] {
  const a: unknown[] = [null];
  a.length = 0;
  return a;
}
