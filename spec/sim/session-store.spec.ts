import { describe, expect, it } from 'vitest';
import { InMemorySessionStore, Stores, type StoreContext, type Windowed } from '../../src/index.js';

function session(key: string, start: number, end: number): Windowed<string> {
  return { key, window: { start, end } };
}

function store(retention: number) {
  const changelog: { key: unknown; value: unknown }[] = [];
  const context: StoreContext = {
    applicationId: 'app',
    taskId: '0_0',
    partition: 0,
    logChange: (key, value) => void changelog.push({ key, value }),
    currentTimestampMs: () => 0,
    currentStreamTimeMs: () => 0,
  };
  const s = new InMemorySessionStore<string, number>('s', retention);
  s.init(context);
  return { s, changelog };
}

const flat = (kvs: { key: Windowed<string>; value: number }[]) => kvs.map((kv) => `${kv.key.key}[${kv.key.window.start},${kv.key.window.end}]=${kv.value}`);

describe('InMemorySessionStore (Kafka InMemorySessionStore)', () => {
  it('findSessions returns the sessions ending at or after the earliest end and starting at or before the latest start, by end time', () => {
    const { s } = store(1000);
    s.put(session('a', 0, 5), 1);
    s.put(session('a', 10, 20), 2);
    s.put(session('a', 30, 30), 3);
    s.put(session('b', 12, 14), 4);
    // The sessions a record at 15 with gap 5 may merge with: end >= 10 and start <= 20.
    expect(flat(s.findSessions('a', 10, 20))).toEqual(['a[10,20]=2']);
    expect(flat(s.findSessions('a', 5, 30))).toEqual(['a[0,5]=1', 'a[10,20]=2', 'a[30,30]=3']);
    expect(flat(s.findSessions(null, null, 14, 12))).toEqual(['b[12,14]=4', 'a[10,20]=2']);
    expect(flat(s.backwardFindSessions('a', 0, 100))).toEqual(['a[30,30]=3', 'a[10,20]=2', 'a[0,5]=1']);
    expect(flat(s.fetch('a'))).toEqual(['a[0,5]=1', 'a[10,20]=2', 'a[30,30]=3']);
    expect(s.fetchSession('a', 10, 20)).toBe(2);
    expect(s.fetchSession('a', 10, 21)).toBeNull();
  });

  it('remove and null puts delete a session; both are logged as tombstones', () => {
    const { s, changelog } = store(1000);
    s.put(session('a', 0, 5), 1);
    s.put(session('a', 7, 9), 2);
    s.remove(session('a', 0, 5));
    s.put(session('a', 7, 9), null);
    expect(s.fetch('a')).toEqual([]);
    expect(changelog).toEqual([
      { key: session('a', 0, 5), value: 1 },
      { key: session('a', 7, 9), value: 2 },
      { key: session('a', 0, 5), value: null },
      { key: session('a', 7, 9), value: null },
    ]);
    const restored = new InMemorySessionStore<string, number>('s', 1000);
    for (const r of changelog.slice(0, 3)) restored.restore(r.key, r.value);
    expect(flat(restored.fetch('a'))).toEqual(['a[7,9]=2']);
  });

  it('measures retention on the largest session end it has seen: sessions ending at or before observed - retention are gone', () => {
    const { s } = store(10);
    s.put(session('a', 0, 5), 1);
    s.put(session('a', 12, 15), 2); // observed end 15: [0,5] expires (5 <= 15 - 10)
    expect(s.fetchSession('a', 0, 5)).toBeNull();
    expect(flat(s.fetch('a'))).toEqual(['a[12,15]=2']);
    s.put(session('b', 1, 4), 3); // already expired: not written
    expect(s.fetch('b')).toEqual([]);
  });

  it('Stores.sessionStoreBuilder builds session stores', () => {
    const builder = Stores.sessionStoreBuilder(Stores.inMemorySessionStore<string, number>('s', 100));
    expect([builder.name, builder.kind, builder.loggingEnabled]).toEqual(['s', 'session', true]);
    expect(builder.build().retentionPeriodMs).toBe(100);
    expect(() => Stores.inMemorySessionStore('s', -1)).toThrow(/retention period must not be negative/);
  });
});
