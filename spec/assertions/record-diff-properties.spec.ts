import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffRecords, stableStringify, type RecordDiff } from '../../src/index.js';

/** Small alphabets, so that equal keys and values (and duplicates) are common. */
const record = fc.record({ key: fc.constantFrom('a', 'b', 'c'), value: fc.constantFrom(1, 2, '1', null) });
const records = fc.array(record, { maxLength: 12 });

/** Every expected and every actual index appears in exactly one row. */
function coversEachRecordOnce(diff: RecordDiff, expectedCount: number, actualCount: number): void {
  const e = diff.rows.flatMap((r) => (r.expectedIndex === undefined ? [] : [r.expectedIndex]));
  const a = diff.rows.flatMap((r) => (r.actualIndex === undefined ? [] : [r.actualIndex]));
  expect([...e].sort((x, y) => x - y)).toEqual([...Array(expectedCount).keys()]);
  expect([...a].sort((x, y) => x - y)).toEqual([...Array(actualCount).keys()]);
}

/** Reference multiset intersection size, by counting canonical forms. */
function commonCount(xs: readonly unknown[], ys: readonly unknown[]): number {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(stableStringify(x), (counts.get(stableStringify(x)) ?? 0) + 1);
  let common = 0;
  for (const y of ys) {
    const n = counts.get(stableStringify(y)) ?? 0;
    if (n > 0) {
      common++;
      counts.set(stableStringify(y), n - 1);
    }
  }
  return common;
}

/** Reference LCS length, by the textbook recursion with memo. */
function lcsLength(xs: readonly unknown[], ys: readonly unknown[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === xs.length || j === ys.length) return 0;
    const id = `${i},${j}`;
    let n = memo.get(id);
    if (n === undefined) {
      n = stableStringify(xs[i]) === stableStringify(ys[j]) ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
      memo.set(id, n);
    }
    return n;
  };
  return go(0, 0);
}

describe('diffRecords invariants', () => {
  it('in order: ok exactly when the lists are equal; same rows are a longest common subsequence; both orders kept', () => {
    fc.assert(
      fc.property(records, records, (expected, actual) => {
        const diff = diffRecords(expected, actual);
        expect(diff.ok).toBe(stableStringify(expected) === stableStringify(actual));
        coversEachRecordOnce(diff, expected.length, actual.length);
        const e = diff.rows.flatMap((r) => (r.expectedIndex === undefined ? [] : [r.expectedIndex]));
        const a = diff.rows.flatMap((r) => (r.actualIndex === undefined ? [] : [r.actualIndex]));
        expect(e).toEqual([...e].sort((x, y) => x - y));
        expect(a).toEqual([...a].sort((x, y) => x - y));
        for (const r of diff.rows.filter((row) => row.kind === 'changed')) expect(r.expected!.key).toBe(r.actual!.key);
        expect(diff.rows.filter((r) => r.kind === 'same').length).toBe(lcsLength(expected, actual));
      }),
    );
  });

  it('as multisets: same rows are exactly the multiset intersection; ok exactly when the multisets are equal', () => {
    fc.assert(
      fc.property(records, records, (expected, actual) => {
        const diff = diffRecords(expected, actual, { ordered: false });
        const same = diff.rows.filter((r) => r.kind === 'same').length;
        expect(same).toBe(commonCount(expected, actual));
        expect(diff.ok).toBe(same === expected.length && same === actual.length);
        coversEachRecordOnce(diff, expected.length, actual.length);
      }),
    );
  });

  it('a list compared with any permutation of itself is ok as a multiset', () => {
    fc.assert(
      fc.property(
        records.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))),
        ([xs, shuffled]) => {
          expect(diffRecords(xs, shuffled, { ordered: false }).ok).toBe(true);
        },
      ),
    );
  });
});
