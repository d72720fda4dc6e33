/** The `searchIndex` option: the SearchIndexSink runs over station_entries/exits as an actor of the tfl app. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/common/index.js';
import { tflScenario } from '../../../src/scenarios/tfl/scenario.js';
import { entry, exit, stationRecord } from './helpers.js';

const input = [
  stationRecord(0, 'Bank', '51.5124,-0.09031'),
  entry(1000, 'Bank', 'u1'),
  entry(2000, 'Bank', 'u2'),
  entry(2000, 'Bank', 'u2'), // re-delivered: the same document id (station|user|@timestamp)
  entry(3000, 'Atlantis', 'u3'), // dropped by the join, never indexed
  exit(4000, 'Bank', 'u1'),
];

describe('tfl searchIndex option', () => {
  it('indexes enriched events by station|user|@timestamp; a duplicate rewrites its document (version 2)', () => {
    const r = runScenario(tflScenario, { input, options: { searchIndex: true } });
    const table = r.summary.find((t) => t.title.startsWith('Search index'));
    expect(table?.columns).toEqual(['index', 'documents', 'writes', 'documents rewritten']);
    expect(table?.rows).toEqual([
      ['station_entries', 2, 3, 1],
      ['station_exits', 1, 1, 0],
    ]);
  });

  it('is off by default: no search-index table, no stats records', () => {
    const r = runScenario(tflScenario, { input });
    expect(r.summary.some((t) => t.title.startsWith('Search index'))).toBe(false);
    expect(r.outputs.get('search-index-stats')).toEqual([]);
  });
});
