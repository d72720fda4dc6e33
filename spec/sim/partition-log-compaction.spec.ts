import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyId } from '../../src/sim/key-id.js';
import { PartitionLog } from '../../src/sim/partition-log.js';

/**
 * The incremental compaction (only dirty records' keys looked up, between passes; ids given by writers or computed)
 * against the definition of the
 * log cleaner's result: of the records still in the log, the latest per key, with expired tombstones gone and
 * null-key records kept. Retention and deleteRecords interleave with appends and passes.
 */
type Op =
  | { kind: 'append'; key: string | { k: string } | null; tombstone: boolean; withId: boolean }
  | { kind: 'compact'; cutoffBack: number | null }
  | { kind: 'truncate'; back: number }
  | { kind: 'deleteBefore'; back: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      key: fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.constantFrom('a', 'b').map((k) => ({ k })), fc.constant(null)),
      tombstone: fc.boolean(),
      withId: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('compact' as const), cutoffBack: fc.option(fc.integer({ min: 0, max: 20 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteBefore' as const), back: fc.integer({ min: 0, max: 30 }) }) },
);

interface ModelRecord {
  offset: number;
  id: string | null;
  tombstone: boolean;
  timestamp: number;
}

function modelCompact(log: ModelRecord[], cutoff: number): ModelRecord[] {
  const latest = new Map<string, number>();
  log.forEach((r, i) => {
    if (r.id !== null) latest.set(r.id, i);
  });
  return log.filter((r, i) => r.id === null || (latest.get(r.id) === i && (!r.tombstone || r.timestamp >= cutoff)));
}

describe('PartitionLog#compact (incremental) matches the full-pass definition', () => {
  it('under interleaved appends, passes, retention and deleteRecords', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const log = new PartitionLog('t', 0);
        let model: ModelRecord[] = [];
        let time = 0;
        for (const op of ops) {
          if (op.kind === 'append') {
            time++;
            // Writers that know the key's id pass it (stores, for their changelogs); the others leave it to the cleaner.
            const r = log.append(op.key, op.tombstone ? null : `v${time}`, time, [], op.withId && op.key !== null ? keyId(op.key) : undefined);
            model.push({ offset: r.offset, id: op.key === null ? null : keyId(op.key), tombstone: op.tombstone, timestamp: time });
          } else if (op.kind === 'compact') {
            const cutoff = op.cutoffBack === null ? Number.POSITIVE_INFINITY : time - op.cutoffBack;
            const removed = log.compact(cutoff);
            const next = modelCompact(model, cutoff);
            expect(removed).toBe(model.length - next.length);
            model = next;
          } else if (op.kind === 'truncate') {
            log.truncateBefore(time - op.back);
            model = model.filter((r) => r.timestamp >= time - op.back);
          } else {
            const before = Math.max(0, log.logEndOffset - op.back);
            log.deleteBefore(before);
            model = model.filter((r) => r.offset >= before);
          }
          expect(log.all().map((r) => r.offset)).toEqual(model.map((r) => r.offset));
        }
      }),
    );
  });
});
