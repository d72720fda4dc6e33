import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendOrder, RecordSequencer, type GeneratedRecord } from '../../../src/scenarios/common/index.js';

const rec = (seq: number, appendAt: number, topic = 't'): GeneratedRecord => ({
  topic,
  key: `k${seq}`,
  value: { seq },
  timestamp: appendAt,
  appendAt,
  seq,
});

describe('appendOrder', () => {
  it('sorts by appendAt, then seq', () => {
    const input = [rec(3, 10), rec(0, 20), rec(2, 10), rec(1, 5)];
    expect(appendOrder(input).map((r) => r.seq)).toEqual([1, 2, 3, 0]);
  });

  it('uses seq, not timestamp, within one appendAt', () => {
    const late = { ...rec(0, 100), timestamp: 1 };
    const onTime = { ...rec(1, 100), timestamp: 100 };
    expect(appendOrder([onTime, late])).toEqual([late, onTime]);
  });

  it('is stable: records equal in (appendAt, seq) keep their input order', () => {
    const a = rec(4, 7);
    const copy = { ...a };
    const other = rec(2, 7);
    const sorted = appendOrder([a, rec(9, 1), copy, other]);
    expect(sorted.map((r) => r.seq)).toEqual([9, 2, 4, 4]);
    expect(sorted[2]).toBe(a);
    expect(sorted[3]).toBe(copy);
    const reversed = appendOrder([copy, a]);
    expect(reversed[0]).toBe(copy);
    expect(reversed[1]).toBe(a);
  });

  it('returns a new array and leaves its input alone', () => {
    const input = [rec(1, 2), rec(0, 1)];
    const sorted = appendOrder(input);
    expect(sorted).not.toBe(input);
    expect(input.map((r) => r.seq)).toEqual([1, 0]);
  });

  it('property: the result is a permutation ordered by (appendAt, seq), with ties in input order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))), (pairs) => {
        const input = pairs.map(([appendAt, seq], i) => ({ ...rec(seq, appendAt), key: i }));
        const sorted = appendOrder(input);
        expect([...sorted].sort((x, y) => x.key - y.key)).toEqual(input);
        for (let i = 1; i < sorted.length; i++) {
          const p = sorted[i - 1]!;
          const q = sorted[i]!;
          const pq = p.appendAt - q.appendAt || p.seq - q.seq;
          expect(pq < 0 || (pq === 0 && p.key < q.key)).toBe(true);
        }
      }),
    );
  });
});

describe('RecordSequencer', () => {
  it('numbers records in generation order and defaults appendAt to the timestamp', () => {
    const seq = new RecordSequencer();
    const a = seq.emit({ topic: 'a', key: 'k', value: 1, timestamp: 50 });
    const b = seq.emit({ topic: 'b', key: null, value: 2, timestamp: 40, appendAt: 60, partition: 0, headers: [{ key: 'h', value: 'v' }] });
    expect(a).toEqual({ topic: 'a', key: 'k', value: 1, timestamp: 50, appendAt: 50, seq: 0 });
    expect('headers' in a).toBe(false);
    expect('partition' in a).toBe(false);
    expect(b).toEqual({ topic: 'b', key: null, value: 2, timestamp: 40, appendAt: 60, seq: 1, partition: 0, headers: [{ key: 'h', value: 'v' }] });
    expect(seq.records).toEqual([a, b]);
  });
});
