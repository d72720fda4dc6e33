import { keyId } from '../../sim/key-id.js';
import { StoreNotInitializedError, type StateStore, type StoreContext } from '../../sim/stores/state-store.js';

/** One buffered record of a join side. */
export interface BufferedRecord<V> {
  readonly timestamp: number;
  readonly value: V;
}

/** The changelog key of one buffered record: Kafka logs the window key with its duplicate sequence number. */
export interface JoinWindowChangelogKey<K> {
  readonly key: K;
  readonly timestamp: number;
  readonly seqnum: number;
}

interface KeyBuffer<K, V> {
  readonly key: K;
  /** Ordered by timestamp; records with equal timestamps stay in arrival order. */
  readonly records: BufferedRecord<V>[];
}

/**
 * The buffer of one side of a stream-stream join: Kafka's window store with retainDuplicates=true, window
 * size before+after and retention size+grace. Every record is kept (two records with the same key and
 * timestamp both join). Expiry follows Kafka's window stores: the store's own observed stream time is the
 * largest timestamp put into it; a record at or before `observed - retention` is not stored, and a fetch
 * never returns one.
 */
export class JoinWindowStore<K, V> implements StateStore {
  private readonly buffers = new Map<string, KeyBuffer<K, V>>();
  private observedStreamTimeMs = -1;
  private seqnum = 0;
  private entries = 0;
  /** Expired records of keys not touched since are dropped in one sweep per retention period. */
  private nextSweepMs = 0;
  private context: StoreContext | null = null;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
  ) {}

  init(context: StoreContext): void {
    this.context = context;
  }

  /** Buffers a record; returns false, storing nothing, when the record is already expired. */
  put(key: K, value: V, timestamp: number): boolean {
    const ctx = this.ctx();
    if (timestamp > this.observedStreamTimeMs) this.observedStreamTimeMs = timestamp;
    if (timestamp <= this.observedStreamTimeMs - this.retentionMs) return false;
    this.seqnum = (this.seqnum + 1) & 0x7fffffff;
    this.insert(key, value, timestamp);
    if (ctx.logChange !== null) {
      const changelogKey: JoinWindowChangelogKey<K> = { key, timestamp, seqnum: this.seqnum };
      ctx.logChange(changelogKey, value, ctx.currentTimestampMs());
    }
    this.maybeSweep();
    return true;
  }

  /** Records of the key with fromMs <= timestamp <= toMs that have not expired, in timestamp order. */
  fetch(key: K, fromMs: number, toMs: number): BufferedRecord<V>[] {
    const buffer = this.buffers.get(keyId(key));
    if (buffer === undefined) return [];
    const from = Math.max(fromMs, this.minLiveTimeMs());
    const out: BufferedRecord<V>[] = [];
    for (const r of buffer.records) {
      if (r.timestamp > toMs) break;
      if (r.timestamp >= from) out.push(r);
    }
    return out;
  }

  /** Buffered records, expired ones not yet swept included (for tests and memory checks). */
  approximateNumEntries(): number {
    return this.entries;
  }

  restore(key: unknown, value: unknown): void {
    const k = key as JoinWindowChangelogKey<K>;
    if (value === null || value === undefined) return;
    if (k.timestamp > this.observedStreamTimeMs) this.observedStreamTimeMs = k.timestamp;
    this.seqnum = k.seqnum;
    this.insert(k.key, value as V, k.timestamp);
  }

  flush(): void {}

  close(): void {
    this.context = null;
  }

  /** Kafka: records expire exactly retention ms after the observed stream time passed them. */
  private minLiveTimeMs(): number {
    return this.observedStreamTimeMs - this.retentionMs + 1;
  }

  private insert(key: K, value: V, timestamp: number): void {
    const id = keyId(key);
    let buffer = this.buffers.get(id);
    if (buffer === undefined) this.buffers.set(id, (buffer = { key, records: [] }));
    const records = buffer.records;
    // Usually in order: walk back from the end past later records only.
    let i = records.length;
    while (i > 0 && records[i - 1]!.timestamp > timestamp) i--;
    records.splice(i, 0, { timestamp, value });
    this.entries++;
  }

  private maybeSweep(): void {
    const minLive = this.minLiveTimeMs();
    if (minLive < this.nextSweepMs) return;
    this.nextSweepMs = minLive + Math.max(1, this.retentionMs);
    for (const [id, buffer] of this.buffers) {
      const records = buffer.records;
      let expired = 0;
      while (expired < records.length && records[expired]!.timestamp < minLive) expired++;
      if (expired === 0) continue;
      this.entries -= expired;
      if (expired === records.length) this.buffers.delete(id);
      else records.splice(0, expired);
    }
  }

  private ctx(): StoreContext {
    if (this.context === null) throw new StoreNotInitializedError(this.name);
    return this.context;
  }
}
