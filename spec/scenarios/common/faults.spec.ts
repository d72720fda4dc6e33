import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendOrder,
  applyFaults,
  CommonFaultsSchema,
  FAULTS_LABEL,
  NO_FAULTS,
  RecordSequencer,
  SeededFaker,
  T0,
  type CommonFaults,
  type GeneratedRecord,
} from '../../../src/scenarios/common/index.js';

/** 60 records over topics a, b, c; several share a millisecond; headers on some. */
function sample(): readonly GeneratedRecord[] {
  const s = new RecordSequencer();
  for (let i = 0; i < 60; i++) {
    const topic = ['a', 'b', 'c'][i % 3]!;
    s.emit({
      topic,
      key: `k${i % 7}`,
      value: { i },
      timestamp: T0 + 1000 * Math.floor(i / 4),
      ...(i % 5 === 0 ? { headers: [{ key: 'h', value: String(i) }] } : {}),
    });
  }
  return s.records;
}

const SEED = 1;
const records = sample();
const ordered = appendOrder(records);
const isAppendOrdered = (rs: readonly GeneratedRecord[]): boolean =>
  rs.every((r, i) => i === 0 || rs[i - 1]!.appendAt < r.appendAt || (rs[i - 1]!.appendAt === r.appendAt && rs[i - 1]!.seq <= r.seq));

describe('faults are off by default', () => {
  it.each([
    ['undefined', undefined],
    ['{}', {}],
    ['NO_FAULTS', NO_FAULTS],
  ] as const)('%s leaves the records untouched, in append order', (_name, faults) => {
    const out = applyFaults(records, faults, SEED);
    expect(out).toEqual(ordered);
    out.forEach((r, i) => expect(r).toBe(ordered[i]));
  });

  it('sorts an unordered input into append order even with no fault', () => {
    expect(applyFaults([...records].reverse(), undefined, SEED)).toEqual(ordered);
  });
});

describe('p = 0 changes nothing', () => {
  it.each<[string, CommonFaults]>([
    ['delay', { delay: { p: 0, maxMs: 5000 } }],
    ['duplicate', { duplicate: { p: 0 } }],
    ['drop', { drop: { p: 0 } }],
    ['all three', { delay: { p: 0, maxMs: 5000 }, duplicate: { p: 0 }, drop: { p: 0 } }],
  ])('%s', (_name, faults) => {
    expect(applyFaults(records, faults, SEED)).toEqual(ordered);
  });
});

describe('drop', () => {
  it('p = 1 removes every record', () => {
    expect(applyFaults(records, { drop: { p: 1 } }, SEED)).toEqual([]);
  });

  it('p = 1 limited to topics removes only those', () => {
    const out = applyFaults(records, { drop: { p: 1, topics: ['a', 'c'] } }, SEED);
    expect(out).toEqual(ordered.filter((r) => r.topic === 'b'));
  });

  it('an empty topic list limits it to no topic', () => {
    expect(applyFaults(records, { drop: { p: 1, topics: [] } }, SEED)).toEqual(ordered);
  });

  it('p = 0.5 removes some and keeps the rest unchanged and in order', () => {
    const out = applyFaults(records, { drop: { p: 0.5 } }, SEED);
    expect(out.length).toBeGreaterThan(0);
    expect(out.length).toBeLessThan(records.length);
    const kept = new Set(out);
    expect(out).toEqual(ordered.filter((r) => kept.has(r)));
  });
});

describe('duplicate', () => {
  it('p = 1 puts an identical copy right after every record', () => {
    const out = applyFaults(records, { duplicate: { p: 1 } }, SEED);
    expect(out).toHaveLength(2 * records.length);
    ordered.forEach((r, i) => {
      expect(out[2 * i]).toBe(r);
      expect(out[2 * i + 1]).toEqual(r);
      expect(out[2 * i + 1]).not.toBe(r);
    });
    expect(isAppendOrdered(out)).toBe(true);
    // The copy also stays next to its original when the output is re-sorted.
    expect(appendOrder(out)).toEqual(out);
  });

  it('p = 1 limited to a topic copies only that topic', () => {
    const out = applyFaults(records, { duplicate: { p: 1, topics: ['b'] } }, SEED);
    expect(out).toEqual(ordered.flatMap((r) => (r.topic === 'b' ? [r, { ...r }] : [r])));
  });
});

describe('delay', () => {
  it('p = 1, maxMs = 1 sets appendAt = timestamp + 1 on every record', () => {
    const out = applyFaults(records, { delay: { p: 1, maxMs: 1 } }, SEED);
    expect(out).toEqual(ordered.map((r) => ({ ...r, appendAt: r.timestamp + 1 })));
  });

  it('p = 1 sets appendAt in [timestamp + 1, timestamp + maxMs], leaves everything else, and reorders by appendAt', () => {
    const out = applyFaults(records, { delay: { p: 1, maxMs: 2500 } }, SEED);
    expect(out).toHaveLength(records.length);
    for (const r of out) {
      expect(r.appendAt - r.timestamp).toBeGreaterThanOrEqual(1);
      expect(r.appendAt - r.timestamp).toBeLessThanOrEqual(2500);
      const original = records[r.seq]!;
      expect({ ...r, appendAt: original.appendAt }).toEqual(original);
    }
    expect(isAppendOrdered(out)).toBe(true);
    // maxMs 2500 over 1 s steps: some record now arrives after a later-timestamped one (late, out-of-order data).
    expect(out.some((r, i) => i > 0 && out[i - 1]!.timestamp > r.timestamp)).toBe(true);
  });

  it('p = 1 limited to a topic delays only that topic', () => {
    const out = applyFaults(records, { delay: { p: 1, maxMs: 1, topics: ['c'] } }, SEED);
    expect(out).toEqual(appendOrder(records.map((r) => (r.topic === 'c' ? { ...r, appendAt: r.timestamp + 1 } : r))));
  });

  it('draws bern(p) then int(1, maxMs) from the "faults" component, record by record in seq order', () => {
    const rnd = new SeededFaker(SEED, FAULTS_LABEL);
    const expected = records.map((r) => (rnd.bern(0.5) ? { ...r, appendAt: r.timestamp + rnd.int(1, 3000) } : r));
    expect(applyFaults(records, { delay: { p: 0.5, maxMs: 3000 } }, SEED)).toEqual(appendOrder(expected));
  });

  it('sets appendAt from the timestamp, not from an earlier appendAt', () => {
    const r: GeneratedRecord = { topic: 't', key: 1, value: 1, timestamp: 100, appendAt: 10_000, seq: 0 };
    expect(applyFaults([r], { delay: { p: 1, maxMs: 1 } }, SEED)).toEqual([{ ...r, appendAt: 101 }]);
  });
});

describe('combined faults', () => {
  it('a delayed duplicate is identical to its original, and a dropped record is neither delayed nor copied', () => {
    const out = applyFaults(records, { delay: { p: 1, maxMs: 1 }, duplicate: { p: 1 }, drop: { p: 1, topics: ['a'] } }, SEED);
    const expected = ordered.filter((r) => r.topic !== 'a').flatMap((r) => [{ ...r, appendAt: r.timestamp + 1 }, { ...r, appendAt: r.timestamp + 1 }]);
    expect(out).toEqual(expected);
  });
});

describe('determinism', () => {
  const mixed: CommonFaults = { delay: { p: 0.3, maxMs: 4000 }, duplicate: { p: 0.2 }, drop: { p: 0.2, topics: ['a', 'b'] } };

  it('the same seed gives the same output; the input order does not matter', () => {
    const once = applyFaults(records, mixed, 7);
    expect(applyFaults(records, mixed, 7)).toEqual(once);
    expect(applyFaults([...records].reverse(), mixed, 7)).toEqual(once);
    expect(JSON.stringify(applyFaults(records, mixed, 7))).toBe(JSON.stringify(once));
  });

  it('another seed gives another output', () => {
    expect(applyFaults(records, mixed, 8)).not.toEqual(applyFaults(records, mixed, 7));
  });

  it('property: output is in append order and every output record is an input record, possibly delayed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, p) => {
        const out = applyFaults(records, { delay: { p, maxMs: 3000 }, duplicate: { p }, drop: { p: p / 2 } }, seed);
        expect(isAppendOrdered(out)).toBe(true);
        for (const r of out) expect({ ...r, appendAt: r.timestamp }).toEqual(records[r.seq]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('validation', () => {
  it('rejects probabilities outside [0, 1] and maxMs < 1', () => {
    expect(() => applyFaults(records, { drop: { p: 1.1 } }, SEED)).toThrow(RangeError);
    expect(() => applyFaults(records, { duplicate: { p: -0.1 } }, SEED)).toThrow(RangeError);
    expect(() => applyFaults(records, { delay: { p: 0.5, maxMs: 0 } }, SEED)).toThrow(RangeError);
    expect(() => applyFaults(records, { delay: { p: 0.5, maxMs: 1.5 } }, SEED)).toThrow(RangeError);
  });

  it('CommonFaultsSchema parses the options and rejects unknown keys', () => {
    const parsed: CommonFaults = CommonFaultsSchema.parse({ delay: { p: 0.1, maxMs: 500, topics: ['pizza-status'] }, drop: { p: 0 } });
    expect(parsed).toEqual({ delay: { p: 0.1, maxMs: 500, topics: ['pizza-status'] }, drop: { p: 0 } });
    expect(CommonFaultsSchema.parse({})).toEqual({});
    expect(CommonFaultsSchema.safeParse({ reorder: { p: 1 } }).success).toBe(false);
    expect(CommonFaultsSchema.safeParse({ drop: { p: 2 } }).success).toBe(false);
    expect(CommonFaultsSchema.safeParse({ delay: { p: 0.5 } }).success).toBe(false);
  });
});
