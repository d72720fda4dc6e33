/**
 * SCENARIOS.md §4.4 invariants 1–5 as fast-check properties over seeds and options, each against a brute-force
 * reference computed here from the row history (customersHistory) or from the outputs, not by the connector.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/common/index.js';
import { customersHistory, customersScenario, generateCustomers, type CustomerRow, type CustomerWrite } from '../../../src/scenarios/customers/index.js';

const T0 = 1704067200000;
/** 2000-01-01 is day 10957 since the epoch (30·365 + 7 leap days). */
const DAY_2000 = 10_957;
const seed = fc.integer({ min: 0, max: 1_000_000 });
const duration = fc.integer({ min: 2_000, max: 25_000 });

/** The row's state after every write of the history up to and including instant `at`, in generation order. */
function stateAt(writes: readonly CustomerWrite[], row: number, at: number): Partial<CustomerRow> {
  let state: Partial<CustomerRow> = {};
  for (const w of writes) if (w.row === row && w.at <= at) state = { ...state, ...w.values };
  return state;
}

describe('§4.4 invariant 1: without lag every row once, plus once per dt_update bump, in dt_update order', () => {
  it('matches the brute-force list of inserts and bumping updates', () => {
    fc.assert(
      fc.property(seed, duration, fc.double({ min: 0, max: 0.6, noNaN: true }), fc.double({ min: 0, max: 0.6, noNaN: true }), (s, d, pu, ps) => {
        const opts = { seed: s, durationMs: d, update: { p: pu }, silentUpdate: { p: ps } };
        const { writes } = customersHistory(opts);
        const records = generateCustomers(opts);
        // inserts and bumping updates, by (dt_update, row); ticks are >= 520 ms apart and polls 500 ms, so no
        // later tick falls between a write and the poll that picks it up: the state at its own tick is emitted
        const expected = writes
          .filter((w) => w.kind !== 'silentUpdate')
          .sort((a, b) => a.dtUpdate - b.dtUpdate || a.row - b.row)
          .map((w) => stateAt(writes, w.row, w.at));
        expect(records.map((r) => r.value)).toEqual(expected);
        // a silent update's phone appears only if the same row was inserted or bumped at that same tick
        const emittedPhones = new Set(records.map((r) => r.value.telefone));
        for (const w of writes.filter((x) => x.kind === 'silentUpdate')) {
          const sameTick = writes.some((x) => x.kind !== 'silentUpdate' && x.row === w.row && x.at === w.at);
          if (!sameTick) expect(emittedPhones.has(w.values.telefone!)).toBe(false);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('§4.4 invariant 2: poll-time timestamps, dt_update < P <= dt_update + 500, offset never decreases', () => {
  it('holds for every record', () => {
    fc.assert(
      fc.property(seed, duration, fc.double({ min: 0, max: 0.5, noNaN: true }), (s, d, pu) => {
        const records = generateCustomers({ seed: s, durationMs: d, update: { p: pu } });
        let offset = Number.NEGATIVE_INFINITY;
        for (const r of records) {
          const dt = r.value.dt_update!;
          expect((r.timestamp - T0) % 500).toBe(0);
          expect(dt).toBeLessThan(r.timestamp);
          expect(r.timestamp).toBeLessThanOrEqual(dt + 500);
          expect(dt).toBeGreaterThanOrEqual(offset);
          offset = dt;
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('§4.4 invariant 3: with commitLag, the lost rows are those whose dt_update was <= the offset when they became visible', () => {
  it('matches the brute-force loss set', () => {
    fc.assert(
      fc.property(seed, duration, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3000 }), (s, d, p, maxMs) => {
        const opts = { seed: s, durationMs: d, commitLag: { p, maxMs } };
        const { writes } = customersHistory(opts);
        const records = generateCustomers(opts);
        // the offset before poll P: the largest dt_update emitted at an earlier poll
        const offsetBefore = (P: number): number => Math.max(Number.NEGATIVE_INFINITY, ...records.filter((r) => r.timestamp < P).map((r) => r.value.dt_update!));
        const expected = writes.filter((w) => {
          // the first poll that both sees the row and has dt_update below its bound
          const firstPoll = T0 + 500 * Math.ceil((Math.max(w.visibleAt, w.dtUpdate + 1) - T0) / 500);
          return w.dtUpdate > offsetBefore(firstPoll);
        });
        expect(records.map((r) => r.value.email)).toEqual(
          [...expected].sort((a, b) => a.dtUpdate - b.dtUpdate || a.row - b.row).map((w) => w.values.email),
        );
        expect(new Set(records.map((r) => r.value.email)).size).toBe(records.length); // none twice
      }),
      { numRuns: 15 },
    );
  });

  it('the fault does lose rows (seed 1, p 0.5, maxMs 2000, 20 s): fewer records than inserts', () => {
    const opts = { seed: 1, durationMs: 20_000, commitLag: { p: 0.5, maxMs: 2000 } };
    const inserts = customersHistory(opts).writes.length; // updates off: every write is an insert
    expect(generateCustomers(opts).length).toBeLessThan(inserts);
  });
});

describe('§4.4 invariants 4 and 5 on a scenario run', () => {
  it('jovens + ADULTO rows = idadeclass = custstream; jovens born >= 2000; idadecont counts per window and category', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 2_000, max: 70_000 }), fc.double({ min: 0, max: 0.4, noNaN: true }), (s, d, pu) => {
        const opts = { seed: s, durationMs: d, update: { p: pu } };
        const input = generateCustomers(opts);
        const run = runScenario(customersScenario, { seed: s, options: opts });
        const jovens = run.outputs.get('jovens')!;
        const classes = run.outputs.get('idadeclass')!;
        const cat = (r: (typeof classes)[number]): unknown => (r.value as { IDADECAT: unknown }).IDADECAT;
        const adults = classes.filter((r) => cat(r) === 'ADULTO');
        expect(jovens.length + adults.length).toBe(classes.length);
        expect(classes.length).toBe(input.length);
        expect(run.outputs.get('C1')!.length).toBe(input.length);
        expect(jovens.length).toBe(input.filter((r) => r.value.nascimento! >= DAY_2000).length);
        for (const r of jovens) expect((r.value as { DT_NASCIMENTO: string }).DT_NASCIMENTO >= '2000-01-01').toBe(true);

        const reference = new Map<string, number>();
        for (const r of classes) {
          const k = `${String(cat(r))}@${Math.floor((r.timestamp - 0) / 30_000) * 30_000}`;
          reference.set(k, (reference.get(k) ?? 0) + 1);
        }
        const final = new Map<string, number>();
        for (const r of run.outputs.get('idadecont')!) {
          const key = r.key as { key: string; window: { start: number } };
          final.set(`${key.key}@${key.window.start}`, Number(JSON.parse(JSON.stringify(r.value)).CONTAGEM));
        }
        expect(final).toEqual(reference);
        expect(run.dropped).toBe(0); // no row is late: ROWTIME never decreases
      }),
      { numRuns: 8 },
    );
  });
});
