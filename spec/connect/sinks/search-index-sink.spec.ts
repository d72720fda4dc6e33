/**
 * SearchIndexSink: Elasticsearch sink connector behaviour on an in-memory index — upserts by id, `_version`,
 * tombstones as deletes (behavior.on.null.values=delete), re-delivery with internal vs external versioning.
 */
import { describe, expect, it } from 'vitest';
import { SearchIndexSink, type SearchIndexSinkOptions } from '../../../src/connect/sinks/index.js';
import { Broker } from '../../../src/sim/broker.js';
import { VirtualClock } from '../../../src/sim/clock.js';

const T0 = 1_704_067_200_000;

function setup(options: Partial<Omit<SearchIndexSinkOptions, 'broker'>> = {}) {
  const broker = new Broker({ clock: new VirtualClock(T0) });
  broker.createTopic('station_entries');
  broker.createTopic('STATION_OCCUPANCY');
  const sink = new SearchIndexSink({ broker, topics: ['station_entries', 'STATION_OCCUPANCY'], ...options });
  const put = (topic: string, key: unknown, value: unknown, ts = T0) => broker.produce(topic, { key, value, timestamp: ts });
  return { broker, sink, put };
}

describe('SearchIndexSink: documents by id', () => {
  it('upserts by record key: created at version 1, replaced at version 2; the index is the topic lower-cased', () => {
    const { sink, put } = setup();
    put('STATION_OCCUPANCY', 'Bank', { OCCUPANCY: 1n });
    put('STATION_OCCUPANCY', 'Angel', { OCCUPANCY: 1n });
    put('STATION_OCCUPANCY', 'Bank', { OCCUPANCY: 2n });
    expect(sink.poll()).toBe(3);
    expect(sink.indexNames()).toEqual(['station_occupancy']);
    expect(sink.get('Bank')).toMatchObject({ index: 'station_occupancy', id: 'Bank', version: 2, source: { OCCUPANCY: 2 }, offset: 2 });
    expect(sink.get('Angel')?.version).toBe(1);
    expect(sink.count()).toBe(2);
    expect(sink.counters()).toMatchObject({ created: 2, updated: 1 });
  });

  it('a null value deletes the document (behavior.on.null.values=delete); a later write continues the version', () => {
    const { sink, put } = setup();
    put('STATION_OCCUPANCY', 'Bank', { OCCUPANCY: 1 });
    put('STATION_OCCUPANCY', 'Bank', null);
    put('STATION_OCCUPANCY', 'Ghost', null);
    sink.poll();
    expect(sink.get('Bank')).toBeUndefined();
    expect(sink.count()).toBe(0);
    expect(sink.counters()).toMatchObject({ created: 1, deleted: 1, notFound: 1 });
    put('STATION_OCCUPANCY', 'Bank', { OCCUPANCY: 5 });
    sink.poll();
    // version 1 (create), 2 (delete), 3 (re-create)
    expect(sink.get('Bank')).toMatchObject({ version: 3, source: { OCCUPANCY: 5 } });
  });

  it('nullValues ignore keeps the document; fail throws', () => {
    const a = setup({ nullValues: 'ignore' });
    a.put('STATION_OCCUPANCY', 'Bank', { OCCUPANCY: 1 });
    a.put('STATION_OCCUPANCY', 'Bank', null);
    a.sink.poll();
    expect(a.sink.get('Bank')?.version).toBe(1);
    expect(a.sink.counters().skipped).toBe(1);
    const b = setup({ nullValues: 'fail' });
    b.put('STATION_OCCUPANCY', 'Bank', null);
    expect(() => b.sink.poll()).toThrow(/behavior.on.null.values=fail/);
  });

  it('ids from value fields joined with | (a time-series _id from dimensions and @timestamp); missing field: skipped', () => {
    const { sink, put } = setup({ id: { field: ['station', 'user', '@timestamp'] } });
    put('station_entries', 'Bank', { station: 'Bank', user: 'Ava Stone', '@timestamp': '2024-01-01T00:00:01.234Z', delta: 1 });
    put('station_entries', 'Bank', { station: 'Bank', user: 'Bo Li', delta: 1 });
    sink.poll();
    expect(sink.get('Bank|Ava Stone|2024-01-01T00:00:01.234Z', 'station_entries')?.source).toMatchObject({ user: 'Ava Stone' });
    expect(sink.count('station_entries')).toBe(1);
    expect(sink.counters().skipped).toBe(1);
  });

  it("id 'offset' (key.ignore=true): topic+partition+offset, every record its own document", () => {
    const { sink, put } = setup({ id: 'offset' });
    put('station_entries', 'Bank', { user: 'a' });
    put('station_entries', 'Bank', { user: 'a' });
    sink.poll();
    expect(sink.search().map((d) => [d.id, d.version])).toEqual([['station_entries+0+0', 1], ['station_entries+0+1', 1]]);
  });

  it('keys that are not strings: numbers as text, windowed keys as canonical JSON, null keys skipped', () => {
    const { sink, put } = setup();
    put('STATION_OCCUPANCY', 1, { n: 1 });
    put('STATION_OCCUPANCY', { window: { end: 2, start: 1 }, key: 'Bank' }, { n: 2 });
    put('STATION_OCCUPANCY', null, { n: 3 });
    sink.poll();
    expect(sink.search().map((d) => d.id)).toEqual(['1', '{"key":"Bank","window":{"end":2,"start":1}}']);
    expect(sink.counters().skipped).toBe(1);
  });

  it('search filters live documents by predicate, per index or across indices, in first-write order', () => {
    const { sink, put } = setup();
    put('station_entries', 'Bank', { delta: 1 });
    put('STATION_OCCUPANCY', 'Bank', { OCCUPANCY: 3 });
    put('STATION_OCCUPANCY', 'Angel', { OCCUPANCY: -1 });
    sink.poll();
    const negative = sink.search((d) => ((d.source as { OCCUPANCY?: number }).OCCUPANCY ?? 0) < 0);
    expect(negative.map((d) => d.id)).toEqual(['Angel']);
    expect(sink.search(() => true, 'station_entries').map((d) => d.index)).toEqual(['station_entries']);
    expect(sink.get('Bank')?.index).toBe('station_entries'); // the first index that has the id
    expect(sink.get('Bank', 'station_occupancy')?.source).toEqual({ OCCUPANCY: 3 });
  });

  it('stamps documents with the virtual time of the write', () => {
    const { broker, sink, put } = setup();
    broker.clock.set(T0 + 7000);
    put('station_entries', 'Bank', { delta: 1 }, T0 + 1);
    sink.poll();
    expect(sink.get('Bank')).toMatchObject({ timestamp: T0 + 1, indexedAt: T0 + 7000 });
  });
});

describe('SearchIndexSink: re-delivery of the same record', () => {
  it('internal versioning (es.index with an id): same document, version + 1', () => {
    const { sink, put } = setup();
    put('station_entries', 'Bank', { user: 'Ava Stone', delta: 1 });
    sink.poll();
    const first = sink.get('Bank');
    sink.seek('station_entries', 0, 0);
    expect(sink.poll()).toBe(1);
    expect(sink.get('Bank')).toEqual({ ...first, version: 2 });
    expect(sink.count()).toBe(1);
  });

  it('external versioning (the connector with key.ignore=false: version = offset): a conflict, ignored — no change', () => {
    const { sink, put } = setup({ versioning: 'external' });
    put('station_entries', 'Bank', { user: 'a' });
    put('station_entries', 'Bank', { user: 'b' });
    sink.poll();
    expect(sink.get('Bank')).toMatchObject({ version: 1, source: { user: 'b' } });
    sink.seek('station_entries', 0, 0);
    sink.poll();
    expect(sink.get('Bank')).toMatchObject({ version: 1, source: { user: 'b' } });
    expect(sink.counters()).toMatchObject({ created: 1, updated: 1, conflicts: 2 });
  });
});
