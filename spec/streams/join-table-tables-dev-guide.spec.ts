import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver, type JoinKind } from '../../src/index.js';

/**
 * The Kafka Streams developer guide's tables for table-table joins, row by row
 * (docs/streams/developer-guide/dsl-api.html, "Semantics of table-table equi-joins" and
 * "Semantics of table-table foreign-key joins"). A cell is what the ValueJoiner was called with, `null`
 * a tombstone, and an empty cell (undefined here) no output at all.
 */

type Pair = readonly [string | null, string | null];
type Cell = Pair | null | undefined;

// Timestamp | Left (KTable) | Right (KTable) | (INNER) JOIN | LEFT JOIN | OUTER JOIN; all records have key 'k'.
const EQUI_JOIN_ROWS: ReadonlyArray<readonly [number, 'left' | 'right', string | null, Cell, Cell, Cell]> = [
  [1, 'left', null, undefined, undefined, undefined],
  [2, 'right', null, undefined, undefined, undefined],
  [3, 'left', 'A', undefined, ['A', null], ['A', null]],
  [4, 'right', 'a', ['A', 'a'], ['A', 'a'], ['A', 'a']],
  [5, 'left', 'B', ['B', 'a'], ['B', 'a'], ['B', 'a']],
  [6, 'right', 'b', ['B', 'b'], ['B', 'b'], ['B', 'b']],
  [7, 'left', null, null, null, [null, 'b']],
  [8, 'right', null, undefined, undefined, null],
  [9, 'left', 'C', undefined, ['C', null], ['C', null]],
  [10, 'right', 'c', ['C', 'c'], ['C', 'c'], ['C', 'c']],
  [11, 'right', null, null, ['C', null], ['C', null]],
  [12, 'left', null, undefined, null, null],
  [13, 'right', null, undefined, undefined, undefined],
  [14, 'right', 'd', undefined, undefined, [null, 'd']],
  [15, 'left', 'D', ['D', 'd'], ['D', 'd'], ['D', 'd']],
];

function equiJoinDriver(kind: JoinKind) {
  const builder = new StreamsBuilder();
  const left = builder.table<string, string>('left');
  const right = builder.table<string, string>('right');
  const joiner = (l: string | null, r: string | null): Pair => [l, r];
  const joined =
    kind === 'inner' ? left.join(right, joiner) : kind === 'left' ? left.leftJoin(right, joiner) : left.outerJoin(right, joiner);
  joined.toStream().to('out');
  const driver = new TestDriver(builder);
  return {
    left: driver.createInputTopic<string, string | null>('left'),
    right: driver.createInputTopic<string, string | null>('right'),
    out: driver.createOutputTopic<string, Pair | null>('out'),
  };
}

describe('developer guide: semantics of table-table equi-joins (timestamps 1..15)', () => {
  const columns: ReadonlyArray<readonly [JoinKind, 3 | 4 | 5]> = [
    ['inner', 3],
    ['left', 4],
    ['outer', 5],
  ];
  for (const [kind, column] of columns) {
    it(`${kind} join: every row as the guide's ${kind.toUpperCase()} JOIN column, output timestamp = the update's (max of both sides)`, () => {
      const { left, right, out } = equiJoinDriver(kind);
      for (const row of EQUI_JOIN_ROWS) {
        const [ts, side, value] = row;
        const expected = row[column];
        (side === 'left' ? left : right).pipeInput('k', value, ts);
        const emitted = out.readRecordsToList().map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp }));
        expect(emitted, `row ${ts}`).toEqual(expected === undefined ? [] : [{ key: 'k', value: expected, timestamp: ts }]);
      }
    });
  }
});

// Record Offset | Left KTable (K, extracted-FK) | Right KTable (FK, VR) | (INNER) JOIN | LEFT JOIN.
// The guide's extractor "uses the left value as the FK"; here the left value is { fk } so that a row whose
// extracted FK is null (offset 5) is an update, not a delete: the guide's LEFT JOIN then shows (k,null,null).
type FkRow = {
  readonly offset: number;
  readonly left?: readonly [string, string | null];
  readonly right?: readonly [string, string];
  readonly inner: ReadonlyArray<readonly [string, string | null]>;
  readonly leftJoin: ReadonlyArray<readonly [string, string | null]>;
};

/** Joined values are written "FK,VR" as the guide writes (k,1,foo); a tombstone is null. */
const FK_JOIN_ROWS: readonly FkRow[] = [
  { offset: 1, left: ['k', '1'], right: ['1', 'foo'], inner: [['k', '1,foo']], leftJoin: [['k', '1,foo']] },
  { offset: 2, left: ['k', '2'], inner: [['k', null]], leftJoin: [['k', '2,null']] },
  { offset: 3, left: ['k', '3'], inner: [['k', null]], leftJoin: [['k', '3,null']] },
  { offset: 4, right: ['3', 'bar'], inner: [['k', '3,bar']], leftJoin: [['k', '3,bar']] },
  { offset: 5, left: ['k', null], inner: [['k', null]], leftJoin: [['k', 'null,null']] },
  { offset: 6, left: ['k', '1'], inner: [['k', '1,foo']], leftJoin: [['k', '1,foo']] },
  { offset: 7, left: ['q', '10'], inner: [], leftJoin: [['q', '10,null']] },
  { offset: 8, left: ['r', '10'], inner: [], leftJoin: [['r', '10,null']] },
  {
    offset: 9,
    right: ['10', 'baz'],
    inner: [
      ['q', '10,baz'],
      ['r', '10,baz'],
    ],
    leftJoin: [
      ['q', '10,baz'],
      ['r', '10,baz'],
    ],
  },
];

describe('developer guide: semantics of table-table foreign-key joins (record offsets 1..9)', () => {
  for (const kind of ['inner', 'left'] as const) {
    it(`${kind} join: every row as the guide's ${kind === 'inner' ? '(INNER) JOIN' : 'LEFT JOIN'} column`, () => {
      const builder = new StreamsBuilder();
      const left = builder.table<string, { fk: string | null }>('left');
      const right = builder.table<string, string>('right');
      const joiner = (v: { fk: string | null }, vo: string | null) => `${v.fk},${vo}`;
      // Kafka's extractor may return null; the DSL types it as KO, hence the cast.
      const extract = (v: { fk: string | null }) => v.fk as string;
      (kind === 'inner' ? left.join(right, extract, joiner) : left.leftJoin(right, extract, joiner)).toStream().to('out');
      const driver = new TestDriver(builder);
      const leftIn = driver.createInputTopic<string, { fk: string | null }>('left');
      const rightIn = driver.createInputTopic<string, string>('right');
      const out = driver.createOutputTopic<string, string | null>('out');
      for (const row of FK_JOIN_ROWS) {
        // Offset 1 has a record on both sides; the right one comes first so that the guide's single result shows.
        if (row.right !== undefined) rightIn.pipeInput(row.right[0], row.right[1], row.offset);
        if (row.left !== undefined) leftIn.pipeInput(row.left[0], { fk: row.left[1] }, row.offset);
        const emitted = out.readKeyValuesToList().map((kv) => [kv.key, kv.value]);
        expect(emitted, `offset ${row.offset}`).toEqual(kind === 'inner' ? row.inner : row.leftJoin);
      }
    });
  }
});
