import type { KeyValue } from '../sim/stores/key-value.js';
import type { DiffFormatOptions } from './diff-format.js';
import { entryRecords, type ExpectedEntries } from './expected-entries.js';
import { ExpectationError } from './expectation-error.js';
import { latestByKey, readSource, type RecordSource } from './read-records.js';
import { diffRecords, type DiffOptions, type RecordDiff } from './record-diff.js';
import type { RecordLike } from './record-like.js';

export interface ExpectOptions extends DiffOptions, DiffFormatOptions {}

/**
 * Expects these records, in order (or as a multiset with `{ ordered: false }`). Reading a topic
 * consumes its records, as TestOutputTopic#readRecordsToList does; they are returned for further checks.
 * Throws an ExpectationError whose message is the formatted diff.
 */
export function expectRecords<K, V>(
  source: RecordSource<K, V>,
  expected: readonly RecordLike<K, V>[],
  options: ExpectOptions = {},
): readonly RecordLike<K, V>[] {
  const { records, label } = readSource(source);
  assertNoDiff(diffRecords(expected, records, options), { label, ...options });
  return records;
}

/** Expects these keys and values, as `[key, value]` pairs or `{ key, value }` objects; timestamps are not compared. */
export function expectKeyValues<K, V>(
  source: RecordSource<K, V>,
  expected: ReadonlyArray<readonly [K, V] | KeyValue<K, V>>,
  options: ExpectOptions = {},
): readonly RecordLike<K, V>[] {
  return expectRecords(source, entryRecords(expected), options);
}

/**
 * Expects the latest value per key (Kafka's TestOutputTopic#readKeyValuesToMap): a tombstone removes
 * its key. Order does not matter. Object keys are strings; use a Map for other keys.
 */
export function expectFinalValues<K, V>(source: RecordSource<K, V>, expected: ExpectedEntries<K, V>, options: ExpectOptions = {}): void {
  const { records, label } = readSource(source);
  const diff = diffRecords(entryRecords(expected), latestByKey(records), { ordered: false });
  assertNoDiff(diff, { label: withSuffix(label, 'latest value per key'), noun: ['key', 'keys'], indexes: false, ...options });
}

/** Throws the diff, formatted, when the lists differ. */
export function assertNoDiff(diff: RecordDiff, format: DiffFormatOptions): void {
  if (!diff.ok) throw new ExpectationError(diff.format(format), diff);
}

export function withSuffix(label: string | undefined, suffix: string): string {
  return label === undefined ? suffix : `${label}, ${suffix}`;
}
