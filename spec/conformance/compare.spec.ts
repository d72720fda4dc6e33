import { describe, expect, it } from 'vitest';
import { compareCase, compareOutputs, formatMismatch, jsonEqual, type OutputRecord } from '../../src/conformance/index.js';

const rec = (key: string, value: OutputRecord['value'], timestamp: number, extra: Partial<OutputRecord> = {}): OutputRecord => ({
  topic: 'output',
  key,
  window: null,
  value,
  timestamp,
  ...extra,
});

const list = (n: number): OutputRecord[] => Array.from({ length: n }, (_, i) => rec(`k${i % 3}`, i, 1000 + i));

describe('compareOutputs', () => {
  it('finds no difference between equal lists, empty ones included', () => {
    expect(compareOutputs([], [])).toBeNull();
    expect(compareOutputs(list(10), list(10))).toBeNull();
  });

  it('compares values structurally: object field order does not matter, array order does', () => {
    const a = [rec('k', { purchaseId: 'p1', totalAmount: 5 }, 1)];
    const b = [rec('k', { totalAmount: 5, purchaseId: 'p1' }, 1)];
    expect(compareOutputs(a, b)).toBeNull();
    expect(compareOutputs([rec('k', ['l1', 'r2'], 1)], [rec('k', ['r2', 'l1'], 1)])?.fields).toEqual(['value']);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual([1, [2, { x: 3 }]], [1, [2, { x: 3 }]])).toBe(true);
    expect(jsonEqual(1, '1')).toBe(false);
  });

  it('reports the first differing record with the fields that differ and both sides', () => {
    const kafka = list(10);
    const streamsim = list(10);
    streamsim[6] = rec('k0', 99, 2000);
    streamsim[8] = rec('k2', 8, 1);
    const m = compareOutputs(kafka, streamsim);
    expect(m).not.toBeNull();
    expect(m!.index).toBe(6);
    expect(m!.fields).toEqual(['value', 'timestamp']);
    expect(m!.kafka).toEqual(rec('k0', 6, 1006));
    expect(m!.streamsim).toEqual(rec('k0', 99, 2000));
    // Three records of context either side.
    expect(m!.contextFrom).toBe(3);
    expect(m!.kafkaContext.map((r) => r.value)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('tells topic, key and window differences apart', () => {
    const w = { start: 0, end: 30_000 };
    expect(compareOutputs([rec('k', 1, 5)], [rec('k', 1, 5, { topic: 'output-left' })])?.fields).toEqual(['topic']);
    expect(compareOutputs([rec('k', 1, 5)], [rec('j', 1, 5)])?.fields).toEqual(['key']);
    expect(compareOutputs([rec('k', 1, 5, { window: w })], [rec('k', 1, 5, { window: { start: 0, end: 29_999 } })])?.fields).toEqual(['window']);
    expect(compareOutputs([rec('k', 1, 5, { window: w })], [rec('k', 1, 5)])?.fields).toEqual(['window']);
  });

  it('reports a record one side lacks as missing, at the shorter list’s end', () => {
    const shorter = compareOutputs(list(5), list(4));
    expect(shorter).toMatchObject({ index: 4, fields: ['missing'], streamsim: null });
    expect(shorter!.kafka).toEqual(list(5)[4]);
    expect(compareOutputs([], list(1))).toMatchObject({ index: 0, fields: ['missing'], kafka: null });
  });
});

describe('compareCase and formatMismatch', () => {
  it('counts every record of an identical case', () => {
    expect(compareCase('windowed-count', 7, list(12), list(12))).toEqual({ workload: 'windowed-count', seed: 7, compared: 12, mismatch: null });
  });

  it('names workload, seed, index and both records in the report', () => {
    const streamsim = list(5);
    streamsim[2] = rec('k2', 2, 1003);
    const c = compareCase('session-count', 42, list(5), streamsim);
    expect(c.compared).toBe(3);
    const text = formatMismatch(c);
    expect(text).toContain('session-count seed 42: output #2 differs in timestamp');
    expect(text).toContain(`kafka:     ${JSON.stringify(rec('k2', 2, 1002))}`);
    expect(text).toContain(`streamsim: ${JSON.stringify(rec('k2', 2, 1003))}`);
    expect(text).toContain('> #2');
  });
});
