import { describe, expect, it } from 'vitest';
import { checkInvariant, evaluate, registerReplayable, replay } from '../../../src/assertions/harness/index.js';
import { scenarioInvariants } from '../../../src/scenarios/invariants/index.js';
import { abcHourlySalesSpec, abcInputs } from '../../../src/scenarios/invariants/pizza-abc-hourly-sales.js';
import { ABC_STATEMENTS } from '../../../src/scenarios/pizza/abc/queries.js';
import { checkCli, tempDir } from './invariant-helpers.js';

const FAULTS = { faults: ['late', 'reorder', 'dup'] };
const T0 = 1_704_067_200_000;
const MIN = 60_000;

/** P7 with `<=` for `<`: a window whose count has reached the expected rate is still promoted. */
const PROMOTES_AT_RATE = ABC_STATEMENTS.map((s) => (s.question === 'P7' ? s.sql.replace('TXN_PER_HOUR < EXPECTED_TXN_PER_HOUR', 'TXN_PER_HOUR <= EXPECTED_TXN_PER_HOUR') : s.sql));
const broken = abcHourlySalesSpec({ faults: [] }, { name: 'selftest-abc-promotes-at-rate', statements: PROMOTES_AT_RATE });
registerReplayable(broken.name, broken);

describe('pizza-abc invariant (SCENARIOS.md §5.5.6) as streamsim check runs it', () => {
  it('P5/P7 hold for the scenario SQL over 100 histories with late, reordered and duplicated transactions', () => {
    const r = checkInvariant(abcHourlySalesSpec(FAULTS), { numRuns: 100, seed: 11 });
    expect(r.passed, r.report).toBe(true);
    expect(r.runs).toBe(100);
  });

  it('example P-d: one sale of a well-stocked product gives 12 window updates and 12 promotions; a reordered one nothing', () => {
    const h = { products: [{ missing: 2, capacity: 20, txnHour: 5 }], sales: [{ product: 0, gapMin: 0, missingAfter: 3 }], faults: [] };
    const { observed, reason } = evaluate(abcHourlySalesSpec(), h);
    expect(reason).toBeNull();
    const { hourly, promotions } = observed as { hourly: unknown[][]; promotions: unknown[][] };
    // windows start −45 min … +10 min, each {1, 5, 90.0} @+10 min
    expect(hourly.map((r) => [(r[2] as number) - T0, r[3], r[4], r[5], (r[6] as number) - T0])).toEqual(
      Array.from({ length: 12 }, (_, k) => [(k - 9) * 5 * MIN, 1, 5, 90, 10 * MIN]),
    );
    expect(promotions).toHaveLength(12);
    expect(promotions[0]).toEqual([1, 'Product 1', 1, 5, 90, '2024-01-01 00:10:00', T0 + 10 * MIN]);
    const reordered = { ...h, faults: [{ kind: 'reorder' as const, at: 0 }] };
    expect(abcInputs(reordered).map((p) => [p.record.topic, p.fault ?? ''])).toEqual([
      ['abc.transactions', 'reorder'],
      ['abc.inventory', ''],
      ['abc.inventory', ''],
    ]);
    expect(evaluate(abcHourlySalesSpec(FAULTS), reordered)).toEqual({ observed: { hourly: [], promotions: [] }, reason: null });
  });

  it('a broken ABC_PROMOTIONS (<= for <) is caught, shrunk to one product and one sale, and its replay file fails the same way', () => {
    const dir = tempDir();
    const r = checkInvariant(broken, { numRuns: 100, seed: 11, replayDir: dir });
    expect(r.passed).toBe(false);
    const f = r.failure!;
    // one fully stocked product expecting 1 sale an hour, and that sale (with its inventory update)
    expect(f.history).toEqual({ products: [{ missing: 0, capacity: 1, txnHour: 1 }], sales: [{ product: 0, gapMin: 0, missingAfter: 0 }], faults: [] });
    expect(f.table.rows).toHaveLength(3);
    expect(f.reason).toMatch(/^ABC_PROMOTIONS record \[.*\] 1: got \[1,"Product 1",1,1,100,"2024-01-01 00:10:00",\d+\], expected nothing/);
    const again = replay(f.replayPath!);
    expect(again.reproduced && again.sameReason && again.sameObserved).toBe(true);
  });

  it('crash faults are refused', () => {
    expect(() => scenarioInvariants('pizza-abc', ['crash'])).toThrow(/pizza-abc's invariants do not model crash faults/);
  });

  it('streamsim check pizza-abc --runs 20 exits 0 and reports the invariant', async () => {
    const r = await checkCli('pizza-abc', 20, 'late,dup');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.lines).toEqual(['check pizza-abc: seed 3, 20 runs per invariant, faults late,dup', expect.stringMatching(/^ {2}ok {4}pizza-abc-hourly-sales: 20 runs, faults late,dup, \d+\.\d\d s$/)]);
  });
});
