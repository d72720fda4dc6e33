import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariant, evaluate, replay, streamsimVersion } from '../../../src/assertions/harness/index.js';
import { scenarioInvariants, scenariosWithInvariants } from '../../../src/scenarios/invariants/index.js';
import { outstandingInputs, outstandingPaymentsSpec } from '../../../src/scenarios/invariants/bookstore-outstanding.js';
import { soldOutInputs, soldOutSpec } from '../../../src/scenarios/invariants/utopia-sold-out.js';

const ALL_FAULTS = ['late', 'reorder', 'dup'] as const;

describe('the scenario invariants streamsim check runs', () => {
  it('B9 outstanding payments (SCENARIOS.md §1.4.3) holds under late, reordered and duplicated payments', () => {
    const r = checkInvariant(outstandingPaymentsSpec({ faults: [...ALL_FAULTS] }), { numRuns: 40, seed: 7 });
    expect(r.passed, r.report).toBe(true);
  });

  it('U4/U5 sold-out (SCENARIOS.md §2.5.3–4) holds under late, reordered and duplicated tickets', () => {
    const r = checkInvariant(soldOutSpec({ faults: [...ALL_FAULTS] }), { numRuns: 40, seed: 7 });
    expect(r.passed, r.report).toBe(true);
  });

  it('are listed for every scenario', () => {
    expect(scenariosWithInvariants()).toEqual(expect.arrayContaining(['bookstore', 'customers', 'pizza', 'pizza-abc', 'tfl', 'utopia']));
    expect(scenarioInvariants('bookstore', ['dup'])!.map((s) => s.options)).toEqual([{ faults: ['dup'] }]);
    expect(scenarioInvariants('utopia', [])!.map((s) => s.name)).toEqual(['utopia-sold-out']);
    expect(scenarioInvariants('tfl', [])!.map((s) => s.name)).toEqual(['tfl-enrichment', 'tfl-occupancy']);
    expect(scenarioInvariants('no-such-scenario', [])).toBeUndefined();
  });
});

describe('B9 history faults (§1.2 paymentFirst, producer duplicates, late payments)', () => {
  const order = { totalAmount: 100, gapSec: 0, payDelaySec: 5, shipped: false };

  it('reorder appends the payment before its purchase, with a timestamp 1 s earlier', () => {
    const inputs = outstandingInputs({ orders: [order], faults: [{ kind: 'reorder', at: 0 }] });
    expect(inputs.map((r) => [r.topic, r.timestamp - inputs[1]!.timestamp])).toEqual([
      ['payment', -1000],
      ['purchase', 0],
    ]);
  });

  it('late appends the payment after every other record; dup appends it twice', () => {
    const late = outstandingInputs({ orders: [order, { ...order, gapSec: 60 }], faults: [{ kind: 'late', at: 0 }] });
    expect(late.map((r) => `${r.topic}:${r.key}`)).toEqual(['purchase:p1', 'purchase:p2', 'payment:t2', 'payment:t1']);
    const dup = outstandingInputs({ orders: [order], faults: [{ kind: 'dup', at: 0 }] });
    expect(dup.map((r) => `${r.topic}:${r.key}`)).toEqual(['purchase:p1', 'payment:t1', 'payment:t1']);
  });

  it('the check rejects a negative total (the original app\'s bug with a payment before its purchase)', () => {
    const spec = outstandingPaymentsSpec({ faults: ['reorder'] });
    const history = { orders: [order], faults: [{ kind: 'reorder' as const, at: 0 }] };
    // what the original eager left join emitted: −100 on the early payment, then 0 on the purchase
    const original = [[{ amount: -100, listed: [], listedTotal: 0 }], [{ amount: 0, listed: [], listedTotal: 0 }]];
    expect(spec.check(history, original)).toBe('after record 1 (payment t1): outstanding stayed [] but 1 value(s) were emitted');
    expect(evaluate(spec, history)).toEqual({ observed: [[], []], reason: null });
  });
});

describe('U4/U5 history faults', () => {
  it('a reordered ticket comes before the events and is dropped by the inner join', () => {
    const h = { capacities: [1], tickets: [0, 0], faults: [{ kind: 'reorder' as const, at: 1 }] };
    expect(soldOutInputs(h).map((r) => r.key)).toEqual(['t2', 'e1', 't1']);
    const { observed, reason } = evaluate(soldOutSpec({ faults: ['reorder'] }), h);
    expect(reason).toBeNull();
    // capacity 1, one joined ticket: CONFIRMED with 0 left, and SOLD_OUT only (U5: one ticket crossing both)
    expect(observed).toEqual({
      responses: [{ ticket: 't1', eventid: 'e1', status: 'CONFIRMED', remaining: 0 }],
      alerts: [{ eventid: 'e1', status: 'SOLD_OUT', sold: 1 }],
    });
  });
});

describe('U4/U5 check (SCENARIOS.md §2.5.3–4) rejects what breaks it', () => {
  const spec = soldOutSpec();
  const h = { capacities: [2], tickets: [0, 0, 0], faults: [] };
  const good = {
    responses: [
      { ticket: 't1', eventid: 'e1', status: 'CONFIRMED', remaining: 1 },
      { ticket: 't2', eventid: 'e1', status: 'CONFIRMED', remaining: 0 },
      { ticket: 't3', eventid: 'e1', status: 'REJECTED', remaining: -1 },
    ],
    alerts: [{ eventid: 'e1', status: 'SOLD_OUT', sold: 2 }],
  };

  it('accepts the right outputs, which the apps produce', () => {
    expect(spec.check(h, good)).toBeNull();
    expect(evaluate(spec, h)).toEqual({ observed: good, reason: null });
  });

  it('a third confirmed ticket for capacity 2, a second SOLD_OUT, a missing SOLD_OUT', () => {
    const overSold = { ...good, responses: good.responses.map((r) => ({ ...r, status: 'CONFIRMED' })) };
    expect(spec.check(h, overSold)).toBe('e1: 3 tickets confirmed, capacity 2');
    expect(spec.check(h, { ...good, alerts: [...good.alerts, ...good.alerts] })).toBe('e1: alerts SOLD_OUT, SOLD_OUT: at most one of each expected');
    expect(spec.check(h, { ...good, alerts: [] })).toBe('e1: no SOLD_OUT with 3 requested tickets for capacity 2');
  });
});

describe('scenario replay files', () => {
  it('a B9 replay file re-runs through the registry, and passes once marked fixed', () => {
    const history = { orders: [{ totalAmount: 100, gapSec: 0, payDelaySec: 5, shipped: true }], faults: [{ kind: 'reorder', at: 0 }] };
    const outcome = replay({
      streamsimVersion: streamsimVersion(),
      spec: 'bookstore-outstanding-payments',
      topology: 'bookstore PaymentsOutstanding (B9)',
      options: { faults: ['reorder'] },
      seed: 1,
      path: '0',
      invariant: 'as recorded',
      history,
      faults: [],
      observed: [[{ amount: -100, listed: [], listedTotal: 0 }], [], []],
      reason: 'after record 1 (payment t1): amountOutstanding -100 < 0',
      fixed: true,
    });
    expect(outcome.reason).toBeNull();
    expect(outcome.observed).toEqual([[], [], []]);
    expect(outcome.asRecorded).toBe(true);
    expect(outcome.table.rows.map((r) => r.slice(1, 4))).toEqual([
      ['payment', 't1', '-1s'],
      ['purchase', 'p1', '+0s'],
      ['purchase', 'p1', '+1s'],
    ]);
  });
});

describe('the tfl, customers, pizza and pizza-abc invariants re-run from replay files through the registry', () => {
  const faults = ['late', 'reorder', 'dup'] as const;
  for (const scenario of ['tfl', 'customers', 'pizza', 'pizza-abc']) {
    it(`${scenario}: a recorded history replays with the same outputs and passes once marked fixed`, () => {
      for (const spec of scenarioInvariants(scenario, [...faults])!) {
        // a history drawn by the spec's own arbitrary, fixed by the seed
        const [history] = fc.sample(spec.history, { numRuns: 1, seed: 5 });
        const { observed, reason } = evaluate(spec, history);
        expect(reason, spec.name).toBeNull();
        const outcome = replay({
          streamsimVersion: streamsimVersion(),
          spec: spec.name,
          topology: spec.topology,
          options: spec.options,
          seed: 5,
          path: '0',
          invariant: spec.invariant,
          history: spec.encode(history),
          faults: spec.faults?.(history) ?? [],
          observed,
          reason: 'as recorded',
          fixed: true,
        });
        expect(outcome.reason, spec.name).toBeNull();
        expect(outcome.observed, spec.name).toEqual(observed);
      }
    });
  }
});
