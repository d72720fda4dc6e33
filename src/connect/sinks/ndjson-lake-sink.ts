import type { Broker } from '../../sim/broker.js';
import type { StoredRecord } from '../../sim/record.js';
import type { SinkFileSystem } from './file-system.js';
import { toJsonSafe, type JsonValue } from './json-safe.js';
import { TopicReader } from './topic-reader.js';

/**
 * A data-lake sink in the manner of Kafka Connect's S3 / HDFS sinks with a daily TimeBasedPartitioner and a JSON
 * format: each record of the followed topics becomes one NDJSON line in
 * `<dir>/<topic>/date=YYYY-MM-DD/<topic>+<partition>+<startOffset>.ndjson`, where the date is the record
 * timestamp's UTC day and `startOffset` the offset of the file's first record, zero-padded to 10 digits as
 * Connect's `filename.offset.zero.pad.width` default does.
 *
 * Rolling follows `flush.size`: a topic partition's open files (one per date it has records for) are written when it
 * has buffered `flushSize` records since its last roll; `flush()` writes whatever is buffered (the partial files a
 * stopping task would leave; Connect would write them only on its next `rotate.interval.ms`). Nothing is written
 * before a roll, so a file, once written, holds exactly its records (Connect's exactly-once file naming).
 */
export interface NdjsonLakeSinkOptions {
  readonly broker: Broker;
  readonly topics: readonly string[];
  readonly fs: SinkFileSystem;
  /** The lake's root folder (no trailing `/`; empty for the file system's root). Default `topics` as Connect's `topics.dir`. */
  readonly dir?: string;
  /** Records per topic partition per roll (Connect's `flush.size`); default 1000. */
  readonly flushSize?: number;
  /**
   * `envelope` (default): each line is `{topic, partition, offset, timestamp, key, value, headers?}`, so keys (and
   * windowed keys as `{key, window}`) survive. `value`: the value alone, as Connect's JsonFormat writes it; a
   * tombstone (null value) is then skipped, as `behavior.on.null.values=ignore` does.
   */
  readonly format?: 'envelope' | 'value';
  /** Digits of `startOffset` in file names (Connect's `filename.offset.zero.pad.width`); default 10. */
  readonly offsetPadWidth?: number;
}

/** A file the sink wrote: where, which records, when (virtual time). */
export interface LakeFile {
  readonly path: string;
  readonly topic: string;
  readonly partition: number;
  readonly date: string;
  readonly startOffset: number;
  readonly records: number;
  readonly writtenAt: number;
}

interface OpenFile {
  readonly date: string;
  readonly startOffset: number;
  readonly lines: string[];
}

interface PartitionBuffer {
  readonly topic: string;
  readonly partition: number;
  /** By date, in the order each date was first seen. */
  readonly files: Map<string, OpenFile>;
  count: number;
}

/** `YYYY-MM-DD` of an epoch-ms timestamp, in UTC. */
export function utcDate(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

export class NdjsonLakeSink {
  private readonly reader: TopicReader;
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly written: LakeFile[] = [];
  private readonly flushSize: number;
  private readonly dir: string;
  private readonly format: 'envelope' | 'value';
  private readonly padWidth: number;
  private skipped = 0;

  constructor(private readonly options: NdjsonLakeSinkOptions) {
    this.flushSize = options.flushSize ?? 1000;
    if (!Number.isSafeInteger(this.flushSize) || this.flushSize < 1) throw new RangeError(`flushSize must be an integer >= 1, got ${String(options.flushSize)}`);
    this.dir = (options.dir ?? 'topics').replace(/\/+$/, '');
    this.format = options.format ?? 'envelope';
    this.padWidth = options.offsetPadWidth ?? 10;
    this.reader = new TopicReader(options.broker, options.topics);
  }

  /** Reads what is new on the followed topics, writing every file that reaches `flushSize`; returns records read. */
  poll(): number {
    return this.reader.poll((r) => this.put(r));
  }

  /**
   * Re-delivers a partition from `offset` on the next poll, as a task restarted from an older committed offset: its
   * unwritten buffer is dropped (a restarted task starts empty), and files rolled again get the same names, so they
   * overwrite the earlier ones with the same records — Connect's exactly-once file naming.
   */
  seek(topic: string, partition: number, offset: number): void {
    this.reader.seek(topic, partition, offset);
    this.buffers.delete(`${topic}\u0000${partition}`);
  }

  /** Writes every partially filled file (end of a run). */
  flush(): void {
    for (const buffer of this.buffers.values()) this.roll(buffer);
  }

  /** The files written so far, in write order. */
  files(): readonly LakeFile[] {
    return this.written;
  }

  /** Tombstones left out in `value` format. */
  skippedRecords(): number {
    return this.skipped;
  }

  private put(record: StoredRecord): void {
    if (this.format === 'value' && record.value === null) {
      this.skipped++;
      return;
    }
    const id = `${record.topic}\u0000${record.partition}`;
    let buffer = this.buffers.get(id);
    if (buffer === undefined) this.buffers.set(id, (buffer = { topic: record.topic, partition: record.partition, files: new Map(), count: 0 }));
    const date = utcDate(record.timestamp);
    let file = buffer.files.get(date);
    if (file === undefined) buffer.files.set(date, (file = { date, startOffset: record.offset, lines: [] }));
    file.lines.push(JSON.stringify(this.line(record)));
    if (++buffer.count >= this.flushSize) this.roll(buffer);
  }

  private line(record: StoredRecord): JsonValue {
    if (this.format === 'value') return toJsonSafe(record.value);
    return toJsonSafe({
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      key: record.key,
      value: record.value,
      headers: record.headers.length === 0 ? undefined : record.headers,
    });
  }

  private roll(buffer: PartitionBuffer): void {
    for (const file of buffer.files.values()) {
      const name = `${buffer.topic}+${buffer.partition}+${String(file.startOffset).padStart(this.padWidth, '0')}.ndjson`;
      const path = [this.dir, buffer.topic, `date=${file.date}`, name].filter((s) => s !== '').join('/');
      this.options.fs.writeFile(path, `${file.lines.join('\n')}\n`);
      this.written.push({
        path,
        topic: buffer.topic,
        partition: buffer.partition,
        date: file.date,
        startOffset: file.startOffset,
        records: file.lines.length,
        writtenAt: this.options.broker.clock.now(),
      });
    }
    buffer.files.clear();
    buffer.count = 0;
  }
}
