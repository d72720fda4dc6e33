import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariant, evaluate } from '../../../src/assertions/harness/index.js';
import { outstandingInputs, outstandingPaymentsSpec, type OutstandingHistory } from '../../../src/scenarios/invariants/bookstore-outstanding.js';
import { runOutstandingCrashing } from '../../../src/scenarios/invariants/bookstore-outstanding-crash.js';

// Issue 5 "outstanding payments (bookstore)": the outstanding amount equals the sum of unpaid purchases at every
// point of stream time and is never negative, even when a payment arrives before its purchase, under faults.
// A crash fault = the B9 app dies after `at + 1` processed records (repartitioned ones count), before the commit
// that record would trigger, and restarts from its last commit (TestDriver#crashAfter, restart).

const order = { totalAmount: 100, gapSec: 0, payDelaySec: 5, shipped: false };
const v = (amount: number, listed: string[]) => ({ amount, listed, listedTotal: amount });

describe('B9 under exactly_once_v2 with crashes (KIP-447: outputs, changelogs and offsets commit together)', () => {
  it('property: the committed values are the outstanding-set changes of processing every record once', () => {
    const r = checkInvariant(outstandingPaymentsSpec({ faults: ['crash'], guarantee: 'exactly_once_v2' }), { numRuns: 60, seed: 21 });
    expect(r.passed, r.report).toBe(true);
  });

  it('property: the same with late, reordered (payment first) and duplicated payments', () => {
    const r = checkInvariant(outstandingPaymentsSpec({ faults: ['crash', 'late', 'reorder', 'dup'], guarantee: 'exactly_once_v2' }), { numRuns: 60, seed: 22 });
    expect(r.passed, r.report).toBe(true);
  });

  it('a crash after the purchase reached the processor, before its commit: the value is aborted and emitted once on restart', () => {
    // commit after every record: the purchase at the source (1, committed), its repartition record at the
    // processor (2, crash: {100, [p1]} aborted), restart, the processor again ({100, [p1]} committed), the payment
    const h: OutstandingHistory = { orders: [order], faults: [{ kind: 'crash', at: 1 }], commitEvery: 1 };
    expect(evaluate(outstandingPaymentsSpec({ faults: ['crash'] }), h)).toEqual({ observed: [v(100, ['p1']), v(0, [])], reason: null });
  });

  it('a restart may process a redelivered late payment before a purchase appended earlier (PartitionGroup: lowest timestamp first)', () => {
    // p1 (+0s), p2 (+10s), then both payments late: t1 (+5s), t2 (+15s). Commit every 3 records, crash after the
    // 3rd (t1 at the source, before its commit): under exactly-once no repartition record was committed, so
    // the restart re-reads p1, p2 | t1, t2 and takes p1 (+0s), t1 (+5s), p2 (+10s), t2 (+15s).
    const h: OutstandingHistory = {
      orders: [order, { ...order, totalAmount: 200, gapSec: 10 }],
      faults: [
        { kind: 'late', at: 0 },
        { kind: 'late', at: 1 },
        { kind: 'crash', at: 2 },
      ],
      commitEvery: 3,
    };
    expect(outstandingInputs(h).map((r) => r.key)).toEqual(['p1', 'p2', 't1', 't2']);
    const crashFree = runOutstandingCrashing(outstandingInputs(h), { guarantee: 'exactly_once_v2', commitEvery: 3, gaps: [] });
    expect(crashFree).toEqual([v(100, ['p1']), v(300, ['p1', 'p2']), v(200, ['p2']), v(0, [])]);
    const { observed, reason } = evaluate(outstandingPaymentsSpec({ faults: ['late', 'crash'] }), h);
    expect(observed).toEqual([v(100, ['p1']), v(0, []), v(200, ['p2']), v(0, [])]);
    expect(reason).toBeNull(); // each record once, in an order Kafka may take: still exactly-once
  });

  it('the check rejects a value emitted twice, a lost value and a wrong amount', () => {
    const spec = outstandingPaymentsSpec({ faults: ['crash'] });
    const h: OutstandingHistory = { orders: [order], faults: [{ kind: 'crash', at: 1 }], commitEvery: 1 };
    expect(spec.check(h, [v(100, ['p1']), v(100, ['p1']), v(0, [])])).toMatch(/^committed outputs \{100, \[p1\]\} \{100, \[p1\]\} \{0, \[\]\} differ from the crash-free run's/);
    expect(spec.check(h, [v(0, [])])).toMatch(/differ from the crash-free run's \{100, \[p1\]\} \{0, \[\]\}$/);
    expect(spec.check(h, [{ amount: 90, listed: ['p1'], listedTotal: 100 }, v(0, [])])).toBe('value 1: amountOutstanding 90 ≠ Σ totalAmount of the listed purchases 100');
    expect(spec.check(h, [v(100, ['p1'])])).toBe('the last value is {100, [p1]}, expected {0, []}');
  });
});

describe('B9 under at_least_once with crashes (redelivery from the last commit)', () => {
  it('property: every crash-free value appears in order, repeats are bounded by commitEvery per crash, amounts never negative, last {0, []}', () => {
    const r = checkInvariant(outstandingPaymentsSpec({ faults: ['crash'], guarantee: 'at_least_once' }), { numRuns: 60, seed: 23 });
    expect(r.passed, r.report).toBe(true);
    const mixed = checkInvariant(outstandingPaymentsSpec({ faults: ['crash', 'late', 'reorder', 'dup'], guarantee: 'at_least_once' }), { numRuns: 60, seed: 24 });
    expect(mixed.passed, mixed.report).toBe(true);
  });

  it('B9 has no at-least-once hazard: its per-purchase flags make redelivery a no-op, so the outputs equal the crash-free run’s', () => {
    // Unlike utopia's counters (docs/property-harness.md), a redelivered purchase or payment finds its flag
    // already set in the store restored to the changelog end, and B9 emits only when the outstanding set changes.
    const spec = outstandingPaymentsSpec({ faults: ['crash', 'late', 'reorder', 'dup'], guarantee: 'at_least_once' });
    let crashing = 0;
    for (const h of fc.sample(spec.history, { numRuns: 150, seed: 25 })) {
      const gaps = h.faults.filter((f) => f.kind === 'crash').map((f) => f.at);
      if (gaps.length === 0) continue;
      crashing++;
      const inputs = outstandingInputs(h);
      const plan = { guarantee: 'at_least_once' as const, commitEvery: h.commitEvery!, gaps };
      expect(runOutstandingCrashing(inputs, plan), JSON.stringify(h)).toEqual(runOutstandingCrashing(inputs, { ...plan, gaps: [] }));
    }
    expect(crashing).toBeGreaterThan(30);
  });

  it('the check allows a repeated value but not a lost one, a value no crash-free run emits, or too many repeats', () => {
    const spec = outstandingPaymentsSpec({ faults: ['crash'], guarantee: 'at_least_once' });
    const h: OutstandingHistory = { orders: [order], faults: [{ kind: 'crash', at: 1 }], commitEvery: 1 };
    expect(spec.check(h, [v(100, ['p1']), v(100, ['p1']), v(0, [])])).toBeNull();
    expect(spec.check(h, [v(0, [])])).toBe('the crash-free value {100, [p1]} (value 1) never appears in order');
    expect(spec.check(h, [v(100, ['p1']), { amount: 50, listed: ['p1'], listedTotal: 100 }, v(0, [])])).toBe('value 2: amountOutstanding 50 ≠ Σ totalAmount of the listed purchases 100');
    expect(spec.check(h, [v(100, ['p1']), v(200, ['p2']), v(0, [])])).toBe('{200, [p2]} is no value of the crash-free run ({100, [p1]} {0, []})');
    expect(spec.check(h, [v(100, ['p1']), v(100, ['p1']), v(100, ['p1']), v(0, [])])).toBe('2 repeated values, more than 1 redelivered records per crash × 1 crash(es)');
  });
});

describe('B9 crash options and histories', () => {
  it('records the guarantee in options only with crash faults (replay files rebuild the spec from them)', () => {
    expect(outstandingPaymentsSpec({ faults: ['crash'] }).options).toEqual({ faults: ['crash'], guarantee: 'exactly_once_v2' });
    expect(outstandingPaymentsSpec({ faults: ['dup', 'crash'], guarantee: 'at_least_once' }).options).toEqual({ faults: ['dup', 'crash'], guarantee: 'at_least_once' });
    expect(outstandingPaymentsSpec({ faults: ['dup'] }).options).toEqual({ faults: ['dup'] });
    expect(() => outstandingPaymentsSpec({ faults: ['crash'], guarantee: 'exactly_once' })).toThrow(RangeError);
  });

  it('draws commitEvery 1–4 only with crash faults; a crash fault leaves the records as they were; encode/decode keep commitEvery', () => {
    const spec = outstandingPaymentsSpec({ faults: ['crash'] });
    const hs = fc.sample(spec.history, { numRuns: 50, seed: 26 });
    expect(new Set(hs.map((h) => h.commitEvery))).toEqual(new Set([1, 2, 3, 4]));
    expect(fc.sample(outstandingPaymentsSpec({ faults: ['dup'] }).history, { numRuns: 10, seed: 27 }).every((h) => h.commitEvery === undefined)).toBe(true);
    const h: OutstandingHistory = { orders: [order, { ...order, shipped: true }], faults: [{ kind: 'crash', at: 1 }], commitEvery: 2 };
    expect(outstandingInputs(h)).toEqual(outstandingInputs({ orders: h.orders, faults: [] }));
    expect(spec.decode(JSON.parse(JSON.stringify(spec.encode(h))))).toEqual(h);
    expect(spec.faults!(h)).toEqual([{ kind: 'crash', afterProcessedRecords: 2, guarantee: 'exactly_once_v2', commitEvery: 2 }]);
  });
});
