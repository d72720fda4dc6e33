import { describe, expect, it } from 'vitest';
import { InMemoryWindowStore, Stores, type StoreContext } from '../../src/index.js';

/** A store context that records the changelog, as a task would send it. */
function recordingContext(timestamp = 0) {
  const changelog: { key: unknown; value: unknown; timestamp: number }[] = [];
  const context: StoreContext = {
    applicationId: 'app',
    taskId: '0_0',
    partition: 0,
    logChange: (key, value, ts) => void changelog.push({ key, value, timestamp: ts }),
    currentTimestampMs: () => timestamp,
    currentStreamTimeMs: () => timestamp,
  };
  return { context, changelog };
}

function store(retention: number, size: number, retainDuplicates = false) {
  const s = new InMemoryWindowStore<string, string>('w', retention, size, retainDuplicates);
  const rec = recordingContext(42);
  s.init(rec.context);
  return { s, changelog: rec.changelog };
}

describe('InMemoryWindowStore (Kafka InMemoryWindowStore)', () => {
  it('puts and fetches windows by key and start time; a null put deletes', () => {
    const { s } = store(100, 10);
    s.put('a', 'a0', 0);
    s.put('a', 'a10', 10);
    s.put('b', 'b10', 10);
    expect(s.fetch('a', 10)).toBe('a10');
    expect(s.fetch('a', 0, 10)).toEqual([
      { key: 0, value: 'a0' },
      { key: 10, value: 'a10' },
    ]);
    expect(s.backwardFetch('a', 0, 10).map((kv) => kv.key)).toEqual([10, 0]);
    s.put('a', null, 0);
    expect(s.fetch('a', 0)).toBeNull();
  });

  it('range and full scans order by window start, then key, with window end = start + window size', () => {
    const { s } = store(100, 10);
    s.put('b', 'b0', 0);
    s.put('c', 'c10', 10);
    s.put('a', 'a10', 10);
    s.put('a', 'a0', 0);
    const flat = (kvs: { key: { key: string; window: { start: number; end: number } }; value: string }[]) =>
      kvs.map((kv) => `${kv.key.key}[${kv.key.window.start},${kv.key.window.end})=${kv.value}`);
    expect(flat(s.all())).toEqual(['a[0,10)=a0', 'b[0,10)=b0', 'a[10,20)=a10', 'c[10,20)=c10']);
    expect(flat(s.fetch('a', 'b', 0, 100))).toEqual(['a[0,10)=a0', 'b[0,10)=b0', 'a[10,20)=a10']);
    expect(flat(s.fetch(null, 'a', 5, 100))).toEqual(['a[10,20)=a10']);
    expect(flat(s.fetchAll(10, 10))).toEqual(['a[10,20)=a10', 'c[10,20)=c10']);
    expect(flat(s.backwardAll())).toEqual(['c[10,20)=c10', 'a[10,20)=a10', 'b[0,10)=b0', 'a[0,10)=a0']);
    expect(s.fetch('b', 'a', 0, 100)).toEqual([]);
  });

  it('measures retention on the largest window start it has seen: windows starting at or before observed - retention are gone', () => {
    const { s } = store(20, 10);
    s.put('a', 'a0', 0);
    s.put('a', 'a10', 10);
    s.put('a', 'a20', 20); // observed 20: window 0 expires (0 <= 20 - 20)
    expect(s.fetch('a', 0)).toBeNull();
    expect(s.fetch('a', 0, 100).map((kv) => kv.key)).toEqual([10, 20]);
    s.put('a', 'late', 0); // an expired window is not written
    expect(s.all().map((kv) => kv.key.window.start)).toEqual([10, 20]);
  });

  it('logs every put to the changelog with the record timestamp, and restores from it', () => {
    const { s, changelog } = store(100, 10);
    s.put('a', 'x', 0);
    s.put('a', 'y', 0);
    s.put('b', 'z', 10);
    s.put('b', null, 10);
    expect(changelog).toEqual([
      { key: { key: 'a', windowStart: 0 }, value: 'x', timestamp: 42 },
      { key: { key: 'a', windowStart: 0 }, value: 'y', timestamp: 42 },
      { key: { key: 'b', windowStart: 10 }, value: 'z', timestamp: 42 },
      { key: { key: 'b', windowStart: 10 }, value: null, timestamp: 42 },
    ]);
    const restored = new InMemoryWindowStore<string, string>('w', 100, 10);
    for (const r of changelog) restored.restore(r.key, r.value);
    expect(restored.all().map((kv) => [kv.key.key, kv.key.window.start, kv.value])).toEqual([['a', 0, 'y']]);
  });

  it('retainDuplicates keeps every put (stream-stream join buffers), ignores null puts, and numbers changelog keys', () => {
    const { s, changelog } = store(100, 10, true);
    s.put('a', 'first', 0);
    s.put('a', 'second', 0);
    s.put('a', null, 0);
    expect(s.fetch('a', 0, 0).map((kv) => kv.value)).toEqual(['first', 'second']);
    // Kafka's single-window fetch looks up the bare key, which duplicates never use.
    expect(s.fetch('a', 0)).toBeNull();
    expect(changelog.map((r) => r.key)).toEqual([
      { key: 'a', windowStart: 0, seqnum: 1 },
      { key: 'a', windowStart: 0, seqnum: 2 },
      { key: 'a', windowStart: 0, seqnum: 3 },
    ]);
  });

  it('Stores.inMemoryWindowStore validates as Kafka does; windowStoreBuilder builds window stores with a changelog', () => {
    expect(() => Stores.inMemoryWindowStore('w', 5, 10)).toThrow(
      'The retention period of the window store w must be no smaller than its window size. Got size=[10], retention=[5]',
    );
    expect(() => Stores.inMemoryWindowStore('w', -1, 0)).toThrow(/retention period must not be negative/);
    const builder = Stores.windowStoreBuilder(Stores.inMemoryWindowStore<string, number>('w', 100, 10, true));
    expect([builder.kind, builder.loggingEnabled]).toEqual(['window', true]);
    const built = builder.build();
    expect([built.retentionPeriodMs, built.windowSizeMs, built.retainDuplicates]).toEqual([100, 10, true]);
  });

  it('reading before init is a clear error', () => {
    const s = new InMemoryWindowStore<string, string>('w', 100, 10);
    expect(() => s.put('a', 'x', 0)).toThrow(/state store 'w' is used before init/);
  });
});
