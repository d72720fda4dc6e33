import { describe, expect, it } from 'vitest';
import { checkInvariant, evaluate, registerReplayable, replay } from '../../../src/assertions/harness/index.js';
import { scenarioInvariants } from '../../../src/scenarios/invariants/index.js';
import { tflInputs, tflSpec } from '../../../src/scenarios/invariants/tfl-barrier.js';
import { TFL_STATEMENTS } from '../../../src/scenarios/tfl/queries.js';
import { checkCli, tempDir } from './invariant-helpers.js';

const FAULTS = { faults: ['late', 'reorder', 'dup'] };

/** The seed's station_entries with LEFT instead of inner JOIN: an entry at an unknown station is kept. */
const LEFT_JOIN_STATEMENTS = TFL_STATEMENTS.map((s) => (s.includes('create stream `station_entries`') ? s.replace('join stations_tb', 'left join stations_tb') : s));
const brokenEnrichment = tflSpec('enrichment', { faults: [] }, { name: 'selftest-tfl-left-join', statements: LEFT_JOIN_STATEMENTS });
registerReplayable(brokenEnrichment.name, brokenEnrichment);

describe('tfl invariants (SCENARIOS.md §3.4) as streamsim check runs them', () => {
  it('T1/T2 enrichment and T3 occupancy hold for the scenario SQL over 100 histories with late, reordered and duplicated events', () => {
    for (const part of ['enrichment', 'occupancy'] as const) {
      const r = checkInvariant(tflSpec(part, FAULTS), { numRuns: 100, seed: 11 });
      expect(r.passed, r.report).toBe(true);
      expect(r.runs).toBe(100);
    }
  });

  it('a reordered entry comes before the stations are loaded and is dropped; a late one is still enriched', () => {
    const moves = [
      { user: 0, station: 0, gapMs: 0 },
      { user: 1, station: 1, gapMs: 1500 },
    ];
    const h = { moves, relocations: [], faults: [{ kind: 'reorder' as const, at: 0 }, { kind: 'late' as const, at: 1 }] };
    expect(tflInputs(h).map((p) => [p.record.topic, p.record.key, p.fault ?? ''])).toEqual([
      ['entries', 'Bank', 'reorder'],
      ['stations', 'Bank', ''],
      ['stations', 'Angel', ''],
      ['entries', 'Angel', 'late'],
    ]);
    const { observed, reason } = evaluate(tflSpec('enrichment', FAULTS), h);
    expect(reason).toBeNull();
    expect((observed as { entries: unknown[][] }).entries).toEqual([['Angel', '2024-01-01T00:00:02.500Z', 'u2', 1, 'Angel', '51.10,-0.0', 1704067202500]]);
  });

  it('a broken station_entries (LEFT JOIN) is caught, shrunk to one entry at Atlantis, and its replay file fails the same way', () => {
    const dir = tempDir();
    const r = checkInvariant(brokenEnrichment, { numRuns: 100, seed: 11, replayDir: dir });
    expect(r.passed).toBe(false);
    const f = r.failure!;
    // the two station rows of the initial load and the one entry at the unknown station
    expect(f.table.rows.map((row) => [row[1], row[2]])).toEqual([
      ['stations', 'Bank'],
      ['stations', 'Angel'],
      ['entries', 'Atlantis'],
    ]);
    expect(f.reason).toMatch(/^station_entries row 1: got \["Atlantis",.*,null,null,\d+\], expected nothing/);
    const again = replay(f.replayPath!);
    expect(again.reproduced && again.sameReason && again.sameObserved).toBe(true);
  });

  it('crash faults are refused (the SQL engine has no crash model), naming the scenarios that have one', () => {
    expect(() => scenarioInvariants('tfl', ['crash'])).toThrow(/tfl's invariants do not model crash faults \(.*utopia's do\)/);
  });

  it('streamsim check tfl --runs 20 exits 0 and reports both invariants', async () => {
    const r = await checkCli('tfl', 20, 'late,reorder,dup');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.lines).toEqual([
      'check tfl: seed 3, 20 runs per invariant, faults late,reorder,dup',
      expect.stringMatching(/^ {2}ok {4}tfl-enrichment: 20 runs, faults late,reorder,dup, \d+\.\d\d s$/),
      expect.stringMatching(/^ {2}ok {4}tfl-occupancy: 20 runs, faults late,reorder,dup, \d+\.\d\d s$/),
    ]);
  });
});
