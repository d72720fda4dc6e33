import { describe, expect, it } from 'vitest';
import { SqlStatementError, SqlUnsupportedError } from '../../src/sql/errors.js';
import { isScalarFunction, resolveScalar } from '../../src/sql/functions/index.js';
import { T, type SqlType } from '../../src/sql/types.js';
import { Decimal } from '../../src/sql/values.js';

const UNIT: SqlType = { base: 'CUSTOM', name: 'INTERVALUNIT' };

/** Resolves by argument types and invokes, as the expression compiler does. */
function call(name: string, typedArgs: readonly [SqlType | null, unknown][]): unknown {
  const fn = resolveScalar(
    name,
    typedArgs.map(([t]) => t),
  );
  return fn.invoke(typedArgs.map(([, v]) => v));
}

const str = (v: string | null): [SqlType, unknown] => [T.STRING, v];
const int = (v: number | null): [SqlType, unknown] => [T.INTEGER, v];
const big = (v: bigint | null): [SqlType, unknown] => [T.BIGINT, v];
const dbl = (v: number | null): [SqlType, unknown] => [T.DOUBLE, v];
const dec = (text: string, precision: number, scale: number): [SqlType, unknown] => [T.decimal(precision, scale), Decimal.parse(text)];

function resolveError(name: string, types: readonly (SqlType | null)[]): string {
  try {
    resolveScalar(name, types);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlStatementError);
    return (e as Error).message;
  }
  throw new Error(`expected ${name} to fail`);
}

describe('resolution', () => {
  it("reports unknown functions and bad parameters in ksqlDB's words", () => {
    expect(resolveError('WONT_FIND_ME', [])).toBe("Can't find any functions with the name 'WONT_FIND_ME'");
    expect(resolveError('GREATEST', [])).toBe("Function 'greatest' does not accept parameters ().");
    expect(resolveError('LEAST', [T.STRING, T.INTEGER])).toBe("Function 'least' does not accept parameters (STRING, INTEGER).");
    expect(resolveError('GREATEST', [T.INTEGER, T.BIGINT])).toBe("Function 'greatest' cannot be resolved due to ambiguous method parameters (INTEGER, BIGINT).");
    expect(resolveError('COALESCE', [])).toContain("Function 'COALESCE' does not accept parameters ()");
  });

  it('widens arguments implicitly when no exact overload exists', () => {
    expect(resolveScalar('SQRT', [T.INTEGER]).returnType).toEqual(T.DOUBLE);
    expect(call('GEO_DISTANCE', [dbl(0), dbl(0), int(0), int(1)])).toBeCloseTo((6371 * Math.PI) / 180, 9);
    expect(resolveError('GEO_DISTANCE', [T.DOUBLE, T.DOUBLE, T.STRING, T.INTEGER])).toContain("Function 'geo_distance' does not accept parameters");
  });

  it('refuses non-deterministic functions as unsupported', () => {
    expect(() => resolveScalar('UNIX_TIMESTAMP', [])).toThrow(SqlUnsupportedError);
    expect(() => resolveScalar('UUID', [])).toThrow(SqlUnsupportedError);
    expect(isScalarFunction('ucase')).toBe(true);
    expect(isScalarFunction('count')).toBe(false);
  });
});

describe('string functions', () => {
  it('SUBSTRING is 1-based, negative from the end, clamped', () => {
    expect(call('SUBSTRING', [str('long enough'), int(2), int(5)])).toBe('ong e');
    expect(call('SUBSTRING', [str('abc'), int(-2)])).toBe('bc');
    expect(call('SUBSTRING', [str('s'), int(2), int(5)])).toBe('');
    expect(call('SUBSTRING', [str(null), int(1)])).toBeNull();
  });

  it('pads, trims, changes case', () => {
    expect(call('LPAD', [str('hi'), int(5), str('ab')])).toBe('abahi');
    expect(call('RPAD', [str('hello'), int(3), str('x')])).toBe('hel');
    expect(call('LPAD', [str('hi'), int(5), str('')])).toBeNull();
    expect(call('TRIM', [str(' \t x \t')])).toBe('x');
    expect(call('UCASE', [str('MiXeD')])).toBe('MIXED');
    expect(call('LCASE', [str('MiXeD')])).toBe('mixed');
    expect(call('INITCAP', [str('the   qUICK fox_x')])).toBe('The   Quick Fox_x');
    expect(call('LEN', [str('four')])).toBe(4);
  });

  it('CONCAT skips nulls; CONCAT_WS needs its separator', () => {
    expect(call('CONCAT', [str('a'), str(null), str('c')])).toBe('ac');
    expect(call('CONCAT_WS', [str('-'), str('a'), str(null), str('c')])).toBe('a-c');
    expect(call('CONCAT_WS', [str(null), str('a')])).toBeNull();
  });

  it('INSTR finds the n-th occurrence forwards or backwards (Oracle semantics)', () => {
    expect(call('INSTR', [str('CORPORATE FLOOR'), str('OR')])).toBe(2);
    expect(call('INSTR', [str('CORPORATE FLOOR'), str('OR'), int(3), int(2)])).toBe(14);
    expect(call('INSTR', [str('CORPORATE FLOOR'), str('OR'), int(-3), int(2)])).toBe(2);
    expect(call('INSTR', [str('short'), str('xyz')])).toBe(0);
  });

  it('replaces, splits and matches regular expressions', () => {
    expect(call('REPLACE', [str('a.b.c'), str('.'), str('-')])).toBe('a-b-c');
    expect(call('SPLIT', [str('a,b,,c'), str(',')])).toEqual(['a', 'b', '', 'c']);
    expect(call('SPLIT', [str('abc'), str('')])).toEqual(['a', 'b', 'c']);
    expect(call('REGEXP_EXTRACT', [str('(\\d+)-(\\d+)'), str('tel 12-34'), int(2)])).toBe('34');
    expect(call('REGEXP_EXTRACT_ALL', [str('\\d'), str('a1b2')])).toEqual(['1', '2']);
    expect(call('REGEXP_REPLACE', [str('a1b22'), str('\\d+'), str('#')])).toBe('a#b#');
    expect(call('REGEXP_SPLIT_TO_ARRAY', [str('a1b22c'), str('\\d+')])).toEqual(['a', 'b', 'c']);
  });

  it('ENCODE converts between hex, utf8, ascii and base64', () => {
    expect(call('ENCODE', [str('Hi!'), str('ascii'), str('hex')])).toBe('486921');
    expect(call('ENCODE', [str('486921'), str('hex'), str('base64')])).toBe('SGkh');
    expect(call('ENCODE', [str('é'), str('ascii'), str('utf8')])).toBe('?');
  });

  it('CHR, ELT and FIELD', () => {
    expect(call('CHR', [int(75)])).toBe('K');
    expect(call('CHR', [str('\\u004b')])).toBe('K');
    expect(call('CHR', [int(-1)])).toBeNull();
    expect(call('ELT', [int(2), str('a'), str('b')])).toBe('b');
    expect(call('ELT', [int(3), str('a'), str('b')])).toBeNull();
    expect(call('FIELD', [str('b'), str('a'), str('b')])).toBe(2);
    expect(call('FIELD', [str(null), str('a')])).toBe(0);
  });
});

describe('math functions', () => {
  it('ABS, CEIL, FLOOR keep the argument type', () => {
    expect(call('ABS', [int(-3)])).toBe(3);
    expect(call('ABS', [big(-3n)])).toBe(-(-3n));
    expect(call('ABS', [dec('-3.20', 3, 2)])).toEqual(Decimal.parse('3.20'));
    expect(call('CEIL', [dbl(1.1)])).toBe(2);
    expect(call('FLOOR', [dbl(-1.1)])).toBe(-2);
    // ksqlDB's Ceil / Floor keep the decimal's type and scale.
    expect(call('FLOOR', [dec('-1.5', 2, 1)])).toEqual(new Decimal(-20n, 1));
    expect(call('CEIL', [dec('1.5', 2, 1)])).toEqual(new Decimal(20n, 1));
    expect(resolveScalar('FLOOR', [T.decimal(4, 2)]).returnType).toEqual(T.decimal(4, 2));
    // ROUND(DECIMAL(p, s)) is DECIMAL(p - s, 0).
    expect(resolveScalar('ROUND', [T.decimal(33, 16)]).returnType).toEqual(T.decimal(17, 0));
  });

  it('ROUND rounds half up for positive values and toward zero on ties for negative ones, like Math.round', () => {
    expect(call('ROUND', [dbl(1.5)])).toBe(2n);
    expect(call('ROUND', [dbl(-1.5)])).toBe(-1n);
    expect(call('ROUND', [dbl(-1.7)])).toBe(-2n);
    expect(call('ROUND', [dbl(1.25), int(1)])).toBe(1.3);
    expect(call('ROUND', [dbl(-1.25), int(1)])).toBe(-1.2);
    expect(call('ROUND', [dbl(1234.5), int(-2)])).toBe(1200);
    expect(call('ROUND', [dec('2.345', 4, 3), int(2)])).toEqual(Decimal.parse('2.350'));
    expect(call('ROUND', [dec('2.5', 2, 1)])).toEqual(new Decimal(3n, 0));
    expect(call('ROUND', [dbl(null)])).toBeNull();
  });

  it("follows Java's Math for roots, logs, powers and signs", () => {
    expect(call('SQRT', [int(16)])).toBe(4);
    expect(call('SQRT', [dbl(-1)])).toBeNaN();
    expect(call('LN', [dbl(Math.E)])).toBe(1);
    expect(call('LOG', [dbl(0)])).toBe(-Infinity);
    expect(call('LOG', [int(2), int(8)])).toBeCloseTo(3, 12);
    expect(call('POWER', [int(2), int(10)])).toBe(1024);
    expect(call('SIGN', [dbl(-0.5)])).toBe(-1);
    expect(call('EXP', [int(0)])).toBe(1);
    expect(call('TRUNC', [dbl(-1.7)])).toBe(-1n);
  });

  it('GREATEST and LEAST skip nulls', () => {
    expect(call('GREATEST', [int(1), int(null), int(7), int(3)])).toBe(7);
    expect(call('LEAST', [str('b'), str('a')])).toBe('a');
    expect(call('GREATEST', [int(null), int(null)])).toBeNull();
  });
});

describe('date and time functions', () => {
  // 2021-07-01T12:00:00Z: 18809 days after the epoch, plus 12 hours.
  const JULY = 18809 * 86_400_000 + 12 * 3_600_000;
  // 2021-01-15T12:00:00Z
  const JANUARY = 18642 * 86_400_000 + 12 * 3_600_000;

  it('formats timestamps with Java patterns in a zone', () => {
    expect(call('TIMESTAMPTOSTRING', [big(0n), str('yyyy-MM-dd HH:mm:ss.SSS')])).toBe('1970-01-01 00:00:00.000');
    expect(call('TIMESTAMPTOSTRING', [big(BigInt(JULY)), str('yyyy-MM-dd HH:mm:ss'), str('Europe/London')])).toBe('2021-07-01 13:00:00');
    expect(call('TIMESTAMPTOSTRING', [big(BigInt(JANUARY)), str('HH:mm zzz'), str('Europe/London')])).toBe('12:00 GMT');
    expect(call('TIMESTAMPTOSTRING', [big(BigInt(JULY)), str('HH:mm zzz'), str('Europe/London')])).toBe('13:00 BST');
    expect(call('TIMESTAMPTOSTRING', [int(0), str('yyyy-MM-dd'), str('UTC')])).toBe('1970-01-01');
    expect(call('FORMAT_TIMESTAMP', [[T.TIMESTAMP, JULY], str("yyyy-MM-dd'T'HH:mm:ss.SSSX"), str('UTC')])).toBe('2021-07-01T12:00:00.000Z');
    expect(call('FORMAT_TIMESTAMP', [[T.TIMESTAMP, JULY], str('HH:mm XXX'), str('America/New_York')])).toBe('08:00 -04:00');
    expect(call('FORMAT_TIMESTAMP', [[T.TIMESTAMP, JULY], str('EEE, d MMM yy hh:mm a'), str('UTC')])).toBe('Thu, 1 Jul 21 12:00 PM');
  });

  it('parses timestamps, honouring a zone in the text', () => {
    expect(call('PARSE_TIMESTAMP', [str('2021-07-01 13:00:00'), str('yyyy-MM-dd HH:mm:ss'), str('Europe/London')])).toBe(JULY);
    expect(call('STRINGTOTIMESTAMP', [str("2021-07-01T14:00:00+0200"), str("yyyy-MM-dd'T'HH:mm:ssZ")])).toBe(BigInt(JULY));
    expect(call('PARSE_TIMESTAMP', [str('2021-07-01T12:00:00.5Z'), str("yyyy-MM-dd'T'HH:mm:ss.SX")])).toBe(JULY + 500);
    expect(() => call('PARSE_TIMESTAMP', [str('not a date'), str('yyyy-MM-dd')])).toThrow();
  });

  it('formats and parses dates and times', () => {
    expect(call('DATETOSTRING', [int(18809), str('dd/MM/yyyy')])).toBe('01/07/2021');
    expect(call('STRINGTODATE', [str('01-Jul-2021'), str('dd-MMM-yyyy')])).toBe(18809);
    expect(call('PARSE_DATE', [str('20210701'), str('yyyyMMdd')])).toBe(18809);
    expect(call('FORMAT_DATE', [[T.DATE, -1], str("yyyy-MM-dd'!'")])).toBe('1969-12-31!');
    expect(call('PARSE_TIME', [str('01:30 pm'), str('hh:mm a')])).toBe(13.5 * 3_600_000);
    expect(call('FORMAT_TIME', [[T.TIME, 3_723_004], str('HH:mm:ss.SSS')])).toBe('01:02:03.004');
  });

  it('converts between zones and units', () => {
    expect(call('CONVERT_TZ', [[T.TIMESTAMP, 0], str('UTC'), str('America/New_York')])).toBe(-5 * 3_600_000);
    expect(call('CONVERT_TZ', [[T.TIMESTAMP, 0], str('+0100'), str('+0300')])).toBe(2 * 3_600_000);
    expect(call('FROM_UNIXTIME', [big(5n)])).toBe(5);
    expect(call('UNIX_TIMESTAMP', [[T.TIMESTAMP, 5]])).toBe(5n);
    expect(call('FROM_DAYS', [int(3)])).toBe(3);
    expect(call('DATEADD', [[UNIT, 'DAYS'], int(2), [T.DATE, 10]])).toBe(12);
    expect(call('DATESUB', [[UNIT, 'HOURS'], int(48), [T.DATE, 10]])).toBe(8);
    expect(call('TIMEADD', [[UNIT, 'HOURS'], int(25), [T.TIME, 0]])).toBe(3_600_000);
    expect(call('TIMESUB', [[UNIT, 'MILLISECONDS'], int(1), [T.TIME, 0]])).toBe(86_399_999);
    expect(call('TIMESTAMPADD', [[UNIT, 'SECONDS'], int(2), [T.TIMESTAMP, 1]])).toBe(2001);
    expect(resolveError('DATESUB', [T.DATE, T.INTEGER, T.DATE])).toBe("Function 'datesub' does not accept parameters (DATE, INTEGER, DATE).");
  });
});

describe('collection functions', () => {
  const ints = (...v: (number | null)[]): [SqlType, unknown] => [T.array(T.INTEGER), v];

  it('searches, sorts and de-duplicates arrays', () => {
    expect(call('ARRAY_CONTAINS', [ints(1, 2), int(2)])).toBe(true);
    expect(call('ARRAY_CONTAINS', [[T.array(T.INTEGER), null], int(2)])).toBe(false);
    expect(call('ARRAY_LENGTH', [ints(1, 2)])).toBe(2);
    expect(call('ARRAY_SORT', [ints(3, null, 1)])).toEqual([1, 3, null]);
    expect(call('ARRAY_SORT', [ints(3, null, 1), str('DESC')])).toEqual([3, 1, null]);
    expect(call('ARRAY_MAX', [ints(3, null, 7)])).toBe(7);
    expect(call('ARRAY_MIN', [ints()])).toBeNull();
    expect(call('ARRAY_DISTINCT', [ints(1, 1, 2, null, null)])).toEqual([1, 2, null]);
    expect(call('ARRAY_UNION', [ints(1, 2), ints(2, 3)])).toEqual([1, 2, 3]);
    expect(call('ARRAY_INTERSECT', [ints(1, 2, 2), ints(2, 3)])).toEqual([2]);
    expect(call('ARRAY_EXCEPT', [ints(1, 2, 1), ints(2)])).toEqual([1]);
    expect(call('ARRAY_REMOVE', [ints(1, 2, 1), int(1)])).toEqual([2]);
    expect(call('ARRAY_JOIN', [ints(1, 2)])).toBe('1,2');
    expect(call('ARRAY_JOIN', [ints(1, 2), str('|')])).toBe('1|2');
    expect(call('SLICE', [ints(1, 2, 3, 4), int(2), int(3)])).toEqual([2, 3]);
  });

  it('builds and reads maps', () => {
    const m: [SqlType, unknown] = [
      T.map(T.STRING, T.INTEGER),
      new Map([
        ['b', 2],
        ['a', 1],
      ]),
    ];
    expect(call('MAP_KEYS', [m])).toEqual(['b', 'a']);
    expect(call('MAP_VALUES', [m])).toEqual([2, 1]);
    expect(call('ENTRIES', [m, [T.BOOLEAN, true]])).toEqual([
      { K: 'a', V: 1 },
      { K: 'b', V: 2 },
    ]);
    expect(call('SPLIT_TO_MAP', [str('a=1;b=2'), str(';'), str('=')])).toEqual(
      new Map([
        ['a', '1'],
        ['b', '2'],
      ]),
    );
    expect(call('AS_MAP', [[T.array(T.STRING), ['x', 'y']], ints(1, 2)])).toEqual(
      new Map([
        ['x', 1],
        ['y', 2],
      ]),
    );
  });
});

describe('JSON functions', () => {
  const doc = '{"a": {"b": [1.50, "x"]}, "@type": "t"}';

  it('EXTRACTJSONFIELD keeps number text and unwraps strings', () => {
    expect(call('EXTRACTJSONFIELD', [str(doc), str('$.a.b[0]')])).toBe('1.50');
    expect(call('EXTRACTJSONFIELD', [str(doc), str('$.a.b[1]')])).toBe('x');
    expect(call('EXTRACTJSONFIELD', [str(doc), str('$.a')])).toBe('{"b":[1.50,"x"]}');
    expect(call('EXTRACTJSONFIELD', [str(doc), str('$.@type')])).toBe('t');
    expect(call('EXTRACTJSONFIELD', [str(doc), str('$.a.b[-1]')])).toBeNull();
    expect(call('EXTRACTJSONFIELD', [str('not json'), str('$.a')])).toBeNull();
  });

  it('inspects and combines JSON documents', () => {
    expect(call('IS_JSON_STRING', [str('[1, 2]')])).toBe(true);
    expect(call('IS_JSON_STRING', [str('{oops')])).toBe(false);
    expect(call('JSON_KEYS', [str('{"x": 1, "y": 2}')])).toEqual(['x', 'y']);
    expect(call('JSON_ITEMS', [str('[{"a": 1}, 2]')])).toEqual(['{"a":1}', '2']);
    expect(call('JSON_RECORDS', [str('{"x": [1]}')])).toEqual(new Map([['x', '[1]']]));
    expect(call('JSON_CONCAT', [str('{"a": 1}'), str('{"b": 2}')])).toBe('{"a":1,"b":2}');
    expect(call('JSON_CONCAT', [str('[1]'), str('2')])).toBe('[1,2]');
    expect(call('JSON_ARRAY_CONTAINS', [str('[1, "a"]'), str('a')])).toBe(true);
    expect(call('JSON_ARRAY_CONTAINS', [str('[1, "a"]'), int(1)])).toBe(true);
  });

  it('TO_JSON_STRING writes SQL values as compact JSON', () => {
    const struct = T.struct([
      { name: 'ID', type: T.INTEGER },
      { name: 'TAGS', type: T.array(T.STRING) },
    ]);
    expect(call('TO_JSON_STRING', [[struct, { ID: 1, TAGS: ['x'] }]])).toBe('{"ID":1,"TAGS":["x"]}');
    expect(call('TO_JSON_STRING', [str(null)])).toBe('null');
    expect(call('TO_JSON_STRING', [[T.DATE, 1]])).toBe('"1970-01-02"');
    expect(call('TO_JSON_STRING', [dec('1.50', 3, 2)])).toBe('1.50');
  });
});

describe('null handling, hashing, URLs', () => {
  it('IFNULL, COALESCE, NULLIF, AS_VALUE', () => {
    expect(call('IFNULL', [str(null), str('x')])).toBe('x');
    expect(call('COALESCE', [int(null), int(null), int(3)])).toBe(3);
    expect(call('NULLIF', [int(3), int(3)])).toBeNull();
    expect(call('NULLIF', [int(3), int(4)])).toBe(3);
    expect(call('AS_VALUE', [big(7n)])).toBe(7n);
  });

  it('MD5 gives lower-case hex', () => {
    expect(call('MD5', [str('')])).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('URL functions split and encode like java.net', () => {
    const url = str('https://user@example.com:8080/a/b?x=1&y=two%20words#frag');
    expect(call('URL_EXTRACT_PROTOCOL', [url])).toBe('https');
    expect(call('URL_EXTRACT_HOST', [url])).toBe('example.com');
    expect(call('URL_EXTRACT_PORT', [url])).toBe(8080);
    expect(call('URL_EXTRACT_PATH', [url])).toBe('/a/b');
    expect(call('URL_EXTRACT_QUERY', [url])).toBe('x=1&y=two words');
    expect(call('URL_EXTRACT_FRAGMENT', [url])).toBe('frag');
    expect(call('URL_EXTRACT_PARAMETER', [url, str('y')])).toBe('two words');
    expect(call('URL_EXTRACT_PROTOCOL', [str('example.com')])).toBeNull();
    expect(call('URL_ENCODE_PARAM', [str('a b&c~')])).toBe('a+b%26c%7E');
    expect(call('URL_DECODE_PARAM', [str('a+b%26c')])).toBe('a b&c');
  });
});

describe('bytes, splitting, implicit casts', () => {
  const bytes = (...b: number[]): [SqlType, unknown] => [T.BYTES, Uint8Array.from(b)];

  it('reads numbers from big- or little-endian bytes of the exact width', () => {
    expect(call('INT_FROM_BYTES', [bytes(0, 0, 1, 2)])).toBe(258);
    expect(call('INT_FROM_BYTES', [bytes(2, 1, 0, 0), str('little_endian')])).toBe(258);
    expect(call('BIGINT_FROM_BYTES', [bytes(0, 0, 0, 0, 0, 0, 0, 9)])).toBe(9n);
    expect(call('DOUBLE_FROM_BYTES', [bytes(0x3f, 0xf0, 0, 0, 0, 0, 0, 0)])).toBe(1);
    expect(() => call('INT_FROM_BYTES', [bytes(1, 2)])).toThrow();
  });

  it('writes upper-case hex from bytes; ENCODE accepts 0x and X quoting', () => {
    expect(call('FROM_BYTES', [bytes(0xab, 0x01), str('hex')])).toBe('AB01');
    expect(call('ENCODE', [str('0x141'), str('hex'), str('utf8')])).toBe('\u0001A');
    expect(call('ENCODE', [str("X'4142'"), str('hex'), str('ascii')])).toBe('AB');
    expect(() => call('ENCODE', [str('141'), str('hex'), str('ascii')])).toThrow();
  });

  it('splits strings, bytes and regular expressions like ksqlDB', () => {
    expect(call('SPLIT', [str(''), str('')])).toEqual(['']);
    expect(call('SPLIT', [bytes(1, 0, 2), bytes(0)])).toEqual([Uint8Array.of(1), Uint8Array.of(2)]);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [str('xabyabz'), str('(ab)')])).toEqual(['x', 'y', 'z']);
    expect(call('SPLIT_TO_MAP', [str('a=1=2;b=3'), str(';'), str('=')])).toEqual(
      new Map([
        ['a', '1'],
        ['b', '3'],
      ]),
    );
    expect(call('SPLIT_TO_MAP', [str('a=1'), str('='), str('=')])).toBeNull();
    expect(call('CONCAT_WS', [bytes(0), bytes(1), [T.BYTES, null], bytes(2)])).toEqual(Uint8Array.of(1, 0, 2));
  });

  it('masks letters, digits and the rest; a NULL mask leaves that class alone', () => {
    expect(call('MASK', [str('Ab-1')])).toBe('Xx-n');
    expect(call('MASK', [str('Ab-1'), str('*'), str(null), str('#'), str(null)])).toBe('*b-#');
    expect(call('MASK_LEFT', [str('Abc12'), int(2)])).toBe('Xxc12');
    expect(call('MASK_RIGHT', [str('Abc12'), int(2)])).toBe('Abcnn');
    expect(call('MASK_KEEP_LEFT', [str('Abc12'), int(2)])).toBe('Abxnn');
    expect(call('MASK_KEEP_RIGHT', [str('Abc12'), int(9)])).toBe('Abc12');
    expect(() => call('MASK_LEFT', [str('a'), int(-1)])).toThrow();
  });

  it('casts a STRING argument to DATE, TIME or TIMESTAMP when no overload takes it as is', () => {
    const d = (days: number): [SqlType, unknown] => [T.DATE, days];
    expect(call('GREATEST', [d(1), str('1970-01-05')])).toBe(4);
    expect(call('LEAST', [bytes(0x01), bytes(0xff)])).toEqual(Uint8Array.of(0xff));
  });
});
