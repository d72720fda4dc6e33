import { changedRow, missingRow, sameRow, unexpectedRow, type AlignedRow } from './aligned-row.js';
import { longestCommonSubsequence } from './longest-common-subsequence.js';
import { keyAndValueId, matches, type CanonicalRecord } from './record-compare.js';

/**
 * Aligns two record lists in order, as a line diff does: records that match anchor the alignment
 * (a longest common subsequence), so one missing record shows as one `missing` row instead of
 * shifting every later row. Between anchors, records with the same key pair up as `changed`; the
 * rest are `missing` (expected only) or `unexpected` (actual only).
 */
export function alignInOrder(expected: readonly CanonicalRecord[], actual: readonly CanonicalRecord[]): AlignedRow[] {
  const rows: AlignedRow[] = [];
  // The common head and tail are aligned as they are: most failing lists differ in a few places.
  let head = 0;
  while (head < expected.length && head < actual.length && matches(expected[head]!, actual[head]!)) rows.push(sameRow(head, head++));
  let endE = expected.length;
  let endA = actual.length;
  while (endE > head && endA > head && matches(expected[endE - 1]!, actual[endA - 1]!)) {
    endE--;
    endA--;
  }
  const same = (e: number, a: number) => matches(expected[e]!, actual[a]!);
  let e = head;
  let a = head;
  for (const [anchorE, anchorA] of longestCommonSubsequence(head, endE, head, endA, same)) {
    alignGap(expected, actual, e, anchorE, a, anchorA, rows);
    rows.push(sameRow(anchorE, anchorA));
    e = anchorE + 1;
    a = anchorA + 1;
  }
  alignGap(expected, actual, e, endE, a, endA, rows);
  for (let k = 0; endE + k < expected.length; k++) rows.push(sameRow(endE + k, endA + k));
  return markOutOfOrder(rows, expected, actual);
}

/** A record both missing and unexpected was produced, only not where expected: say so on both rows. */
function markOutOfOrder(rows: AlignedRow[], expected: readonly CanonicalRecord[], actual: readonly CanonicalRecord[]): AlignedRow[] {
  const unexpectedByKeyAndValue = new Map<string, number[]>();
  for (const r of rows) {
    if (r.kind !== 'unexpected') continue;
    const id = keyAndValueId(actual[r.actualIndex!]!);
    const list = unexpectedByKeyAndValue.get(id);
    if (list === undefined) unexpectedByKeyAndValue.set(id, [r.actualIndex!]);
    else list.push(r.actualIndex!);
  }
  if (unexpectedByKeyAndValue.size === 0) return rows;
  const movedTo = new Map<number, number>();
  const movedFrom = new Map<number, number>();
  for (const r of rows) {
    if (r.kind !== 'missing') continue;
    const e = r.expectedIndex!;
    const candidates = unexpectedByKeyAndValue.get(keyAndValueId(expected[e]!)) ?? [];
    const a = candidates.find((u) => !movedFrom.has(u) && matches(expected[e]!, actual[u]!));
    if (a === undefined) continue;
    movedTo.set(e, a);
    movedFrom.set(a, e);
  }
  if (movedTo.size === 0) return rows;
  return rows.map((r) => {
    const at = r.kind === 'missing' ? movedTo.get(r.expectedIndex!) : r.kind === 'unexpected' ? movedFrom.get(r.actualIndex!) : undefined;
    return at === undefined ? r : { ...r, outOfOrderAt: at };
  });
}

/** Pairs records of one gap by key, in order; what stays unpaired is missing, then unexpected. */
function alignGap(
  expected: readonly CanonicalRecord[],
  actual: readonly CanonicalRecord[],
  e0: number,
  e1: number,
  a0: number,
  a1: number,
  rows: AlignedRow[],
): void {
  const sameKey = (e: number, a: number) => expected[e]!.key === actual[a]!.key;
  let e = e0;
  let a = a0;
  for (const [pairE, pairA] of longestCommonSubsequence(e0, e1, a0, a1, sameKey)) {
    unpaired(e, pairE, a, pairA, rows);
    rows.push(changedRow(pairE, pairA));
    e = pairE + 1;
    a = pairA + 1;
  }
  unpaired(e, e1, a, a1, rows);
}

function unpaired(e0: number, e1: number, a0: number, a1: number, rows: AlignedRow[]): void {
  for (let e = e0; e < e1; e++) rows.push(missingRow(e));
  for (let a = a0; a < a1; a++) rows.push(unexpectedRow(a));
}
