import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLossless, ndjsonLines, parseJsonLine, toJson } from '../../src/cli/ndjson.js';
import { renderSummaryTable } from '../../src/cli/summary-table.js';
import { Decimal, JsonNumber } from '../../src/sql/values.js';

describe('NDJSON writer: lossless numbers and SQL values', () => {
  it('writes bigint (SQL BIGINT) as a JSON number at any size, Decimal keeping its scale', () => {
    expect(toJson({ small: 42n, big: 9223372036854775807n, neg: -9223372036854775808n })).toBe('{"small":42,"big":9223372036854775807,"neg":-9223372036854775808}');
    expect(toJson([Decimal.parse('1.50'), Decimal.parse('-0.05'), new Decimal(12345n, 0)])).toBe('[1.50,-0.05,12345]');
    expect(toJson(new JsonNumber('1.10'))).toBe('1.10');
  });

  it('writes Map as an object, Uint8Array as base64, Date as ISO text; keys in the order given, not sorted', () => {
    const m = new Map<string, unknown>([
      ['z', 1],
      ['a', new Uint8Array([104, 105])],
    ]);
    expect(toJson({ b: 1, a: m, at: new Date(0) })).toBe('{"b":1,"a":{"z":1,"a":"aGk="},"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('leaves out undefined fields and writes non-finite numbers as null, as JSON.stringify', () => {
    expect(toJson({ a: undefined, b: [undefined, Number.NaN, Infinity], c: null })).toBe('{"b":[null,null,null],"c":null}');
  });

  it('is JSON.stringify for plain JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(toJson(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 200 },
    );
  });
});

describe('NDJSON reader', () => {
  it('reads integers beyond 2^53 as bigint and everything else as JSON.parse does', () => {
    expect(parseJsonLine('{"id":9223372036854775807,"n":9007199254740991,"x":1.5,"e":1e3,"s":"1"}')).toEqual({
      id: 9223372036854775807n,
      n: 9007199254740991,
      x: 1.5,
      e: 1000,
      s: '1',
    });
    expect(fromLossless([new JsonNumber('-9007199254740993'), new JsonNumber('-9007199254740992'), new JsonNumber('10000000000000000')])).toEqual([
      -9007199254740993n,
      -9007199254740992, // a double holds 2^53 exactly
      1e16,
    ]);
  });

  it('reads back what it writes (plain JSON values)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(parseJsonLine(toJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 200 },
    );
  });

  it('numbers the non-blank lines from 1, blank lines and CR line ends included', () => {
    expect(ndjsonLines('{"a":1}\r\n\n  \n{"b":2}')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
  });
});

describe('summary tables as text', () => {
  it('aligns columns, numbers to the right, null as -, and says when there are no rows', () => {
    expect(
      renderSummaryTable({
        title: 'B7 average purchase per country',
        columns: ['country', 'purchases', 'paid'],
        rows: [
          ['FR', 91, true],
          ['CH', 5, null],
        ],
      }),
    ).toBe(['B7 average purchase per country', '  country  purchases  paid', '  -------  ---------  ----', '  FR              91  true', '  CH               5  -', ''].join('\n'));
    expect(renderSummaryTable({ title: 'empty', columns: ['a'], rows: [] })).toBe('empty\n  a\n  -\n  (no rows)\n');
  });
});
