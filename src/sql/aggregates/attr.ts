/**
 * ATTR(col) (ksqlDB's Attr, a TableUdaf): the single value the group holds, or null once it has held more
 * than one distinct value. The accumulator counts each distinct value (null included); undo lowers a count
 * but keeps the entry at zero, as ksqlDB does, and the result looks only at entries with a positive count.
 */
import { T } from '../types.js';
import { noOverload, valueKey, type UdafFactory } from './udaf.js';

interface Entry {
  readonly VALUE: unknown;
  readonly COUNT: number;
}

type Entries = readonly Entry[];

function update(acc: Entries, value: unknown, by: number): Entries {
  const key = valueKey(value);
  let found = false;
  const out = acc.map((e) => {
    if (valueKey(e.VALUE) !== key) return e;
    found = true;
    return { VALUE: e.VALUE, COUNT: Math.max(0, e.COUNT + by) };
  });
  if (!found && by > 0) out.push({ VALUE: value ?? null, COUNT: by });
  return out;
}

export const attr: UdafFactory = (req) => {
  const arg = req.argTypes[0];
  if (req.argTypes.length !== 1 || arg === undefined) throw noOverload(req);
  return {
    returnType: arg,
    aggregateType: T.array(
      T.struct([
        { name: 'VALUE', type: arg },
        { name: 'COUNT', type: T.INTEGER },
      ]),
    ),
    initial: () => [],
    add: (acc, args) => update(acc as Entries, args[0], 1),
    undo: (acc, args) => update(acc as Entries, args[0], -1),
    merge: (a, b) => (b as Entries).reduce((out, e) => update(out, e.VALUE, e.COUNT), a as Entries),
    result: (acc) => {
      const live = (acc as Entries).filter((e) => e.COUNT > 0);
      return live.length === 1 ? (live[0]?.VALUE ?? null) : null;
    },
  };
};
