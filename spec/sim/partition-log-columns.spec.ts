import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyId } from '../../src/sim/key-id.js';
import { PartitionLog } from '../../src/sim/partition-log.js';
import { NO_HEADERS, type Headers, type StoredRecord } from '../../src/sim/record.js';

/**
 * PartitionLog keeps records in columns of chunks (4096 records each) and builds StoredRecords on reads. Against a
 * plain array of records: long runs of appends (across chunk boundaries), some with headers, interleaved with
 * compaction, retention, deleteRecords and reads from any offset. Every record read must be the one appended.
 */
type Op =
  | { kind: 'append'; n: number; keys: number; headersEvery: number }
  | { kind: 'compact'; cutoffBack: number | null }
  | { kind: 'truncate'; back: number }
  | { kind: 'deleteBefore'; back: number }
  | { kind: 'read'; back: number; max: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      n: fc.integer({ min: 1, max: 9000 }),
      keys: fc.integer({ min: 1, max: 8000 }),
      headersEvery: fc.constantFrom(0, 1, 7),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('compact' as const), cutoffBack: fc.option(fc.integer({ min: 0, max: 6000 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 9000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteBefore' as const), back: fc.integer({ min: 0, max: 9000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), back: fc.integer({ min: 0, max: 9000 }), max: fc.integer({ min: 1, max: 5000 }) }) },
);

function modelCompact(log: StoredRecord[], cutoff: number): StoredRecord[] {
  const latest = new Map<string, number>();
  log.forEach((r, i) => {
    if (r.key !== null) latest.set(keyId(r.key), i);
  });
  return log.filter((r, i) => r.key === null || (latest.get(keyId(r.key)) === i && (r.value !== null || r.timestamp >= cutoff)));
}

describe('PartitionLog columns', () => {
  it('read back every record as appended, across chunks, compaction, retention and deleteRecords', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
        const log = new PartitionLog('t', 3);
        let model: StoredRecord[] = [];
        let time = 1_700_000_000_000;
        let start = 0;
        for (const op of ops) {
          if (op.kind === 'append') {
            for (let i = 0; i < op.n; i++) {
              time += 1000;
              const k = (i * 7919) % op.keys;
              const key = k % 11 === 0 ? null : `k${k}`;
              const value = k % 5 === 0 ? null : { v: time };
              const headers: Headers = op.headersEvery > 0 && i % op.headersEvery === 0 ? [{ key: 'h', value: String(i) }] : NO_HEADERS;
              const r = log.append(key, value, time, headers, key === null || i % 2 === 0 ? undefined : keyId(key));
              model.push({ topic: 't', partition: 3, offset: r.offset, key, value, timestamp: time, headers });
            }
          } else if (op.kind === 'compact') {
            const cutoff = op.cutoffBack === null ? Number.POSITIVE_INFINITY : time - op.cutoffBack * 1000;
            const next = modelCompact(model, cutoff);
            expect(log.compact(cutoff)).toBe(model.length - next.length);
            model = next;
          } else if (op.kind === 'truncate') {
            const cutoff = time - op.back * 1000;
            const n = model.findIndex((r) => r.timestamp >= cutoff);
            const dropped = n === -1 ? model.length : n;
            expect(log.truncateBefore(cutoff)).toBe(dropped);
            if (dropped > 0) start = Math.max(start, dropped === model.length ? log.logEndOffset : model[dropped]!.offset);
            model = model.slice(dropped);
          } else if (op.kind === 'deleteBefore') {
            const before = Math.max(0, log.logEndOffset - op.back);
            start = Math.max(start, before);
            expect(log.deleteBefore(before)).toBe(start);
            model = model.filter((r) => r.offset >= before);
          } else {
            const from = Math.max(0, log.logEndOffset - op.back);
            expect(log.read(from, op.max)).toEqual(model.filter((r) => r.offset >= from).slice(0, op.max));
          }
          expect(log.size).toBe(model.length);
          expect(log.logStartOffset).toBe(start);
        }
        expect(log.all()).toEqual(model);
        for (let i = 0; i < model.length; i += 997) expect(log.recordAt(log.indexFrom(model[i]!.offset))).toEqual(model[i]);
      }),
      { numRuns: 40 },
    );
  });
});
