/**
 * SCENARIOS.md §3.5 worked examples, run through the tfl scenario's own statements (runScenario with `input`).
 * Expected outputs are written by hand from the spec.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/common/index.js';
import { tflScenario } from '../../../src/scenarios/tfl/scenario.js';
import { entry, exit, plain, stationRecord } from './helpers.js';

describe('tfl §3.5 examples through tflScenario', () => {
  it('T-a: enrichment at processing time; Atlantis dropped; a station update affects only later events', () => {
    const r = runScenario(tflScenario, {
      input: [
        stationRecord(0, 'Bank', '51.5124,-0.09031'),
        entry(1234, 'Bank', 'Ava Stone'),
        entry(2000, 'Atlantis', 'Zed Roe'),
        exit(3500, 'Bank', 'Bo Li'),
        stationRecord(5000, 'Bank', '51.5130,-0.0890'),
        entry(6000, 'Bank', 'Cy Ng'),
      ],
    });
    const row = (ts: string, user: string, delta: number, location: string) => ({ '@timestamp': ts, user, delta, station: 'Bank', location });
    expect(plain(r.outputs.get('station_entries'))).toEqual([
      ['Bank', row('2024-01-01T00:00:01.234Z', 'Ava Stone', 1, '51.5124,-0.09031'), 1234],
      ['Bank', row('2024-01-01T00:00:06.000Z', 'Cy Ng', 1, '51.5130,-0.0890'), 6000],
    ]);
    expect(plain(r.outputs.get('station_exits'))).toEqual([['Bank', row('2024-01-01T00:00:03.500Z', 'Bo Li', -1, '51.5124,-0.09031'), 3500]]);
    expect(r.deadLettered).toBe(0);
    // The summary counts the Atlantis entry as dropped by the inner join.
    const enrichment = r.summary.find((t) => t.title.startsWith('Enrichment'));
    expect(enrichment?.rows).toEqual([['entries', 3, 2, 1], ['exits', 1, 1, 0]]);
  });

  it('T-b: STATION_OCCUPANCY and NETWORK_OCCUPANCY, one update per event', () => {
    const r = runScenario(tflScenario, {
      input: [
        stationRecord(0, 'Bank', '51.5124,-0.09031'),
        stationRecord(0, 'Angel', '51.5322,-0.10583'),
        entry(1000, 'Bank', 'u1'),
        entry(2000, 'Bank', 'u2'),
        entry(3000, 'Angel', 'u3'),
        exit(4000, 'Angel', 'u1'),
        exit(5000, 'Bank', 'u3'),
      ],
    });
    const occ = (OCCUPANCY: number, ENTRIES: number, EXITS: number) => ({ OCCUPANCY, ENTRIES, EXITS });
    expect(plain(r.outputs.get('STATION_OCCUPANCY'))).toEqual([
      ['Bank', occ(1, 1, 0), 1000],
      ['Bank', occ(2, 2, 0), 2000],
      ['Angel', occ(1, 1, 0), 3000],
      ['Angel', occ(0, 1, 1), 4000],
      ['Bank', occ(1, 2, 1), 5000],
    ]);
    expect(plain(r.outputs.get('NETWORK_OCCUPANCY')).map((x) => (x as unknown[]).slice(0, 2))).toEqual(
      [1, 2, 3, 2, 1].map((n) => [1, { OCCUPANCY: n }]),
    );
    expect(r.outputs.get('BARRIER_EVENTS')).toHaveLength(5);
    const network = r.summary.find((t) => t.title.startsWith('Riders'));
    expect(network?.rows).toEqual([[1, 3, 5]]);
    const busiest = r.summary.find((t) => t.title.startsWith('Busiest'));
    expect(busiest?.rows).toEqual([['Bank', 2, 1, 1], ['Angel', 1, 1, 0]]);
  });
});

describe('tfl with several partitions (§0.4: only interleaving-independent results)', () => {
  it('3 partitions: every event enriched; the final network occupancy is entries − exits; station totals agree', () => {
    const r = runScenario(tflScenario, { seed: 5, partitions: 3, options: { durationMs: 10_000, users: 20, otherStations: 0 } });
    const input = tflScenario.generate({ seed: 5, durationMs: 10_000, users: 20, otherStations: 0 });
    const entries = input.filter((x) => x.topic === 'entries').length;
    const exits = input.filter((x) => x.topic === 'exits').length;
    expect(r.outputs.get('station_entries')).toHaveLength(entries);
    expect(r.outputs.get('station_exits')).toHaveLength(exits);
    const network = plain(r.outputs.get('NETWORK_OCCUPANCY'));
    expect(network).toHaveLength(entries + exits);
    expect((network.at(-1) as [unknown, { OCCUPANCY: number }])[1].OCCUPANCY).toBe(entries - exits);
    const latest = new Map<unknown, { OCCUPANCY: number; ENTRIES: number; EXITS: number }>();
    for (const [k, v] of plain(r.outputs.get('STATION_OCCUPANCY')) as [unknown, { OCCUPANCY: number; ENTRIES: number; EXITS: number }][]) latest.set(k, v);
    const totals = [...latest.values()].reduce((a, v) => [a[0]! + v.ENTRIES, a[1]! + v.EXITS], [0, 0]);
    expect(totals).toEqual([entries, exits]);
  });
});

describe('tfl statements (queries.ts)', () => {
  it('are fixtures/seed-sql/tfl.sql line for line, streamsim notes included', async () => {
    const { readFileSync } = await import('node:fs');
    const { TFL_SQL, TFL_STATEMENTS } = await import('../../../src/scenarios/tfl/queries.js');
    const fixture = readFileSync(new URL('../../../fixtures/seed-sql/tfl.sql', import.meta.url), 'utf8');
    expect(TFL_SQL).toBe(fixture.replace(/\n$/, ''));
    expect(TFL_SQL).toContain('-- streamsim: value_format JSON instead of AVRO');
    // set, 5 drops, table, 2 streams, 2 joins, then CSAS, INSERT, CTAS, CSAS, CTAS
    expect(TFL_STATEMENTS).toHaveLength(16);
  });
});
