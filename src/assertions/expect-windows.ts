import { stableStringify } from '../sim/key-id.js';
import { windowed, type Windowed } from '../sim/stores/window-store.js';
import type { KeyColumn } from './diff-format.js';
import { assertNoDiff, withSuffix, type ExpectOptions } from './expect-output.js';
import { latestByKey, readSource, type RecordSource, type WindowRow } from './read-records.js';
import { diffRecords } from './record-diff.js';
import type { RecordLike } from './record-like.js';
import { elideMiddle } from './show-value.js';

export interface WindowExpectOptions extends ExpectOptions {
  /** Compare only the latest value per window (a tombstone removes it), in any order. Default: every record, in order. */
  readonly final?: boolean;
}

/** A windowed key shows as three columns, as the expected rows are written. */
const WINDOW_KEY_COLUMNS: readonly KeyColumn[] = [
  { header: 'key', show: (k, width) => elideMiddle(stableStringify((k as Windowed<unknown>).key), width) },
  { header: 'start', show: (k) => String((k as Windowed<unknown>).window.start) },
  { header: 'end', show: (k) => String((k as Windowed<unknown>).window.end) },
];

/**
 * Expects the records of a windowed output (keys `{ key, window: { start, end } }`), written as rows
 * `[key, start, end, value]` (add a fifth element to compare the timestamp too). By default every
 * record is compared in order, as a windowed count emits one per update; `{ final: true }` compares
 * the latest value per window.
 */
export function expectWindowCounts<K, V>(
  source: RecordSource<Windowed<K>, V>,
  expected: readonly WindowRow<K, V>[],
  options: WindowExpectOptions = {},
): void {
  const { records, label } = readSource(source);
  const expectedRecords = expected.map(rowRecord);
  if (options.final === true) {
    const diff = diffRecords(expectedRecords, latestByKey(records), { ordered: false });
    const finalLabel = withSuffix(label, 'latest value per window');
    assertNoDiff(diff, { label: finalLabel, noun: ['window', 'windows'], indexes: false, keyColumns: WINDOW_KEY_COLUMNS, ...options });
    return;
  }
  assertNoDiff(diffRecords(expectedRecords, records, options), { label, keyColumns: WINDOW_KEY_COLUMNS, ...options });
}

function rowRecord<K, V>(row: WindowRow<K, V>): RecordLike<Windowed<K>, V> {
  const [key, start, end, value, timestamp] = row;
  const windowedKey = windowed(key, start, end);
  return timestamp === undefined ? { key: windowedKey, value } : { key: windowedKey, value, timestamp };
}
