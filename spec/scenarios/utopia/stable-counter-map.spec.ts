import { describe, expect, it } from 'vitest';
import { increment, top, type CounterEntries } from '../../../src/scenarios/utopia/stable-counter-map.js';

const feed = (ids: readonly string[]): CounterEntries => ids.reduce<CounterEntries>((m, id) => increment(m, id), []);

describe('stable counter map (SCENARIOS.md §2.3)', () => {
  it('appends a new id with count 1 behind existing entries of count 1', () => {
    expect(feed(['b', 'a', 'c'])).toEqual([
      ['b', 1],
      ['a', 1],
      ['c', 1],
    ]);
  });

  it('an entry that reaches a tied count later stays behind', () => {
    expect(feed(['x', 'y', 'y', 'x'])).toEqual([
      ['y', 2],
      ['x', 2],
    ]);
  });

  it('keeps integer-like ids in count order, not numeric order (why values are lists, not objects)', () => {
    expect(top(feed(['900', '100', '100']), 2)).toEqual([
      ['100', 2],
      ['900', 1],
    ]);
  });

  it('has no 1000-entry cap (the original SortedCounterMap dropped entries beyond 1000)', () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `id${i}`);
    const m = increment(feed(ids), 'id1000');
    expect(m).toHaveLength(1001);
    expect(m[0]).toEqual(['id1000', 2]);
    expect(m[1]).toEqual(['id0', 1]);
  });

  it('never mutates the map it is given', () => {
    const m = feed(['a']);
    increment(m, 'b');
    expect(m).toEqual([['a', 1]]);
  });
});
