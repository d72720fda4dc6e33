import type { StoredRecord } from '../record.js';

/** Read positions below this many records are not worth a copy of the buffer. */
const RELEASE_MIN = 1024;

/** A reader's position in a CapturedTopic: an absolute index, counted from the topic's first captured record. */
export interface CaptureReader {
  position: number;
}

/**
 * The records a run wrote to one topic, in production order, as the test driver captures them for its output
 * topics (Kafka's TopologyTestDriver keeps a queue per topic). Records every reader has read are released, so a
 * long run that reads its outputs as it goes holds only what is unread; a reader created later starts at the
 * oldest record still held, as a poll of Kafka's shared queue would.
 */
export class CapturedTopic {
  private records: StoredRecord[] = [];
  /** Absolute index of records[0]: how many records were released. */
  private base = 0;
  private readonly readers: CaptureReader[] = [];

  push(record: StoredRecord): void {
    this.records.push(record);
  }

  /** Absolute index after the last captured record. */
  get end(): number {
    return this.base + this.records.length;
  }

  at(position: number): StoredRecord | undefined {
    return this.records[position - this.base];
  }

  addReader(): CaptureReader {
    const reader = { position: this.base };
    this.readers.push(reader);
    return reader;
  }

  /**
   * Drops records every reader has passed, once they are many and at least half the buffer (amortized O(1)).
   * `readPosition`: the position of the reader that just read, which bounds the others' minimum from above.
   */
  release(readPosition: number): void {
    if (readPosition - this.base < RELEASE_MIN) return;
    let min = Number.POSITIVE_INFINITY;
    for (const r of this.readers) if (r.position < min) min = r.position;
    const n = min - this.base;
    if (n < RELEASE_MIN || n * 2 < this.records.length) return;
    this.records = this.records.slice(n);
    this.base = min;
  }
}
