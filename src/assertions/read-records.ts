import { keyId } from '../sim/key-id.js';
import type { Windowed } from '../sim/stores/window-store.js';
import type { RecordLike } from './record-like.js';

/** What records are read from: a TestOutputTopic (or anything that reads like one), or a list. */
export type RecordSource<K, V> = readonly RecordLike<K, V>[] | OutputTopicReader<K, V>;

export interface OutputTopicReader<K, V> {
  readonly name: string;
  readRecordsToList(): RecordLike<K, V>[];
}

/** A windowed record as a row: key, window start, window end, value, then the timestamp when it has one. */
export type WindowRow<K = unknown, V = unknown> = readonly [key: K, start: number, end: number, value: V, timestamp?: number];

/** The records of a source, and what to call it in a message. Reading a topic consumes what it holds. */
export function readSource<K, V>(source: RecordSource<K, V>): { records: readonly RecordLike<K, V>[]; label?: string } {
  if (isReader(source)) return { records: source.readRecordsToList(), label: `topic '${source.name}'` };
  return { records: source };
}

function isReader<K, V>(source: RecordSource<K, V>): source is OutputTopicReader<K, V> {
  return !Array.isArray(source) && typeof (source as OutputTopicReader<K, V>).readRecordsToList === 'function';
}

/**
 * The latest record per key, as log compaction leaves a topic: the last record of each key, in the
 * order those records were written, and no key whose last record is a tombstone (null value).
 * Keys compare by value, as Kafka compares serialized keys, so windowed and struct keys work.
 */
export function latestByKey<R extends RecordLike>(records: readonly R[]): R[] {
  const latest = new Map<string, R>();
  for (const r of records) {
    const id = keyId(r.key);
    latest.delete(id); // re-inserting moves the key to the position of its latest record
    if (r.value !== null && r.value !== undefined) latest.set(id, r);
  }
  return [...latest.values()];
}

/** Windowed records (keys `{ key, window: { start, end } }`) as rows `[key, start, end, value, timestamp]`. */
export function toRows<K, V>(records: readonly RecordLike<Windowed<K>, V>[]): WindowRow<K, V>[] {
  return records.map((r) => {
    const { key, window } = r.key;
    return r.timestamp === undefined ? [key, window.start, window.end, r.value] : [key, window.start, window.end, r.value, r.timestamp];
  });
}
