import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  appendedRecords,
  duplicateFault,
  faultyHistoryArbitrary,
  formatHistory,
  historyArbitrary,
  lateFault,
  reorderFault,
  UnsupportedSchemaError,
  zodArbitrary,
  type FaultyHistory,
} from '../../src/assertions/index.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';

const Order = z.strictObject({
  id: z.string().min(3).max(8),
  status: z.enum(['NEW', 'PAID', 'SHIPPED']),
  kind: z.literal('order'),
  quantity: z.number().int().min(1).max(5),
  price: z.number().positive().lt(100),
  express: z.boolean(),
  note: z.string().nullable(),
  coupon: z.string().length(4).optional(),
  lines: z.array(z.strictObject({ sku: z.string().regex(/^[A-Z]{3}-\d{2}$/), n: z.int().min(0) })).min(1).max(3),
  ref: z.union([z.string().uuid(), z.number().int().max(-1)]),
  email: z.email(),
  tags: z.record(z.string(), z.bigint().min(0n)),
});

describe('zodArbitrary', () => {
  it('every generated value passes its schema (objects, strings with checks and formats, numbers, enums, literals, nullable, optional, arrays, unions, records)', () => {
    fc.assert(
      fc.property(zodArbitrary(Order), (order) => {
        expect(Order.safeParse(order).error).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('an optional field is sometimes absent, a nullable one sometimes null', () => {
    const values = fc.sample(zodArbitrary(Order), { numRuns: 200, seed: 7 });
    expect(values.some((v) => !('coupon' in v))).toBe(true);
    expect(values.some((v) => 'coupon' in v)).toBe(true);
    expect(values.some((v) => v.note === null)).toBe(true);
  });

  it('shrinks towards the bounds: the smallest failing integer above a minimum', () => {
    const result = fc.check(
      fc.property(zodArbitrary(z.number().int().min(10).max(1000)), (n) => n < 500),
      { seed: 1, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    expect(result.counterexample).toEqual([500]);
  });

  it('generates valid values for the value schema of every input topic of every scenario', () => {
    for (const scenario of SCENARIOS) {
      for (const topic of scenario.inputTopics) {
        fc.assert(
          fc.property(zodArbitrary(topic.value), (value) => {
            expect(topic.value.safeParse(value).error, `${scenario.name}/${topic.name}`).toBeUndefined();
          }),
          { numRuns: 20 },
        );
      }
    }
  });

  it('honours checks it has no generator for (refine, multipleOf) by keeping only values the schema accepts', () => {
    const Even = z.object({ n: z.number().int().min(0).max(100).multipleOf(2), s: z.string().refine((x) => !x.includes('a')) });
    fc.assert(
      fc.property(zodArbitrary(Even), (v) => {
        expect(Even.safeParse(v).error).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it('names the unsupported kind and where it sits', () => {
    expect(() => zodArbitrary(z.object({ a: z.object({ when: z.date() }) }))).toThrow(UnsupportedSchemaError);
    expect(() => zodArbitrary(z.object({ a: z.object({ when: z.date() }) }))).toThrow(/unsupported zod schema kind 'date' at \.a\.when/);
  });
});

describe('historyArbitrary', () => {
  it('records are in timestamp order, use the given topics and keys, and respect maxRecords and maxGapMs', () => {
    fc.assert(
      fc.property(historyArbitrary({ topics: ['l', 'r'], keys: ['a', 'b'], maxRecords: 15, maxGapMs: 4, startTime: 100 }), (records) => {
        expect(records.length).toBeLessThanOrEqual(15);
        let previous = 100;
        for (const r of records) {
          expect(['l', 'r']).toContain(r.topic);
          expect(['a', 'b']).toContain(r.key);
          expect(r.timestamp - previous).toBeGreaterThanOrEqual(0);
          expect(r.timestamp - previous).toBeLessThanOrEqual(4);
          previous = r.timestamp;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('shrinks to a minimal history: exactly 3 records of one key for "no key appears 3 times"', () => {
    const result = fc.check(
      fc.property(historyArbitrary({ keys: 4, maxRecords: 30 }), (records) => {
        const perKey = new Map<string, number>();
        for (const r of records) perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
        return Math.max(0, ...perKey.values()) < 3;
      }),
      { seed: 42, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    const [records] = result.counterexample!;
    expect(records).toHaveLength(3);
    // Smaller keys, gaps and values too: the first key, no gaps, the smallest value.
    expect(records).toEqual([0, 1, 2].map(() => ({ topic: 'in', key: 'k0', value: 1, timestamp: 0 })));
  });
});

/** The largest timestamp appended before each record, minus its own: how far behind stream time it arrives. */
function latenessOf(history: FaultyHistory): number[] {
  let streamTime = -Infinity;
  return appendedRecords(history).map((r) => {
    const lateness = streamTime - r.timestamp;
    streamTime = Math.max(streamTime, r.timestamp);
    return lateness;
  });
}

describe('fault schedules', () => {
  it('reorder({maxLatenessMs}) never appends a record more than maxLatenessMs behind the largest timestamp before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }).chain((L) => fc.tuple(fc.constant(L), faultyHistoryArbitrary({ maxGapMs: 5, maxRecords: 25, faults: [reorderFault({ maxLatenessMs: L })] }))), ([L, history]) => {
        for (const lateness of latenessOf(history)) expect(lateness).toBeLessThanOrEqual(L);
        expect([...history.appendOrder].sort((a, b) => a - b)).toEqual(history.records.map((_, i) => i));
      }),
      { numRuns: 100 },
    );
  });

  it('reorder does reorder: some histories are appended out of timestamp order', () => {
    const histories = fc.sample(faultyHistoryArbitrary({ maxGapMs: 3, faults: [reorderFault({ maxLatenessMs: 10 })] }), { numRuns: 50, seed: 3 });
    expect(histories.some((h) => latenessOf(h).some((l) => l > 0))).toBe(true);
  });

  it('late({beyondMs}) appends the marked records more than beyondMs after their timestamp, the others on time', () => {
    fc.assert(
      fc.property(faultyHistoryArbitrary({ faults: [lateFault({ beyondMs: 7, p: 0.3 })] }), (history) => {
        history.records.forEach((_, i) => {
          if (history.late.includes(i)) expect(history.delays[i]).toBeGreaterThan(7);
          else expect(history.delays[i]).toBe(0);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('duplicates({p}) appends an identical copy right after each duplicated record', () => {
    fc.assert(
      fc.property(faultyHistoryArbitrary({ faults: [duplicateFault({ p: 0.3 })], partitions: { max: 4 } }), (history) => {
        const appended = appendedRecords(history);
        expect(appended).toHaveLength(history.records.length + history.duplicates.length);
        appended.forEach((r, i) => {
          if (!r.copy) return;
          const { copy: _c, ...copy } = r;
          const { copy: _o, ...original } = appended[i - 1]!;
          expect(copy).toEqual(original);
        });
        expect(history.partitions).toBeGreaterThanOrEqual(1);
        expect(history.partitions).toBeLessThanOrEqual(4);
      }),
      { numRuns: 100 },
    );
  });

  it('shrinking removes faults that do not matter: a failure needing one duplicate keeps exactly one, on one record, with no delays', () => {
    const result = fc.check(
      fc.property(
        faultyHistoryArbitrary({ maxRecords: 20, faults: [reorderFault({ maxLatenessMs: 10 }), duplicateFault({ p: 0.2 })], partitions: { max: 8 } }),
        (history) => history.duplicates.length === 0,
      ),
      { seed: 5, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    const [history] = result.counterexample!;
    expect(history.records).toHaveLength(1);
    expect(history.duplicates).toEqual([0]);
    expect(history.delays).toEqual([0]);
    expect(history.partitions).toBe(1);
  });

  it('a faulty history is plain JSON and prints as a table in append order', () => {
    const history: FaultyHistory<number> = {
      records: [
        { topic: 'in', key: 'a', value: 1, timestamp: 0 },
        { topic: 'in', key: 'b', value: 2, timestamp: 5 },
      ],
      delays: [9, 0],
      appendOrder: [1, 0],
      late: [],
      duplicates: [1],
      partitions: 2,
      faults: [
        { kind: 'reorder', maxLatenessMs: 10 },
        { kind: 'duplicates', p: 0.2 },
      ],
    };
    expect(JSON.parse(JSON.stringify(history))).toEqual(history);
    expect(formatHistory(history)).toBe(
      [
        'partitions: 2; faults: {"kind":"reorder","maxLatenessMs":10} {"kind":"duplicates","p":0.2}',
        '#  topic  key  value  timestamp  appendAt  fault',
        '1  in     b    2      5          5',
        '1  in     b    2      5          5         duplicate',
        '0  in     a    1      0          9         delayed',
      ].join('\n'),
    );
  });
});
