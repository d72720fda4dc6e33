import { describe, expect, it } from 'vitest';
import { Materialized, SessionWindows, StreamsBuilder, TestDriver, type SessionStore, type Windowed } from '../../src/index.js';

type Row = [key: string, start: number, end: number, value: unknown, timestamp: number];

function rows(driver: TestDriver): Row[] {
  return driver
    .createOutputTopic<Windowed<string>, unknown>('out')
    .readRecordsToList()
    .map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
}

function sessionCount(windows: SessionWindows, storeName?: string) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in')
    .groupByKey()
    .windowedBy(windows)
    .count(storeName === undefined ? undefined : Materialized.as(storeName))
    .toStream()
    .to('out');
  return builder;
}

describe('SessionWindows (Kafka KStreamSessionWindowAggregate)', () => {
  it('reproduces the SessionWindows javadoc example (gap 5: 10, 12, 20, then 16 merges two sessions), forwarding a tombstone per merged session', () => {
    // Grace 100 keeps [10,12] in the store until 16 arrives (retention = gap + grace).
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapAndGrace(5, 100)));
    const input = driver.createInputTopic<string, string>('in');
    for (const t of [10, 12, 20, 16]) input.pipeInput('A', 'v', t);
    // Output timestamps are the session end.
    expect(rows(driver)).toEqual([
      ['A', 10, 10, 1, 10],
      ['A', 10, 10, null, 10], // [10,10] grows into [10,12]: the old session is deleted...
      ['A', 10, 12, 2, 12], // ...and the merged one forwarded
      ['A', 20, 20, 1, 20], // 20 - 12 > 5: a new session
      ['A', 10, 12, null, 12], // 16 bridges both sessions: two tombstones, by session end
      ['A', 20, 20, null, 20],
      ['A', 10, 20, 4, 20], // one session, aggregating all four records
    ]);
  });

  it('aggregate merges the sessions with the Merger, earlier session first, then adds the record', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 100))
      .aggregate(
        () => '',
        (_k, v, agg) => agg + v,
        (_k, one, two) => `(${one}|${two})`,
      )
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('A', '1', 10);
    input.pipeInput('A', '2', 12);
    input.pipeInput('A', '3', 20);
    input.pipeInput('A', '4', 16);
    const last = rows(driver).at(-1);
    // At 12: merge('', '1') + '2' = '(|1)2'. At 16: merge(merge('', '(|1)2'), '3') + '4'.
    expect(last).toEqual(['A', 10, 20, '((|(|1)2)|3)4', 20]);
  });

  it('reduce merges sessions with the reducer (Kafka mergerForAggregator)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in')
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 100))
      .reduce((a, b) => `${a}+${b}`)
      .toStream()
      .to('out');
    const driver = new TestDriver(builder);
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('A', 'x', 10);
    input.pipeInput('A', 'y', 20);
    input.pipeInput('A', 'z', 15);
    expect(rows(driver).at(-1)).toEqual(['A', 10, 20, 'x+y+z', 20]);
  });

  it('drops a record whose session would end before streamTime - gap - grace (strictly), counting it', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapWithNoGrace(5)));
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('A', 'v', 20); // stream time 20: sessions ending before 15 are closed
    input.pipeInput('B', 'v', 14); // [14,14]: 14 < 15 -> dropped
    input.pipeInput('B', 'v', 15); // [15,15]: 15 < 15 is false -> kept
    expect(rows(driver)).toEqual([
      ['A', 20, 20, 1, 20],
      ['B', 15, 15, 1, 15],
    ]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('a session closed by stream time is gone from the store (retention = gap + grace) and is not merged again', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapWithNoGrace(5)));
    const input = driver.createInputTopic<string, string>('in');
    for (const t of [10, 12, 20, 16]) input.pipeInput('A', 'v', t);
    // At stream time 20 the session [10,12] (12 + 5 < 20) has expired: 16 only merges with [20,20].
    expect(rows(driver).slice(-2)).toEqual([
      ['A', 20, 20, null, 20],
      ['A', 16, 20, 2, 20],
    ]);
  });

  it('a record inside an existing session replaces it: tombstone then the same session updated', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapAndGrace(5, 100)));
    const input = driver.createInputTopic<string, string>('in');
    for (const t of [10, 14, 12]) input.pipeInput('A', 'v', t);
    expect(rows(driver).slice(-2)).toEqual([
      ['A', 10, 14, null, 14],
      ['A', 10, 14, 3, 14],
    ]);
  });

  it('the session store is queryable through the driver: fetch, findSessions, fetchSession', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapAndGrace(5, 1000), 'sessions'), { partitions: 2 });
    const input = driver.createInputTopic<string, string>('in');
    for (const [k, t] of [['A', 10], ['A', 12], ['B', 11], ['A', 30]] as const) input.pipeInput(k, 'v', t);
    const store = driver.getSessionStore<SessionStore<string, number>>('sessions');
    expect(store.fetch('A').map((kv) => [kv.key.window.start, kv.key.window.end, kv.value])).toEqual([
      [10, 12, 2],
      [30, 30, 1],
    ]);
    expect(store.findSessions('A', 13, 40).map((kv) => kv.key.window.start)).toEqual([30]);
    expect(store.fetchSession('B', 11, 11)).toBe(1);
    expect(store.fetch(null, null).map((kv) => [kv.key.key, kv.key.window.end])).toEqual([
      ['B', 11],
      ['A', 12],
      ['A', 30],
    ]);
  });

  it('drops (and counts) a record with a null key, but aggregates a null value: count counts it (KStreamSessionWindowAggregate checks the key only)', () => {
    const driver = new TestDriver(sessionCount(SessionWindows.ofInactivityGapAndGrace(5, 100)));
    const input = driver.createInputTopic<string | null, string | null>('in');
    input.pipeInput(null, 'v', 10);
    input.pipeInput('A', null, 10);
    input.pipeInput('A', 'v', 12);
    expect(rows(driver)).toEqual([
      ['A', 10, 10, 1, 10],
      ['A', 10, 10, null, 10],
      ['A', 10, 12, 2, 12],
    ]);
    expect(driver.droppedRecords()).toBe(1);
  });

  it('rejects a non-positive gap, a negative grace and a retention below gap + grace', () => {
    expect(() => SessionWindows.ofInactivityGapWithNoGrace(0)).toThrow(/inactivity gap must be larger than zero/);
    expect(() => SessionWindows.ofInactivityGapAndGrace(5, -1)).toThrow(/grace period must not be negative/);
    expect(() =>
      new StreamsBuilder()
        .stream<string, string>('in')
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 5))
        .count(Materialized.as<string, number>('s').withRetention(9)),
    ).toThrow('The retention period of the session store s must be no smaller than the session inactivity gap plus the grace period. Got gap=[5], grace=[5], retention=[9]');
  });
});
