import { describe, expect, it } from 'vitest';
import { diffRecords, elideMiddle } from '../../src/index.js';

const kv = (key: string, value: unknown) => ({ key, value });

describe('diffRecords in order', () => {
  it('equal lists are ok, with nothing missing, unexpected or mismatched', () => {
    const diff = diffRecords([kv('a', 1), kv('b', { n: [1, 2] })], [kv('a', 1), kv('b', { n: [1, 2] })]);
    expect(diff.ok).toBe(true);
    expect(diff.missing).toEqual([]);
    expect(diff.unexpected).toEqual([]);
    expect(diff.mismatched).toEqual([]);
    expect(diff.format()).toBe('2 records as expected');
  });

  it('compares structures by value, field order aside, and tells 1 from "1"', () => {
    expect(diffRecords([kv('a', { x: 1, y: 2 })], [kv('a', { y: 2, x: 1 })]).ok).toBe(true);
    expect(diffRecords([kv('a', 1)], [kv('a', '1')]).ok).toBe(false);
  });

  it('a value that differs under the same key is one changed row, naming the field', () => {
    const diff = diffRecords([kv('a', 1), kv('b', 2), kv('c', 3)], [kv('a', 1), kv('b', 5), kv('c', 3)]);
    expect(diff.mismatched).toEqual([{ index: 1, actualIndex: 1, expected: kv('b', 2), actual: kv('b', 5), fields: ['value'] }]);
    expect(diff.format()).toBe(
      [
        'expected 3 records, got 3: 2 same, 1 changed',
        '  exp  got  key  value',
        '=   0    0  "a"  1',
        '~   1    1  "b"  2 -> 5  changed: value',
        '=   2    2  "c"  3',
      ].join('\n'),
    );
  });

  it('one missing record in the middle does not shift the rows after it', () => {
    const diff = diffRecords([kv('a', 1), kv('b', 2), kv('c', 3)], [kv('a', 1), kv('c', 3)]);
    expect(diff.missing).toEqual([{ index: 1, record: kv('b', 2) }]);
    expect(diff.format()).toBe(
      [
        'expected 3 records, got 2: 2 same, 1 missing',
        '  exp  got  key  value',
        '=   0    0  "a"  1',
        '-   1       "b"  2',
        '=   2    1  "c"  3',
      ].join('\n'),
    );
  });

  it('an extra record is unexpected', () => {
    const diff = diffRecords([kv('a', 1)], [kv('a', 1), kv('z', 9)]);
    expect(diff.unexpected).toEqual([{ index: 1, record: kv('z', 9) }]);
    expect(diff.format()).toBe(
      ['expected 1 record, got 2: 1 same, 1 unexpected', '  exp  got  key  value', '=   0    0  "a"  1', '+        1  "z"  9'].join('\n'),
    );
  });

  it('a record produced in the wrong place is missing and unexpected, each row pointing at the other', () => {
    const diff = diffRecords([kv('a', 1), kv('b', 2)], [kv('b', 2), kv('a', 1)]);
    expect(diff.format()).toBe(
      [
        'expected 2 records, got 2: 1 same, 1 missing, 1 unexpected',
        '  exp  got  key  value',
        '-   0       "a"  1      out of order: got #1',
        '=   1    0  "b"  2',
        '+        1  "a"  1      out of order: exp #0',
      ].join('\n'),
    );
    expect(diffRecords([kv('a', 1), kv('b', 2)], [kv('b', 2), kv('a', 1)], { ordered: false }).ok).toBe(true);
  });

  it('compares a timestamp only where the expected record states one', () => {
    const diff = diffRecords(
      [{ key: 'a', value: 1, timestamp: 10 }, kv('b', 2)],
      [
        { key: 'a', value: 1, timestamp: 11 },
        { key: 'b', value: 2, timestamp: 20 },
      ],
    );
    expect(diff.mismatched.map((m) => m.fields)).toEqual([['timestamp']]);
    expect(diff.format()).toBe(
      [
        'expected 2 records, got 2: 1 same, 1 changed',
        '  exp  got  key  value  timestamp',
        '~   0    0  "a"  1      10 -> 11   changed: timestamp',
        '=   1    1  "b"  2      20',
      ].join('\n'),
    );
  });

  it('compares headers only where the expected record states them', () => {
    const expected = [{ key: 'k', value: 'v', headers: [{ key: 'h', value: 'x' }] }];
    const diff = diffRecords(expected, [{ key: 'k', value: 'v', timestamp: 1, headers: [{ key: 'h', value: 'y' }] }]);
    expect(diff.format()).toBe(
      [
        'expected 1 record, got 1: 1 changed',
        '  exp  got  key  value  headers',
        '~   0    0  "k"  "v"    [h="x"] -> [h="y"]  changed: headers',
      ].join('\n'),
    );
    expect(diffRecords([kv('k', 'v')], [{ key: 'k', value: 'v', headers: [{ key: 'h', value: 'y' }] }]).ok).toBe(true);
  });

  it('elides long values in the middle, keeping the ends where they differ', () => {
    const diff = diffRecords([kv('a', 'abcdefghijklmnopqrstuvwxyz')], [kv('a', 'abcdefghijklmnopqrstuvwxyZ')]);
    expect(diff.format({ maxCellWidth: 12 })).toBe(
      [
        'expected 1 record, got 1: 1 changed',
        '  exp  got  key  value',
        '~   0    0  "a"  "abcd...xyz" -> "abcd...xyZ"  changed: value',
      ].join('\n'),
    );
  });

  it('folds long runs of same rows, keeping a few around each difference', () => {
    const expected = Array.from({ length: 21 }, (_, i) => kv(`k${i}`, i));
    const actual = expected.map((r, i) => (i === 10 ? kv(r.key, -1) : r));
    expect(diffRecords(expected, actual).format({ contextRows: 2 })).toBe(
      [
        'expected 21 records, got 21: 20 same, 1 changed',
        '  exp  got  key    value',
        '= ... 8 same records',
        '=   8    8  "k8"   8',
        '=   9    9  "k9"   9',
        '~  10   10  "k10"  10 -> -1  changed: value',
        '=  11   11  "k11"  11',
        '=  12   12  "k12"  12',
        '= ... 8 same records',
      ].join('\n'),
    );
  });

  it('shows at most maxRows rows and says how many it left out', () => {
    const diff = diffRecords([kv('a', 1), kv('b', 2), kv('c', 3), kv('d', 4), kv('e', 5)], []);
    expect(diff.format({ maxRows: 2 })).toBe(
      [
        'expected 5 records, got 0: 5 missing',
        '  exp  got  key  value',
        '-   0       "a"  1',
        '-   1       "b"  2',
        '... 3 records not shown',
      ].join('\n'),
    );
  });
});

describe('diffRecords as multisets ({ ordered: false })', () => {
  it('matches records wherever they are; leftovers with the same key are changed', () => {
    const expected = [kv('a', 1), kv('b', 2), kv('c', 3), kv('d', 4)];
    const diff = diffRecords(expected, [kv('c', 3), kv('a', 1), kv('b', 9), kv('e', 5)], { ordered: false });
    expect(diff.format()).toBe(
      [
        'expected 4 records in any order, got 4: 2 same, 1 changed, 1 missing, 1 unexpected',
        '  exp  got  key  value',
        '=   0    1  "a"  1',
        '~   1    2  "b"  2 -> 9  changed: value',
        '=   2    0  "c"  3',
        '-   3       "d"  4',
        '+        3  "e"  5',
      ].join('\n'),
    );
  });

  it('counts duplicates', () => {
    const diff = diffRecords([kv('a', 1), kv('a', 1)], [kv('a', 1)], { ordered: false });
    expect(diff.missing).toEqual([{ index: 1, record: kv('a', 1) }]);
  });

  it('lets an expectation with a timestamp choose before one without', () => {
    const diff = diffRecords(
      [kv('a', 1), { key: 'a', value: 1, timestamp: 5 }],
      [
        { key: 'a', value: 1, timestamp: 5 },
        { key: 'a', value: 1, timestamp: 6 },
      ],
      { ordered: false },
    );
    expect(diff.ok).toBe(true);
  });
});

describe('elideMiddle', () => {
  it('keeps short text and cuts long text to the width, head and tail kept', () => {
    expect(elideMiddle('short', 10)).toBe('short');
    expect(elideMiddle('0123456789abcdef', 10)).toBe('0123...def');
    expect(elideMiddle('😀😀😀😀😀😀😀😀', 5)).toBe('😀...😀');
  });
});
