import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver } from '../../src/index.js';

/** Input records: a few keys, small values, timestamps that go back and forth. */
const recordsArb = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), value: fc.integer({ min: 1, max: 9 }), timestamp: fc.integer({ min: 0, max: 500 }) }),
  { minLength: 1, maxLength: 40 },
);

/**
 * Two outputs: per key, an order-sensitive concatenation (groupByKey: no repartition, so Kafka keeps each
 * key's order), and per value parity, a sum (groupBy: repartitioned, so only the final value is fixed).
 */
function topology(): StreamsBuilder {
  const b = new StreamsBuilder();
  const input = b.stream<string, number>('in');
  input
    .groupByKey()
    .aggregate(() => '', (_k, v, agg) => `${agg}${v}`)
    .toStream()
    .to('sequence-per-key');
  input
    .groupBy((_k, v) => (v % 2 === 0 ? 'even' : 'odd'))
    .reduce((x, y) => x + y)
    .toStream()
    .to('sum-per-parity');
  return b;
}

function run(records: { key: string; value: number; timestamp: number }[], options: { seed: number; partitions: number; shuffle: boolean; batch: boolean }) {
  const driver = new TestDriver(topology(), options);
  const input = driver.createInputTopic<string, number>('in');
  if (options.batch) input.pipeRecordList(records);
  else for (const r of records) input.pipeInput(r.key, r.value, r.timestamp);
  const perKey = new Map<string, string[]>();
  for (const kv of driver.createOutputTopic<string, string>('sequence-per-key').readKeyValuesToList()) {
    perKey.set(kv.key, [...(perKey.get(kv.key) ?? []), kv.value]);
  }
  const sums = Object.fromEntries([...driver.createOutputTopic<string, number>('sum-per-parity').readKeyValuesToMap()].sort());
  return { hash: driver.traceHash(), perKey: Object.fromEntries([...perKey].sort()), sums };
}

describe('determinism and partition independence (fast-check)', () => {
  it('the same seed gives the identical trace hash, also with seeded shuffling', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 0, max: 1000 }), fc.constantFrom(1, 3, 12), fc.boolean(), (records, seed, partitions, batch) => {
        const options = { seed, partitions, shuffle: true, batch };
        expect(run(records, options).hash).toBe(run(records, options).hash);
      }),
      { numRuns: 60 },
    );
  });

  it('a different seed reorders only across keys: each key keeps its updates in order, final aggregates never change', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(1, 3, 12), (records, s1, s2, partitions) => {
        const a = run(records, { seed: s1, partitions, shuffle: true, batch: true });
        const b = run(records, { seed: s2, partitions, shuffle: true, batch: true });
        expect(b.perKey).toEqual(a.perKey);
        expect(b.sums).toEqual(a.sums);
      }),
      { numRuns: 60 },
    );
  });

  it('final keyed aggregates do not depend on the partition count (1, 3, 12) or the interleaving', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 0, max: 1000 }), (records, seed) => {
        // Reference: a plain loop over the input in piped order.
        const expectedSeq: Record<string, string[]> = {};
        const expectedSums: Record<string, number> = {};
        const acc: Record<string, string> = {};
        for (const r of records) {
          acc[r.key] = (acc[r.key] ?? '') + String(r.value);
          (expectedSeq[r.key] ??= []).push(acc[r.key]!);
          const parity = r.value % 2 === 0 ? 'even' : 'odd';
          expectedSums[parity] = (expectedSums[parity] ?? 0) + r.value;
        }
        for (const partitions of [1, 3, 12]) {
          const got = run(records, { seed, partitions, shuffle: partitions > 1, batch: false });
          expect(got.perKey).toEqual(Object.fromEntries(Object.entries(expectedSeq).sort()));
          expect(got.sums).toEqual(Object.fromEntries(Object.entries(expectedSums).sort()));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('shuffling is real: some seeds interleave the tasks differently (the trace changes, the results do not)', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ key: 'abcdef'[i % 6]!, value: (i % 9) + 1, timestamp: i }));
    const hashes = new Set([1, 2, 3, 4, 5].map((seed) => run(records, { seed, partitions: 3, shuffle: true, batch: true }).hash));
    expect(hashes.size).toBeGreaterThan(1);
  });
});
