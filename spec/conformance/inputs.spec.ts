import { describe, expect, it } from 'vitest';
import { WORKLOADS, WORKLOAD_NAMES, generateInputs, type InputRecord, type WorkloadName } from '../../src/conformance/index.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * How far behind stream time a record may be and still count, per workload: the window size plus grace
 * past which the record's own window has surely closed (brute-force, from the contract's window specs).
 */
function isLate(name: WorkloadName, ts: number, streamTime: number): boolean {
  const closedTumbling = (size: number, grace: number) => Math.floor(ts / size) * size + size + grace <= streamTime;
  switch (name) {
    case 'windowed-count':
    case 'suppress-window-count':
      return closedTumbling(30_000, 5_000);
    case 'hopping-aggregate':
      // the last hopping window holding ts starts at the advance boundary at or before ts
      return Math.floor(ts / 20_000) * 20_000 + 60_000 + 10_000 <= streamTime;
    case 'bookstore-pipeline':
      return closedTumbling(60_000, 10_000);
    case 'session-count':
    case 'stream-stream-join-inner':
    case 'stream-stream-join-left':
      return ts < streamTime - 15_000; // gap or time difference (10 s) plus grace (5 s)
    default:
      return ts < streamTime - 20_000;
  }
}

function classify(name: WorkloadName, records: readonly InputRecord[]): { outOfOrderWithinGrace: number; late: number } {
  let streamTime = -Infinity;
  let outOfOrderWithinGrace = 0;
  let late = 0;
  for (const r of records) {
    if (r.timestamp < streamTime) {
      if (isLate(name, r.timestamp, streamTime)) late++;
      else outOfOrderWithinGrace++;
    }
    streamTime = Math.max(streamTime, r.timestamp);
  }
  return { outOfOrderWithinGrace, late };
}

describe('generateInputs', () => {
  it.each(WORKLOAD_NAMES)('%s: the same seed gives the same records, another seed others', (name) => {
    expect(generateInputs(name, 7)).toEqual(generateInputs(name, 7));
    expect(generateInputs(name, 8)).not.toEqual(generateInputs(name, 7));
  });

  it.each(WORKLOAD_NAMES)('%s: 50 to 300 records by default, exactly `records` when asked, only on the workload’s input topics', (name) => {
    const topics = WORKLOADS[name].inputs.map((t) => t.topic);
    for (const seed of SEEDS) {
      const records = generateInputs(name, seed);
      expect(records.length).toBeGreaterThanOrEqual(50);
      expect(records.length).toBeLessThanOrEqual(300);
      expect(new Set(records.map((r) => r.topic))).toEqual(new Set(topics));
    }
    expect(generateInputs(name, 1, { records: 1_000 })).toHaveLength(1_000);
  });

  it.each(WORKLOAD_NAMES)('%s: every seed has records out of order within grace and late beyond it', (name) => {
    for (const seed of SEEDS) {
      const c = classify(name, generateInputs(name, seed));
      expect(c.outOfOrderWithinGrace, `seed ${seed}`).toBeGreaterThan(0);
      expect(c.late, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it.each(WORKLOAD_NAMES.filter((n) => WORKLOADS[n].inputs.some((t) => t.kind === 'table')))('%s: tables get updates and tombstones', (name) => {
    const tables = new Set(WORKLOADS[name].inputs.filter((t) => t.kind === 'table').map((t) => t.topic));
    let tombstones = 0;
    for (const seed of SEEDS) {
      const writes = generateInputs(name, seed).filter((r) => tables.has(r.topic));
      tombstones += writes.filter((r) => r.value === null).length;
      const perKey = new Map<string, number>();
      for (const r of writes) perKey.set(`${r.topic}/${r.key}`, (perKey.get(`${r.topic}/${r.key}`) ?? 0) + 1);
      expect(Math.max(...perKey.values()), `seed ${seed}: some key updated`).toBeGreaterThan(1);
      expect(writes.every((r) => r.key !== null), 'tables never get a null key').toBe(true);
    }
    expect(tombstones).toBeGreaterThan(0);
  });

  it('stream-stream joins: left records with a right partner inside the 10 s window and without one', () => {
    for (const seed of SEEDS) {
      const records = generateInputs('stream-stream-join-inner', seed);
      const rights = records.filter((r) => r.topic === 'right' && r.key !== null);
      let inside = 0;
      let outside = 0;
      for (const l of records.filter((r) => r.topic === 'left' && r.key !== null)) {
        if (rights.some((r) => r.key === l.key && Math.abs(r.timestamp - l.timestamp) <= 10_000)) inside++;
        else outside++;
      }
      expect(inside, `seed ${seed}`).toBeGreaterThan(0);
      expect(outside, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('stream-table join: stream records for keys the table has and for keys it never has', () => {
    for (const seed of SEEDS) {
      const records = generateInputs('stream-table-join', seed);
      const tableKeys = new Set(records.filter((r) => r.topic === 'table').map((r) => r.key));
      const streamKeys = records.filter((r) => r.topic === 'input').map((r) => r.key);
      expect(streamKeys.some((k) => k !== null && tableKeys.has(k)), `seed ${seed}`).toBe(true);
      expect(streamKeys.some((k) => k !== null && !tableKeys.has(k)), `seed ${seed}`).toBe(true);
    }
  });
});
