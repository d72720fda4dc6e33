import { describe, expect, it } from 'vitest';
import { BASE_TIMESTAMP as T, WORKLOADS, runStreamsim, type InputRecord } from '../../src/conformance/index.js';

const input = (key: string | null, value: InputRecord['value'], at: number, topic = 'input'): InputRecord => ({ topic, key, value, timestamp: T + at });

describe('runStreamsim writes the contract’s output records', () => {
  it('windowed-count: windowed keys split into key and window [start, end), late records dropped (KStreamWindowAggregate)', () => {
    const out = runStreamsim(WORKLOADS['windowed-count'], [
      input('k1', 'a', 1_000),
      input('k1', 'b', 31_000),
      input('k1', 'c', 29_000), // out of order: window [0, 30 s) closes at 35 s, stream time is 31 s
      input('k1', 'd', 40_000),
      input('k1', 'e', 5_000), // late: 30 s + 5 s grace <= 40 s
      input(null, 'f', 41_000), // null key: dropped
    ]);
    const w0 = { start: T, end: T + 30_000 };
    const w1 = { start: T + 30_000, end: T + 60_000 };
    expect(out).toEqual([
      { topic: 'output', key: 'k1', window: w0, value: 1, timestamp: T + 1_000 },
      { topic: 'output', key: 'k1', window: w1, value: 1, timestamp: T + 31_000 },
      { topic: 'output', key: 'k1', window: w0, value: 2, timestamp: T + 29_000 },
      { topic: 'output', key: 'k1', window: w1, value: 2, timestamp: T + 40_000 },
    ]);
  });

  it('session-count: session windows end at their last record; a bridging record tombstones both sessions', () => {
    // 12 s apart: two sessions (gap 10 s); 6 s lies within the gap of both, so it merges them.
    const out = runStreamsim(WORKLOADS['session-count'], [input('k', 1, 0), input('k', 2, 12_000), input('k', 3, 6_000)]);
    expect(out.map((r) => [r.window, r.value])).toEqual([
      [{ start: T, end: T }, 1],
      [{ start: T + 12_000, end: T + 12_000 }, 1],
      [{ start: T, end: T }, null],
      [{ start: T + 12_000, end: T + 12_000 }, null],
      [{ start: T, end: T + 12_000 }, 3],
    ]);
  });

  it('stream-table-join: reads output then output-left after each record, plain keys with a null window', () => {
    const out = runStreamsim(WORKLOADS['stream-table-join'], [
      input('k1', 't1', 0, 'table'),
      input('k1', 7, 1_000),
      input('k2', 8, 2_000),
    ]);
    expect(out).toEqual([
      { topic: 'output', key: 'k1', window: null, value: [7, 't1'], timestamp: T + 1_000 },
      { topic: 'output-left', key: 'k1', window: null, value: [7, 't1'], timestamp: T + 1_000 },
      { topic: 'output-left', key: 'k2', window: null, value: [8, null], timestamp: T + 2_000 },
    ]);
  });

  it('refuses a record for a topic the workload does not read', () => {
    expect(() => runStreamsim(WORKLOADS['windowed-count'], [input('k', 1, 0, 'nope')])).toThrow(/no input topic 'nope'/);
  });
});
