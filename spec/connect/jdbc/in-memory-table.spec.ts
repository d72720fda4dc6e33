import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryTable, matches, orderRows, type IncrementalQuery, type JdbcMode } from '../../../src/connect/jdbc/index.js';

describe('InMemoryTable visibility', () => {
  it('a poll sees per row the last version committed at or before it; nothing before the insert commits', () => {
    const t = new InMemoryTable('t', ['id', 'v']);
    t.insert({ id: 1, v: 'a' }, 100);
    t.update(0, { v: 'b' }, 300);
    t.update(0, { v: 'c' }, 200); // written later, committed earlier: 'b' (committed last) wins from 300
    expect([50, 100, 250, 300].map((at) => t.rowAt(0, at)?.['v'])).toEqual([undefined, 'a', 'c', 'b']);
  });
});

/** A random row history: inserts and updates, each committed at some instant (possibly out of order). */
const write = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), ts: fc.option(fc.integer({ min: 0, max: 50 }), { freq: 8 }), inc: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 8 }), at: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('update' as const), target: fc.nat(), ts: fc.option(fc.integer({ min: 0, max: 50 }), { freq: 8 }), at: fc.integer({ min: 0, max: 60 }) }),
);
const query = fc.record({
  mode: fc.constantFrom<JdbcMode>('bulk', 'timestamp', 'incrementing', 'timestamp+incrementing'),
  begin: fc.integer({ min: -1, max: 50 }),
  end: fc.integer({ min: 0, max: 60 }),
  last: fc.integer({ min: -1, max: 30 }),
  now: fc.integer({ min: 0, max: 60 }),
});

describe('the indexed poll path equals the plain WHERE + ORDER BY over the visible snapshot', () => {
  it('for any history, any query sequence (times going back and forth), and writes between queries', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 25 }), fc.array(fc.tuple(query, fc.array(write, { maxLength: 2 })), { maxLength: 12 }), (history, steps) => {
        const t = new InMemoryTable('t', ['ts', 'inc', 'n']);
        let n = 0;
        const apply = (w: (typeof history)[number]): void => {
          if (w.kind === 'insert') t.insert({ ts: w.ts, inc: w.inc, n: n++ }, w.at);
          else if (t.size > 0) t.update(w.target % t.size, { ts: w.ts }, w.at);
        };
        history.forEach(apply);
        for (const [q, writes] of steps) {
          const iq: IncrementalQuery = {
            table: 't',
            mode: q.mode,
            timestampColumns: q.mode.startsWith('timestamp') ? ['ts'] : [],
            incrementingColumn: q.mode.endsWith('incrementing') ? 'inc' : null,
            beginTimestamp: q.begin,
            endTimestamp: q.end,
            lastIncrementing: q.last,
          };
          const naive = orderRows(iq, t.snapshot(q.now).filter((r) => matches(iq, r)));
          expect(t.selectNow(iq, q.now)).toEqual(naive);
          writes.forEach(apply);
        }
      }),
      { numRuns: 150 },
    );
  });
});
