import { changedRow, missingRow, sameRow, unexpectedRow, type AlignedRow } from './aligned-row.js';
import { keyAndValueId, matches, specificity, type CanonicalRecord } from './record-compare.js';

/**
 * Matches two record lists as multisets: each expected record takes the first unused actual record
 * it matches. Expectations that state more fields (timestamp, headers) choose first, so that a loose
 * expectation does not take the one record a precise one needs. Unmatched records with the same key
 * then pair up as `changed`. Rows follow the expected order; unexpected records come last, in order.
 */
export function matchAsMultiset(expected: readonly CanonicalRecord[], actual: readonly CanonicalRecord[]): AlignedRow[] {
  const partner = new Int32Array(expected.length).fill(-1);
  const taken = new Uint8Array(actual.length);
  const byKeyAndValue = indexBy(actual, keyAndValueId);
  const order = expected.map((_, i) => i).sort((x, y) => specificity(expected[y]!) - specificity(expected[x]!) || x - y);
  for (const e of order) {
    const candidates = byKeyAndValue.get(keyAndValueId(expected[e]!)) ?? [];
    const a = candidates.find((c) => taken[c] === 0 && matches(expected[e]!, actual[c]!));
    if (a === undefined) continue;
    partner[e] = a;
    taken[a] = 1;
  }
  const rows: AlignedRow[] = [];
  const leftover = actual.map((_, a) => a).filter((a) => taken[a] === 0);
  const leftoverByKey = new Map<string, number[]>();
  for (const a of leftover) push(leftoverByKey, actual[a]!.key, a);
  for (let e = 0; e < expected.length; e++) {
    const a = partner[e]!;
    if (a >= 0) {
      rows.push(sameRow(e, a));
      continue;
    }
    const sameKey = leftoverByKey.get(expected[e]!.key)?.find((c) => taken[c] === 0);
    if (sameKey === undefined) {
      rows.push(missingRow(e));
    } else {
      taken[sameKey] = 1;
      rows.push(changedRow(e, sameKey));
    }
  }
  for (const a of leftover) if (taken[a] === 0) rows.push(unexpectedRow(a));
  return rows;
}

function indexBy(records: readonly CanonicalRecord[], id: (r: CanonicalRecord) => string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  records.forEach((r, i) => push(index, id(r), i));
  return index;
}

function push(index: Map<string, number[]>, id: string, i: number): void {
  const list = index.get(id);
  if (list === undefined) index.set(id, [i]);
  else list.push(i);
}
