/**
 * SCENARIOS.md §3.4 invariants 1–5 as fast-check properties over small generated runs. Expected values are
 * recomputed here from the generated inputs (the generator's |net| is the running count of entries minus exits).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioOutputRecord } from '../../../src/scenarios/common/index.js';
import { generateTfl, type TflOptions } from '../../../src/scenarios/tfl/generator.js';
import { tflScenario } from '../../../src/scenarios/tfl/scenario.js';
import type { BarrierEvent } from '../../../src/scenarios/tfl/schemas.js';
import { plainNumber } from './helpers.js';

const smallRun = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  users: fc.integer({ min: 1, max: 12 }),
  otherStations: fc.integer({ min: 0, max: 3 }),
  durationMs: fc.integer({ min: 100, max: 15_000 }),
});

function run(options: Partial<TflOptions>) {
  const input = generateTfl(options);
  const result = runScenario(tflScenario, { options, input });
  return { input, result, out: (t: string): readonly ScenarioOutputRecord[] => result.outputs.get(t) ?? [] };
}

const value = (r: { value: unknown }) => r.value as Record<string, unknown>;

describe('§3.4 tfl invariants', () => {
  it('1 (nf): every entry and exit is enriched; station = key = the input station, in input order', () => {
    fc.assert(
      fc.property(smallRun, (o) => {
        const { input, out } = run(o);
        for (const [inTopic, outTopic] of [['entries', 'station_entries'], ['exits', 'station_exits']] as const) {
          const ins = input.filter((r) => r.topic === inTopic);
          const outs = out(outTopic);
          expect(outs.map((r) => [r.key, value(r)['station'], value(r)['user']])).toEqual(
            ins.map((r) => [r.key, (r.value as BarrierEvent).station, (r.value as BarrierEvent).user]),
          );
        }
      }),
      { numRuns: 5 },
    );
  });

  it('1: with unknownStation, |station_entries| = entries whose key is a station; likewise exits', () => {
    fc.assert(
      fc.property(smallRun, fc.double({ min: 0, max: 1, noNaN: true }), (o, p) => {
        const { input, out } = run({ ...o, faults: { unknownStation: { p } } });
        const known = new Set(input.filter((r) => r.topic === 'stations').map((r) => r.key));
        for (const [inTopic, outTopic] of [['entries', 'station_entries'], ['exits', 'station_exits']] as const) {
          expect(out(outTopic)).toHaveLength(input.filter((r) => r.topic === inTopic && known.has(r.key)).length);
        }
      }),
      { numRuns: 5 },
    );
  });

  it('2: @timestamp is the ISO ms form of the record ts ending in Z; its first 19 characters are the input\'s', () => {
    fc.assert(
      fc.property(smallRun, (o) => {
        const { input, out } = run(o);
        const events = input.filter((r) => r.topic === 'entries' || r.topic === 'exits');
        const outs = [...out('station_entries'), ...out('station_exits')].sort((a, b) => a.timestamp - b.timestamp);
        for (const r of outs) expect(value(r)['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        for (const r of outs) expect(Date.parse(value(r)['@timestamp'] as string)).toBe(r.timestamp);
        const inputStamps = events.map((r) => (r.value as BarrierEvent)['@timestamp']).sort();
        expect(outs.map((r) => (value(r)['@timestamp'] as string).slice(0, 19) + 'Z').sort()).toEqual(inputStamps);
      }),
      { numRuns: 5 },
    );
  });

  it('3 (nf): each user alternates entry, exit, entry, … starting with an entry; delta is +1 / −1', () => {
    fc.assert(
      fc.property(smallRun, (o) => {
        const { out } = run(o);
        const last = new Map<string, number>();
        for (const r of out('BARRIER_EVENTS')) {
          const v = value(r);
          const user = v['user'] as string;
          const delta = plainNumber(v['delta']);
          expect(delta).toBe(last.get(user) === 1 ? -1 : 1);
          last.set(user, delta);
        }
        for (const r of out('station_entries')) expect(plainNumber(value(r)['delta'])).toBe(1);
        for (const r of out('station_exits')) expect(plainNumber(value(r)['delta'])).toBe(-1);
      }),
      { numRuns: 5 },
    );
  });

  it('4 (nf): NETWORK_OCCUPANCY after every update is the generator\'s |net|, within [0, ⌈users/2⌉]', () => {
    fc.assert(
      fc.property(smallRun, (o) => {
        const { input, out } = run(o);
        const expected: number[] = [];
        let net = 0;
        for (const r of input) {
          if (r.topic === 'entries') expected.push(++net);
          if (r.topic === 'exits') expected.push(--net);
        }
        const actual = out('NETWORK_OCCUPANCY').map((r) => plainNumber(value(r)['OCCUPANCY']));
        expect(actual).toEqual(expected);
        for (const n of actual) expect(n >= 0 && n <= Math.ceil(o.users / 2)).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it('5 (nf): the latest STATION_OCCUPANCY values sum to NETWORK_OCCUPANCY; ENTRIES − EXITS = OCCUPANCY', () => {
    fc.assert(
      fc.property(smallRun, (o) => {
        const { out } = run(o);
        const latest = new Map<unknown, Record<string, unknown>>();
        for (const r of out('STATION_OCCUPANCY')) latest.set(r.key, value(r));
        let sum = 0;
        for (const v of latest.values()) {
          const [occ, entries, exits] = ['OCCUPANCY', 'ENTRIES', 'EXITS'].map((k) => plainNumber(v[k]));
          expect(entries! - exits!).toBe(occ);
          sum += occ!;
        }
        const network = out('NETWORK_OCCUPANCY');
        expect(sum).toBe(network.length === 0 ? 0 : plainNumber(value(network.at(-1)!)['OCCUPANCY']));
      }),
      { numRuns: 5 },
    );
  });
});
