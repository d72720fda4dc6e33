import type { DiffRowKind } from './aligned-row.js';
import { formatRecordDiff, type DiffFormatOptions } from './diff-format.js';
import { matchAsMultiset } from './multiset-matching.js';
import { alignInOrder } from './ordered-alignment.js';
import { canonicalize, changedFields } from './record-compare.js';
import type { RecordField, RecordLike } from './record-like.js';

export type { DiffRowKind } from './aligned-row.js';

export interface DiffOptions {
  /** Compare in order (default), or as multisets with `{ ordered: false }`. */
  readonly ordered?: boolean;
}

/** One row of a diff: a record in both lists (same or changed), or in one only (missing, unexpected). */
export interface DiffRow<K = unknown, V = unknown> {
  readonly kind: DiffRowKind;
  readonly expectedIndex?: number;
  readonly actualIndex?: number;
  readonly expected?: RecordLike<K, V>;
  readonly actual?: RecordLike<K, V>;
  /** For a changed row, the stated fields that differ (the key never does: changed means same key). */
  readonly fields: readonly RecordField[];
  /** In an ordered diff, where the equal record sits on the other side when it is only out of place. */
  readonly outOfOrderAt?: number;
}

export interface IndexedRecord<K = unknown, V = unknown> {
  readonly index: number;
  readonly record: RecordLike<K, V>;
}

/** An expected record and the actual record with its key that differs in `fields`. */
export interface Mismatch<K = unknown, V = unknown> {
  /** Index in the expected list. */
  readonly index: number;
  readonly actualIndex: number;
  readonly expected: RecordLike<K, V>;
  readonly actual: RecordLike<K, V>;
  readonly fields: readonly RecordField[];
}

export interface RecordDiff<K = unknown, V = unknown> {
  readonly ok: boolean;
  readonly ordered: boolean;
  readonly expectedCount: number;
  readonly actualCount: number;
  /** Every record of both lists, once: in order for an ordered diff, else expected order then unexpected. */
  readonly rows: readonly DiffRow<K, V>[];
  readonly missing: readonly IndexedRecord<K, V>[];
  readonly unexpected: readonly IndexedRecord<K, V>[];
  readonly mismatched: readonly Mismatch<K, V>[];
  /** A summary line and an aligned table of the rows; see DiffFormatOptions. */
  format(options?: DiffFormatOptions): string;
}

/**
 * Compares expected records with actual ones. Keys and values compare by `stableStringify`;
 * timestamp and headers only where the expected record states them. Records with the same key that
 * differ otherwise are `changed`; other differences are `missing` or `unexpected` records.
 */
export function diffRecords<K, V>(
  expected: readonly RecordLike<K, V>[],
  actual: readonly RecordLike<K, V>[],
  options: DiffOptions = {},
): RecordDiff<K, V> {
  const ordered = options.ordered ?? true;
  const expectedCanon = expected.map(canonicalize);
  const actualCanon = actual.map(canonicalize);
  const aligned = ordered ? alignInOrder(expectedCanon, actualCanon) : matchAsMultiset(expectedCanon, actualCanon);
  const rows: DiffRow<K, V>[] = aligned.map((r) => {
    const e = r.expectedIndex;
    const a = r.actualIndex;
    return {
      ...r,
      expected: e === undefined ? undefined : expected[e],
      actual: a === undefined ? undefined : actual[a],
      fields: r.kind === 'changed' ? changedFields(expectedCanon[e!]!, actualCanon[a!]!) : [],
    };
  });
  const diff: RecordDiff<K, V> = {
    ok: rows.every((r) => r.kind === 'same'),
    ordered,
    expectedCount: expected.length,
    actualCount: actual.length,
    rows,
    missing: rows.filter((r) => r.kind === 'missing').map((r) => ({ index: r.expectedIndex!, record: r.expected! })),
    unexpected: rows.filter((r) => r.kind === 'unexpected').map((r) => ({ index: r.actualIndex!, record: r.actual! })),
    mismatched: rows
      .filter((r) => r.kind === 'changed')
      .map((r) => ({ index: r.expectedIndex!, actualIndex: r.actualIndex!, expected: r.expected!, actual: r.actual!, fields: r.fields })),
    format: (formatOptions) => formatRecordDiff(diff, formatOptions),
  };
  return diff;
}
