import fc from 'fast-check';
import { it } from 'vitest';
import { scenarioHistoryArbitrary } from '../../src/assertions/arbitraries/index.js';
import { latestPerKey, type ScenarioOutputRecord } from '../../src/scenarios/common/index.js';
import { runScenario, type RunScenarioOptions } from '../../src/scenarios/common/run-scenario.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';
import { stringifyLosslessJson } from '../../src/sql/qtt/lossless-json.js';

const FAULTS = fc.constantFrom({}, { duplicate: { p: 0.1 } }, { delay: { p: 0.2, maxMs: 5000 }, duplicate: { p: 0.1 }, drop: { p: 0.05 } });
const t = (v: unknown) => stringifyLosslessJson(v);
const tab = (rs: readonly ScenarioOutputRecord[]) => latestPerKey(rs).map((r) => t([r.key, r.value])).sort().join('\n');
const str = (rs: readonly ScenarioOutputRecord[]) => rs.map((r) => t([r.key, r.value, r.timestamp])).sort().join('\n');
it('explore', () => {
  for (const s of SCENARIOS) {
    const params = s.name === 'tfl' ? { events: null, knobs: { otherStations: 0, users: fc.integer({ min: 5, max: 80 }), durationMs: fc.integer({ min: 1000, max: 40_000 }), faults: FAULTS } } : { events: fc.integer({ min: 60, max: 200 }), knobs: { faults: FAULTS } };
    const hs = fc.sample(scenarioHistoryArbitrary(s, params as never), { seed: 3, numRuns: 4 });
    for (const [i, h] of hs.entries()) {
      const run = (o: RunScenarioOptions<unknown>) => runScenario(s, { ...o, seed: h.options.seed, options: h.options, input: h.records });
      const base = run({});
      const b1 = run({ appendBatch: 1 });
      const vs: [string, RunScenarioOptions<unknown>][] = [
        ['p3 b8', { partitions: 3, appendBatch: 8 }],
        ['p3 b8 s11', { partitions: 3, appendBatch: 8, shuffle: true, interleaveSeed: 11 }],
        ['p3 b8 s12', { partitions: 3, appendBatch: 8, shuffle: true, interleaveSeed: 12 }],
        ['p4 b16 s13', { partitions: 4, appendBatch: 16, shuffle: true, interleaveSeed: 13 }],
        ['p3 b1 s11', { partitions: 3, shuffle: true, interleaveSeed: 11 }],
        ['p3 b1 s12', { partitions: 3, shuffle: true, interleaveSeed: 12 }],
      ];
      const res = vs.map(([l, o]) => [l, run(o)] as const);
      const hashes = res.map(([l, r]) => `${l}=${r.traceHash.slice(0, 6)}`).join(' ');
      console.log(`${s.name}#${i} n=${h.records.length} b1same=${b1.traceHash === base.traceHash} ${hashes}`);
      for (const [l, r] of res) {
        for (const topic of s.outputTopics) {
          const a = base.outputs.get(topic) ?? [], b = r.outputs.get(topic) ?? [];
          const dt = tab(a) !== tab(b), ds = str(a) !== str(b);
          if (dt || ds) console.log(`   ${l} ${topic}: table ${dt ? 'DIFF' : 'same'} stream ${ds ? 'DIFF' : 'same'}`);
        }
      }
    }
  }
}, 600_000);
