import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, faultScheduleArb, type JsonValue } from '../../../src/assertions/harness/index.js';
import { membershipChangesOf } from '../../../src/assertions/arbitraries/rebalance-run.js';
import { outstandingPaymentsSpec, type OutstandingHistory } from '../../../src/scenarios/invariants/bookstore-outstanding.js';
import { soldOutSpec, type SoldOutHistory } from '../../../src/scenarios/invariants/utopia-sold-out.js';

// Issue 5 "rebalances that move partitions between instances": the sold-out and outstanding-payments invariants
// with `rebalance` faults run each app as two instances over two partitions and change the group after `at + 1`
// processed records (join, clean leave, and with `crash` too an instance crash). A clean handover commits first
// (TaskManager#handleRevocation), so nothing is lost or repeated; tasks of different partitions, on different
// instances, feed a repartition topic in no promised order.

describe('the rebalance fault kind in schedules', () => {
  it('without rebalance the schedule arbitrary draws exactly what it drew before (old seeds, old replay data)', () => {
    const before = (kinds: ('late' | 'crash')[]) => fc.array(fc.record({ kind: fc.constantFrom(...kinds), at: fc.nat({ max: 20 }) }), { maxLength: 3 });
    expect(fc.sample(faultScheduleArb(['late', 'crash']), { numRuns: 50, seed: 5 })).toEqual(fc.sample(before(['late', 'crash']), { numRuns: 50, seed: 5 }));
  });

  it('draws crash moves only with crash among the kinds; a recorded fault without a move is a join of instance 0', () => {
    const moves = (kinds: ('rebalance' | 'crash')[]) => new Set(fc.sample(faultScheduleArb(kinds), { numRuns: 300, seed: 6 }).flatMap((s) => s.map((f) => f.move ?? f.kind)));
    expect(moves(['rebalance'])).toEqual(new Set(['join', 'leave']));
    expect(moves(['rebalance', 'crash'])).toEqual(new Set(['join', 'leave', 'crash'])); // crash faults show as 'crash' too
    expect(membershipChangesOf([{ kind: 'rebalance', at: 2 }, { kind: 'late', at: 0 }, { kind: 'crash', at: 0 }])).toEqual([
      { move: 'join', afterRecords: 3, instance: 0 },
      { move: 'crash-all', afterRecords: 1, instance: 0 },
    ]);
  });
});

describe('utopia sold-out under rebalances', () => {
  // e1 (capacity 1) and tickets t1, t2 for it, in different ticket partitions; commit every 3 records; instance 0
  // leaves after 3 processed records. Under exactly-once its transaction commits at the leave, before the other
  // instance's: t2's repartition record is readable first, so t2 is confirmed and t1 rejected, where one instance
  // answers them in append order. Kafka promises no order between partitions, so both runs are correct.
  const h: SoldOutHistory = { capacities: [1], tickets: [0, 0], faults: [{ kind: 'rebalance', at: 2, move: 'leave', instance: 0 }], commitEvery: 3 };
  const spec = soldOutSpec({ faults: ['rebalance'], guarantee: 'exactly_once_v2' });
  const response = (ticket: string, status: string, remaining: number) => ({ ticket, eventid: 'e1', status, remaining });

  it('a clean leave under exactly_once_v2 may answer tickets of different partitions in another order than one instance', () => {
    const r = evaluate(spec, h);
    expect(r.reason).toBeNull();
    expect((r.observed as { responses: unknown }).responses).toEqual([response('t2', 'CONFIRMED', 0), response('t1', 'REJECTED', -1)]);
    const single = evaluate(soldOutSpec({ faults: [] }), { ...h, faults: [] });
    expect((single.observed as { responses: unknown }).responses).toEqual([response('t1', 'CONFIRMED', 0), response('t2', 'REJECTED', -1)]);
  });

  it('the check refuses a ticket answered twice, a lost ticket and a wrong remaining count', () => {
    const observed = evaluate(spec, h).observed as { responses: ReturnType<typeof response>[]; alerts: JsonValue[] };
    const withResponses = (responses: ReturnType<typeof response>[]) => ({ ...observed, responses }) as unknown as JsonValue;
    expect(spec.check(h, withResponses([...observed.responses, response('t1', 'REJECTED', -2)]))).toMatch(/t1 .*answered more often than requested/);
    expect(spec.check(h, withResponses([response('t2', 'CONFIRMED', 0)]))).toMatch(/ticket t1 .*is not answered/);
    expect(spec.check(h, withResponses([response('t2', 'CONFIRMED', 0), response('t1', 'REJECTED', 0)]))).toMatch(/remainingTickets 0, expected -1/);
  });

  it('at_least_once: a clean leave repeats nothing either', () => {
    const alos = soldOutSpec({ faults: ['rebalance'], guarantee: 'at_least_once' });
    const observed = evaluate(alos, h).observed as { responses: ReturnType<typeof response>[]; alerts: JsonValue[] };
    expect(alos.check(h, observed as unknown as JsonValue)).toBeNull();
    expect(alos.check(h, { ...observed, responses: [...observed.responses, observed.responses[0]!] } as unknown as JsonValue)).not.toBeNull();
  });
});

describe('bookstore outstanding payments under rebalances', () => {
  const order = { totalAmount: 1, gapSec: 0, payDelaySec: 1, shipped: false };
  const v = (amount: number, listed: string[]) => ({ amount, listed, listedTotal: amount });
  // p1, then its payment t1 one second later, in different partitions; a third instance joins after 2 processed
  // records. The join revokes the payment's task from instance 1, which commits its whole transaction first: the
  // single-key repartition topic gets the payment before the purchase, so p1 is never listed. Another
  // interleaving of the two partitions than one instance's, which Kafka allows.
  const h: OutstandingHistory = { orders: [order], faults: [{ kind: 'rebalance', at: 1, move: 'join', instance: 0 }], commitEvery: 2 };
  const spec = outstandingPaymentsSpec({ faults: ['rebalance'], guarantee: 'exactly_once_v2' });

  it('a clean join under exactly_once_v2: the values are the changes of some interleaving of the partitions', () => {
    expect(evaluate(spec, h)).toEqual({ observed: [], reason: null });
    expect(evaluate(outstandingPaymentsSpec({ faults: [] }), { ...h, faults: [] }).observed).toEqual([[v(1, ['p1'])], [v(0, [])]]); // per appended record
  });

  it('the check refuses a repeated or an invented value', () => {
    expect(spec.check(h, [v(1, ['p1']), v(1, ['p1']), v(0, [])] as unknown as JsonValue)).toMatch(/not the outstanding-set changes of any order/);
    expect(spec.check(h, [v(2, ['p1']), v(0, [])] as unknown as JsonValue)).toMatch(/≠ Σ totalAmount|not the outstanding-set changes/);
    expect(spec.check(h, [v(1, ['p1']), v(0, [])] as unknown as JsonValue)).toBeNull();
  });
});
