/**
 * NdjsonLakeSink: Kafka Connect S3/HDFS-sink style layout (`<dir>/<topic>/date=YYYY-MM-DD/<topic>+<p>+<start>.ndjson`,
 * TimeBasedPartitioner by UTC day), rolling every `flush.size` records per partition, JSON-safe lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, NdjsonLakeSink, NodeFileSystem, toJsonSafe } from '../../../src/connect/sinks/index.js';
import { Broker } from '../../../src/sim/broker.js';
import { VirtualClock } from '../../../src/sim/clock.js';

const T0 = 1_704_067_200_000; // 2024-01-01T00:00:00.000Z

function setup(flushSize: number, partitions = 1, format?: 'envelope' | 'value') {
  const broker = new Broker({ clock: new VirtualClock(T0) });
  broker.createTopic('events', { partitions });
  const fs = new MemoryFileSystem(() => broker.clock.now());
  const sink = new NdjsonLakeSink({ broker, topics: ['events'], fs, dir: 'lake', flushSize, ...(format ? { format } : {}) });
  return { broker, fs, sink };
}

const lines = (fs: MemoryFileSystem, path: string) => (fs.readFile(path) ?? '').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('NdjsonLakeSink layout and rolling (flush.size)', () => {
  it('rolls a file every flushSize records of a partition; the name carries the first offset, zero-padded to 10', () => {
    const { broker, fs, sink } = setup(3);
    for (let i = 0; i < 7; i++) broker.produce('events', { key: `k${i}`, value: { n: i }, timestamp: T0 + i });
    expect(sink.poll()).toBe(7);
    expect(fs.paths()).toEqual([
      'lake/events/date=2024-01-01/events+0+0000000000.ndjson',
      'lake/events/date=2024-01-01/events+0+0000000003.ndjson',
    ]);
    expect(lines(fs, 'lake/events/date=2024-01-01/events+0+0000000003.ndjson').map((l) => l['offset'])).toEqual([3, 4, 5]);
    // Record 6 is buffered until flush() writes the partial file.
    sink.flush();
    expect(fs.paths()).toHaveLength(3);
    expect(lines(fs, 'lake/events/date=2024-01-01/events+0+0000000006.ndjson')).toEqual([
      { topic: 'events', partition: 0, offset: 6, timestamp: T0 + 6, key: 'k6', value: { n: 6 } },
    ]);
    expect(sink.poll()).toBe(0);
  });

  it('the date folder is the UTC day of each record timestamp; one roll writes a file per date', () => {
    const { broker, fs, sink } = setup(4);
    broker.produce('events', { key: 'a', value: 1, timestamp: T0 - 1 }); // 2023-12-31T23:59:59.999Z
    broker.produce('events', { key: 'b', value: 2, timestamp: T0 });
    broker.produce('events', { key: 'c', value: 3, timestamp: T0 - 2 });
    broker.produce('events', { key: 'd', value: 4, timestamp: T0 + 86_400_000 });
    sink.poll();
    expect(fs.paths()).toEqual([
      'lake/events/date=2023-12-31/events+0+0000000000.ndjson',
      'lake/events/date=2024-01-01/events+0+0000000001.ndjson',
      'lake/events/date=2024-01-02/events+0+0000000003.ndjson',
    ]);
    expect(lines(fs, 'lake/events/date=2023-12-31/events+0+0000000000.ndjson').map((l) => l['key'])).toEqual(['a', 'c']);
  });

  it('counts flush.size per partition', () => {
    const { broker, fs, sink } = setup(2, 2);
    for (const [p, k] of [[0, 'a'], [1, 'b'], [0, 'c'], [1, 'd'], [0, 'e']] as const) {
      broker.produce('events', { key: k, value: k, timestamp: T0, partition: p });
    }
    sink.poll();
    expect(fs.paths()).toEqual([
      'lake/events/date=2024-01-01/events+0+0000000000.ndjson',
      'lake/events/date=2024-01-01/events+1+0000000000.ndjson',
    ]);
    sink.flush();
    expect(fs.paths()).toContain('lake/events/date=2024-01-01/events+0+0000000002.ndjson');
  });

  it('stamps each file with the virtual time of its write; reads only what is new on each poll', () => {
    const { broker, fs, sink } = setup(1);
    broker.produce('events', { key: 'a', value: 1, timestamp: T0 });
    sink.poll();
    broker.clock.set(T0 + 5000);
    broker.produce('events', { key: 'b', value: 2, timestamp: T0 + 5000 });
    expect(sink.poll()).toBe(1);
    expect(sink.files().map((f) => [f.startOffset, f.writtenAt])).toEqual([[0, T0], [1, T0 + 5000]]);
    expect(fs.file('lake/events/date=2024-01-01/events+0+0000000001.ndjson')?.writes).toBe(1);
  });

  it('re-delivery after a seek rewrites the same files with the same records (exactly-once naming)', () => {
    const { broker, fs, sink } = setup(2);
    for (let i = 0; i < 4; i++) broker.produce('events', { key: `k${i}`, value: i, timestamp: T0 });
    sink.poll();
    const before = fs.paths().map((p) => fs.readFile(p));
    sink.seek('events', 0, 0);
    expect(sink.poll()).toBe(4);
    expect(fs.paths().map((p) => fs.readFile(p))).toEqual(before);
    expect(fs.file('lake/events/date=2024-01-01/events+0+0000000002.ndjson')?.writes).toBe(2);
  });

  it('a topic created after the sink started is picked up from its first offset', () => {
    const broker = new Broker({ clock: new VirtualClock(T0) });
    const fs = new MemoryFileSystem();
    const sink = new NdjsonLakeSink({ broker, topics: ['late'], fs, flushSize: 1 });
    expect(sink.poll()).toBe(0);
    broker.createTopic('late');
    broker.produce('late', { key: 'x', value: 1, timestamp: T0 });
    expect(sink.poll()).toBe(1);
    expect(fs.paths()).toEqual(['topics/late/date=2024-01-01/late+0+0000000000.ndjson']);
  });

  it('value format writes the value alone and skips tombstones (behavior.on.null.values=ignore)', () => {
    const { broker, fs, sink } = setup(5, 1, 'value');
    broker.produce('events', { key: 'a', value: { x: 1 }, timestamp: T0 });
    broker.produce('events', { key: 'a', value: null, timestamp: T0 });
    sink.poll();
    sink.flush();
    expect(fs.readFile('lake/events/date=2024-01-01/events+0+0000000000.ndjson')).toBe('{"x":1}\n');
    expect(sink.skippedRecords()).toBe(1);
  });
});

describe('JSON-safe encoding', () => {
  it('bigint: a number when safe, a decimal string when not; windowed keys as {key, window}', () => {
    const { broker, fs, sink } = setup(1);
    broker.produce('events', {
      key: { key: 'Bank', window: { start: T0, end: T0 + 60_000 } },
      value: { small: 42n, big: 9_007_199_254_740_993n, neg: -9_007_199_254_740_993n, max: 9_007_199_254_740_991n },
      timestamp: T0,
    });
    sink.poll();
    expect(fs.readFile('lake/events/date=2024-01-01/events+0+0000000000.ndjson')).toBe(
      `{"topic":"events","partition":0,"offset":0,"timestamp":${T0},"key":{"key":"Bank","window":{"start":${T0},"end":${T0 + 60_000}}},` +
        '"value":{"small":42,"big":"9007199254740993","neg":"-9007199254740993","max":9007199254740991}}\n',
    );
  });

  it('Map, Set, bytes, toJSON classes, non-finite numbers, undefined fields', () => {
    const decimalLike = { toJSON: () => 12.5 };
    expect(
      toJsonSafe({
        m: new Map([['a', 1n]]),
        m2: new Map([[1, 'x']]),
        s: new Set([1, 2]),
        b: new Uint8Array([104, 105]),
        d: decimalLike,
        nan: Number.NaN,
        inf: -Infinity,
        gone: undefined,
        list: [undefined, null],
      }),
    ).toEqual({ m: { a: 1 }, m2: [[1, 'x']], s: [1, 2], b: 'aGk=', d: 12.5, nan: 'NaN', inf: '-Infinity', list: [null, null] });
  });

  it('headers go into the envelope, bytes in base64', () => {
    const { broker, fs, sink } = setup(1);
    broker.produce('events', { key: 'a', value: 1, timestamp: T0, headers: [{ key: 'h', value: new Uint8Array([1, 2]) }, { key: 't', value: 'x' }] });
    sink.poll();
    expect(lines(fs, 'lake/events/date=2024-01-01/events+0+0000000000.ndjson')[0]!['headers']).toEqual([{ key: 'h', value: 'AQI=' }, { key: 't', value: 'x' }]);
  });
});

describe('NodeFileSystem', () => {
  it('writes the lake layout under a real directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'streamsim-lake-'));
    try {
      const broker = new Broker({ clock: new VirtualClock(T0) });
      broker.createTopic('events');
      const sink = new NdjsonLakeSink({ broker, topics: ['events'], fs: new NodeFileSystem(root), dir: 'lake', flushSize: 1 });
      broker.produce('events', { key: 'a', value: { ok: true }, timestamp: T0 });
      sink.poll();
      const text = readFileSync(join(root, 'lake', 'events', 'date=2024-01-01', 'events+0+0000000000.ndjson'), 'utf8');
      expect(JSON.parse(text)).toMatchObject({ key: 'a', value: { ok: true } });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
