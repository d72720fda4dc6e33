import { stableStringify } from '../sim/key-id.js';
import type { RecordField, RecordLike } from './record-like.js';

/**
 * A record reduced to comparable strings, computed once per record so that aligning long lists
 * compares strings, not structures. Keys and values compare by `stableStringify`: equal structures
 * are equal (field order aside), 1 and "1" differ. Unstated timestamp and headers stay undefined.
 */
export interface CanonicalRecord {
  readonly key: string;
  readonly value: string;
  readonly timestamp: number | undefined;
  readonly headers: string | undefined;
}

export function canonicalize(r: RecordLike): CanonicalRecord {
  return {
    key: stableStringify(r.key),
    value: stableStringify(r.value),
    timestamp: r.timestamp,
    headers: r.headers === undefined ? undefined : stableStringify(r.headers),
  };
}

/** Whether `actual` is what `expected` states: same key and value, and timestamp/headers where stated. */
export function matches(expected: CanonicalRecord, actual: CanonicalRecord): boolean {
  return (
    expected.key === actual.key &&
    expected.value === actual.value &&
    (expected.timestamp === undefined || expected.timestamp === actual.timestamp) &&
    (expected.headers === undefined || expected.headers === actual.headers)
  );
}

/** The stated fields in which two records with the same key differ. */
export function changedFields(expected: CanonicalRecord, actual: CanonicalRecord): RecordField[] {
  const fields: RecordField[] = [];
  if (expected.value !== actual.value) fields.push('value');
  if (expected.timestamp !== undefined && expected.timestamp !== actual.timestamp) fields.push('timestamp');
  if (expected.headers !== undefined && expected.headers !== actual.headers) fields.push('headers');
  return fields;
}

/** How many optional fields an expectation states: the more, the fewer records it can match. */
export function specificity(expected: CanonicalRecord): number {
  return (expected.timestamp === undefined ? 0 : 1) + (expected.headers === undefined ? 0 : 1);
}

/** One string for key and value together: JSON text never holds a raw NUL, so the join is unambiguous. */
export function keyAndValueId(r: CanonicalRecord): string {
  return `${r.key}\u0000${r.value}`;
}
