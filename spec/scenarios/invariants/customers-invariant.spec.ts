import { describe, expect, it } from 'vitest';
import { checkInvariant, evaluate, registerReplayable, replay } from '../../../src/assertions/harness/index.js';
import { CUSTOMERS_SINK_STATEMENTS, customersAgeClassesSpec, customersInputs } from '../../../src/scenarios/invariants/customers-age-classes.js';
import { appliedWrites, customersConnectorSpec } from '../../../src/scenarios/invariants/customers-connector.js';
import { scenarioInvariants } from '../../../src/scenarios/invariants/index.js';
import { CUSTOMERS_CONNECTOR } from '../../../src/scenarios/customers/generator.js';
import { checkCli, tempDir } from './invariant-helpers.js';

const FAULTS = { faults: ['late', 'reorder', 'dup'] };
const DAY_2000 = 10_957;

/** C2 with `>` for `>=`: a row born on 2000-01-01 is no longer young. */
const OFF_BY_ONE_DAY = CUSTOMERS_SINK_STATEMENTS.map((s) => (s.startsWith('create stream jovens') ? s.replace(">= '2000-01-01'", "> '2000-01-01'") : s));
const broken = customersAgeClassesSpec({ faults: [] }, { name: 'selftest-customers-jovens-gt', statements: OFF_BY_ONE_DAY });
registerReplayable(broken.name, broken);

/** The connector with timestamp.delay.interval.ms 500: every row waits one poll longer than §4.2 says. */
const delayedConnector = customersConnectorSpec({ faults: [] }, { name: 'selftest-customers-delayed-connector', config: { ...CUSTOMERS_CONNECTOR, timestampDelayIntervalMs: 500 } });
registerReplayable(delayedConnector.name, delayedConnector);
const T0 = 1_704_067_200_000;

describe('customers invariants (SCENARIOS.md §4.4) as streamsim check runs them', () => {
  it('C2–C4 hold for the scenario SQL over 100 histories with late, reordered and duplicated rows', () => {
    const r = checkInvariant(customersAgeClassesSpec(FAULTS), { numRuns: 100, seed: 11 });
    expect(r.passed, r.report).toBe(true);
    expect(r.runs).toBe(100);
  });

  it('a late row goes back in ROWTIME and is still counted in its window (24 h grace); a duplicate is counted twice', () => {
    const h = {
      rows: [
        { bornDay: DAY_2000, pollGap: 0 },
        { bornDay: -1795, pollGap: 70 },
      ],
      faults: [{ kind: 'late' as const, at: 0 }, { kind: 'dup' as const, at: 1 }],
    };
    expect(customersInputs(h).map((p) => [p.record.timestamp - 1704067200000, p.fault ?? ''])).toEqual([
      [35_500, ''],
      [35_500, 'dup'],
      [500, 'late'],
    ]);
    const { observed, reason } = evaluate(customersAgeClassesSpec(FAULTS), h);
    expect(reason).toBeNull();
    expect((observed as { idadecont: unknown[] }).idadecont).toEqual([
      ['ADULTO', 1704067230000, 1, 1704067235500],
      ['ADULTO', 1704067230000, 2, 1704067235500],
      ['JOVEM', 1704067200000, 1, 1704067200500],
    ]);
  });

  it('a broken jovens filter (> for >=) is caught, shrunk to one row born 2000-01-01, and its replay file fails the same way', () => {
    const dir = tempDir();
    const r = checkInvariant(broken, { numRuns: 100, seed: 11, replayDir: dir });
    expect(r.passed).toBe(false);
    const f = r.failure!;
    expect(f.history.rows).toEqual([{ bornDay: DAY_2000, pollGap: 0 }]);
    expect(f.reason).toMatch(/^jovens record 1: got nothing, expected \["Row 1","F","2000-01-01",/);
    const again = replay(f.replayPath!);
    expect(again.reproduced && again.sameReason && again.sameObserved).toBe(true);
  });

  it('the JDBC source (§4.4.1–3) matches the hand-replayed polls over 100 histories of inserts, updates, silent updates and faults', () => {
    const r = checkInvariant(customersConnectorSpec(FAULTS), { numRuns: 100, seed: 11 });
    expect(r.passed, r.report).toBe(true);
    expect(r.runs).toBe(100);
  });

  it('example C-a: a row committed after the offset passed its dt_update is lost (late = commit lag)', () => {
    const h = {
      writes: [
        { kind: 'insert' as const, gapMs: 2299, row: 0, lagMs: 300 },
        { kind: 'insert' as const, gapMs: 150, row: 0, lagMs: 1 },
      ],
      faults: [{ kind: 'late' as const, at: 0 }],
    };
    expect(appliedWrites(h).map((w) => [w.dtUpdate - T0, w.visibleAt - T0])).toEqual([
      [2300, 2600],
      [2450, 2450],
    ]);
    // poll +2.5 s emits Row 2 and moves the offset to +2.450 s; Row 1 (dt +2.300 s) commits at +2.6 s, behind it
    expect(evaluate(customersConnectorSpec(FAULTS), h)).toEqual({ observed: [['Row 2', '555-2', T0 + 2450, T0 + 2500]], reason: null });
  });

  it('a connector that waits one poll too long is caught, shrunk to one insert, and its replay file fails the same way', () => {
    const dir = tempDir();
    const r = checkInvariant(delayedConnector, { numRuns: 100, seed: 11, replayDir: dir });
    expect(r.passed).toBe(false);
    const f = r.failure!;
    expect(f.history.writes).toEqual([{ kind: 'insert', gapMs: 0, row: 0, lagMs: 1 }]);
    // the run stops after the poll at +0.5 s that §4.2 says picks the row up; the delayed connector has not yet
    expect(f.reason).toBe(`psg-customers record 1 [nome, telefone, dt_update, ts]: got nothing, expected ["Row 1","555-1",${T0 + 1},${T0 + 500}]`);
    const again = replay(f.replayPath!);
    expect(again.reproduced && again.sameReason && again.sameObserved).toBe(true);
  });

  it('crash faults are refused', () => {
    expect(() => scenarioInvariants('customers', ['crash'])).toThrow(/customers's invariants do not model crash faults/);
  });

  it('streamsim check customers --runs 20 exits 0 and reports both invariants', async () => {
    const r = await checkCli('customers', 20);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.lines).toEqual([
      'check customers: seed 3, 20 runs per invariant, faults none',
      expect.stringMatching(/^ {2}ok {4}customers-connector: 20 runs, faults none, \d+\.\d\d s$/),
      expect.stringMatching(/^ {2}ok {4}customers-age-classes: 20 runs, faults none, \d+\.\d\d s$/),
    ]);
    expect(r.replayFiles).toEqual([]);
  });
});
