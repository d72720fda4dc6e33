import { SearchIndexSink } from '../../connect/sinks/index.js';
import type { Broker } from '../../sim/broker.js';
import type { ProcessorGroup, ScenarioApp, ScenarioOutputRecord, SummaryTable } from '../common/index.js';
import { STATION_ENTRIES, STATION_EXITS } from './queries.js';

/** Where the search-index actor publishes its per-index counters (a table topic keyed by index name). */
export const SEARCH_INDEX_STATS = 'search-index-stats';

/**
 * The original consumed station_entries / station_exits into Elasticsearch time-series data streams (seed 002, steps
 * 7–8), whose `_id` comes from the routing dimensions (`station`, `user`) and `@timestamp`: the sink uses the same
 * fields as its id. The actor polls after the SQL queries go idle and, when an index changed, publishes that index's
 * counters to {@link SEARCH_INDEX_STATS} (a summary sees only output topics, not the actor).
 */
export function withSearchIndex(group: ProcessorGroup, broker: Broker): ScenarioApp {
  const sink = new SearchIndexSink({ broker, topics: [STATION_ENTRIES, STATION_EXITS], id: { field: ['station', 'user', '@timestamp'] } });
  broker.ensureTopic(SEARCH_INDEX_STATS, { 'cleanup.policy': 'compact' });
  const published = new Map<string, number>();
  const publish = () => {
    for (const index of sink.indexNames()) {
      const docs = sink.search(() => true, index);
      const versions = docs.reduce((sum, d) => sum + d.version, 0);
      if (published.get(index) === versions) continue;
      published.set(index, versions);
      const rewritten = docs.filter((d) => d.version > 1).length;
      broker.produce(SEARCH_INDEX_STATS, { key: index, value: { documents: docs.length, rewritten, writes: versions }, timestamp: broker.clock.now() });
    }
  };
  return {
    runUntilIdle() {
      let n = group.runUntilIdle();
      const read = sink.poll();
      if (read > 0) publish();
      n += read;
      return n;
    },
    dropped: () => group.dropped(),
    close: () => group.close(),
  };
}

/** The search-index table of the summary (empty without the option). */
export function summarizeSearchIndex(records: readonly ScenarioOutputRecord[]): SummaryTable[] {
  if (records.length === 0) return [];
  const latest = new Map<string, { documents: number; rewritten: number; writes: number }>();
  for (const r of records) latest.set(String(r.key), r.value as { documents: number; rewritten: number; writes: number });
  return [
    {
      title: 'Search index (SearchIndexSink over station_entries / station_exits, id = station|user|@timestamp)',
      columns: ['index', 'documents', 'writes', 'documents rewritten'],
      rows: [...latest].map(([index, s]) => [index, s.documents, s.writes, s.rewritten]),
    },
  ];
}
