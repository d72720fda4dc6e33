import { describe, expect, it } from 'vitest';
import { SqlStatementError, SqlUnsupportedError } from '../../src/sql/errors.js';
import {
  describeSchemaError,
  getFormat,
  parseValueDelimiter,
  SerializationError,
  UnsupportedSchemaError,
  valueWrapping,
  type FormatColumn,
} from '../../src/sql/formats/index.js';
import { T, type SqlType } from '../../src/sql/types.js';
import { Decimal, JsonNumber } from '../../src/sql/values.js';

const col = (name: string, type: SqlType): FormatColumn => ({ name, type });

describe('getFormat', () => {
  it('finds formats in any case and names unknown ones', () => {
    expect(getFormat('json').name).toBe('JSON');
    expect(() => getFormat('FOO')).toThrow(new SqlStatementError('Unknown format: FOO'));
    expect(() => getFormat('AVRO')).toThrow(SqlUnsupportedError);
  });
});

describe('checkSupported', () => {
  it('KAFKA: one primitive column', () => {
    const kafka = getFormat('KAFKA');
    expect(() => kafka.checkSupported([col('V', T.array(T.INTEGER))], false)).toThrow("The 'KAFKA' format does not support type 'ARRAY'");
    expect(() => kafka.checkSupported([col('V', T.BOOLEAN)], false)).toThrow("The 'KAFKA' format does not support type 'BOOLEAN'");
    expect(() => kafka.checkSupported([col('A', T.INTEGER), col('B', T.INTEGER)], true)).toThrow(
      "The 'KAFKA' format only supports a single field. Got: [`A` INTEGER KEY, `B` INTEGER KEY]",
    );
    expect(() => kafka.checkSupported([col('V', T.BIGINT)], false)).not.toThrow();
    expect(() => kafka.checkSupported([col('V', T.BIGINT)], false, { wrapSingleValue: true })).toThrow(
      "Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.",
    );
  });

  it('NONE: no columns at all', () => {
    expect(() => getFormat('NONE').checkSupported([col('K', T.STRING)], true)).toThrow(
      "The 'NONE' format can only be used when no columns are defined. Got: [`K` STRING KEY]",
    );
    expect(() => getFormat('NONE').checkSupported([], true)).not.toThrow();
  });

  it('JSON: maps need STRING keys; single-value wrapping needs one column', () => {
    const json = getFormat('JSON');
    expect(() => json.checkSupported([col('M', T.array(T.map(T.INTEGER, T.STRING)))], false)).toThrow(
      'JSON only supports MAP types with STRING keys',
    );
    expect(() => json.checkSupported([col('A', T.INTEGER), col('B', T.INTEGER)], false, { wrapSingleValue: false })).toThrow(
      "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas",
    );
  });

  it('keys may not contain maps, whatever the format', () => {
    expect(() => getFormat('JSON').checkSupported([col('K', T.struct([{ name: 'F', type: T.map(T.STRING, T.STRING) }]))], true)).toThrow(
      'Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: `K`. Column type: STRUCT<`F` MAP<STRING, STRING>>.',
    );
  });

  it('DELIMITED: primitives only', () => {
    const delimited = getFormat('DELIMITED');
    expect(() => delimited.checkSupported([col('V', T.struct([{ name: 'F', type: T.DOUBLE }]))], false)).toThrow(
      "The 'DELIMITED' format does not support type 'STRUCT'",
    );
    expect(() => delimited.checkSupported([col('K', T.array(T.DOUBLE))], true)).toThrow(
      new UnsupportedSchemaError("The 'DELIMITED' format does not support type 'ARRAY', column: `K`"),
    );
    expect(() => delimited.checkSupported([col('V', T.INTEGER)], false, { wrapSingleValue: true })).toThrow(
      "Format 'DELIMITED' does not support 'WRAP_SINGLE_VALUE' set to 'true'.",
    );
  });

  it("describes a refused schema in ksqlDB's words", () => {
    const cols = [col('K', T.decimal(4, 2))];
    expect(describeSchemaError(getFormat('KAFKA'), cols, true, 'why')).toBe(
      'Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`K` DECIMAL(4, 2) KEY], features=[]}\nreason: why',
    );
    expect(describeSchemaError(getFormat('JSON'), [col('V', T.INTEGER)], false, 'why', { wrapSingleValue: false })).toContain(
      'schema: Persistence{columns=[`V` INTEGER], features=[UNWRAP_SINGLES]}',
    );
  });

  it('validates VALUE_DELIMITER', () => {
    expect(parseValueDelimiter('TAB')).toBe('\t');
    expect(parseValueDelimiter('SPACE')).toBe(' ');
    expect(parseValueDelimiter('|')).toBe('|');
    expect(() => parseValueDelimiter('<~>')).toThrow("Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE");
    expect(() => parseValueDelimiter(' ')).toThrow('Delimiter cannot be empty');
  });
});

describe('valueWrapping', () => {
  const json = getFormat('JSON');
  const kafka = getFormat('KAFKA');

  it('an explicit WRAP_SINGLE_VALUE wins, else the config applies to single columns the format can serve', () => {
    expect(valueWrapping(json, 1, false, true)).toBe(false);
    expect(valueWrapping(json, 1, undefined, false)).toBe(false);
    expect(valueWrapping(json, 2, undefined, false)).toBeUndefined();
    expect(valueWrapping(json, 1, undefined, undefined)).toBeUndefined();
    // KAFKA never wraps, so a configured 'true' leaves it alone
    expect(valueWrapping(kafka, 1, undefined, true)).toBeUndefined();
    expect(valueWrapping(kafka, 1, undefined, false)).toBe(false);
  });
});

describe('JSON', () => {
  const json = getFormat('JSON');

  it('reads fields case-insensitively and converts to column types', () => {
    const columns = [col('ID', T.BIGINT), col('PRICE', T.decimal(5, 2)), col('NAME', T.STRING), col('N', T.INTEGER)];
    const row = json.read({ id: new JsonNumber('9223372036854775807'), Price: new JsonNumber('1.5'), name: 'x', n: '42' }, columns);
    expect(row).toEqual({ ID: 9223372036854775807n, PRICE: new Decimal(150n, 2), NAME: 'x', N: 42 });
    expect(json.read({}, columns)).toEqual({ ID: null, PRICE: null, NAME: null, N: null });
    expect(json.read(null, columns)).toBeNull();
  });

  it('narrows numbers like Java casts and takes any JSON as a STRING', () => {
    const row = json.read(
      { I: new JsonNumber('3.9'), S: { a: new JsonNumber('1') }, L: [new JsonNumber('1'), 'b', null] },
      [col('I', T.INTEGER), col('S', T.STRING), col('L', T.STRING)],
    );
    expect(row).toEqual({ I: 3, S: '{"a":1}', L: '[1, b, null]' });
  });

  it('reads nested structs, maps, arrays and bytes', () => {
    const type = T.struct([
      { name: 'TAGS', type: T.map(T.STRING, T.DOUBLE) },
      { name: 'XS', type: T.array(T.BIGINT) },
      { name: 'B', type: T.BYTES },
    ]);
    const row = json.read({ v: { tags: { a: new JsonNumber('0.5') }, xs: [new JsonNumber('7')], b: 'AQI=' } }, [col('V', type)]);
    expect(row).toEqual({ V: { TAGS: new Map([['a', 0.5]]), XS: [7n], B: new Uint8Array([1, 2]) } });
  });

  it('reads an unwrapped single value when WRAP_SINGLE_VALUE is false', () => {
    expect(json.read(new JsonNumber('10'), [col('V', T.INTEGER)], { wrapSingleValue: false })).toEqual({ V: 10 });
    expect(json.read(null, [col('V', T.INTEGER)], { wrapSingleValue: false })).toBeNull();
  });

  it('fails cleanly on values it cannot convert', () => {
    expect(() => json.read({ B: 'yes' }, [col('B', T.BOOLEAN)])).toThrow(SerializationError);
    expect(() => json.read('text', [col('B', T.BOOLEAN)])).toThrow(SerializationError);
    expect(() => json.read({ N: 'abc' }, [col('N', T.INTEGER)])).toThrow("Can't coerce string to type. targetType: INTEGER");
    expect(() => json.read({ D: new JsonNumber('1.234') }, [col('D', T.decimal(4, 2))])).toThrow('without rounding');
    expect(() => json.read({ D: new JsonNumber('123.4') }, [col('D', T.decimal(4, 2))])).toThrow('Numeric field overflow');
  });

  it('writes objects keyed by column, exact numbers as JsonNumber', () => {
    const columns = [col('ID', T.BIGINT), col('P', T.decimal(4, 2)), col('M', T.map(T.STRING, T.INTEGER)), col('B', T.BYTES), col('D', T.DOUBLE)];
    const out = json.write({ ID: 12n, P: Decimal.parse('1.5'), M: new Map([['k', 1]]), B: new Uint8Array([1, 2]), D: NaN }, columns);
    expect(out).toEqual({ ID: new JsonNumber('12'), P: new JsonNumber('1.50'), M: { k: 1 }, B: 'AQI=', D: 'NaN' });
    expect(json.write({ V: true }, [col('V', T.BOOLEAN)], { wrapSingleValue: false })).toBe(true);
    expect(json.write(null, columns)).toBeNull();
  });
});

describe('DELIMITED', () => {
  const delimited = getFormat('DELIMITED');
  const columns = [col('ID', T.BIGINT), col('NAME', T.STRING), col('PRICE', T.decimal(6, 2)), col('OK', T.BOOLEAN)];

  it('reads a CSV record; empty fields are null; quotes are removed', () => {
    expect(delimited.read('1,"a, b",2.5,TRUE', columns)).toEqual({ ID: 1n, NAME: 'a, b', PRICE: new Decimal(250n, 2), OK: true });
    expect(delimited.read(',,,', columns)).toEqual({ ID: null, NAME: null, PRICE: null, OK: null });
    expect(delimited.read('"say ""hi""",x', [col('A', T.STRING), col('B', T.STRING)])).toEqual({ A: 'say "hi"', B: 'x' });
  });

  it('honours the delimiter, TAB and SPACE included', () => {
    expect(delimited.read('1\tb', [col('A', T.INTEGER), col('B', T.STRING)], { delimiter: 'TAB' })).toEqual({ A: 1, B: 'b' });
    expect(delimited.write({ A: 1, B: 'b' }, [col('A', T.INTEGER), col('B', T.STRING)], { delimiter: '|' })).toBe('1|b');
  });

  it('rejects a wrong field count or bad numbers', () => {
    expect(() => delimited.read('1,2', columns)).toThrow('Unexpected field count, csvFields:2 schemaFields:4');
    expect(() => delimited.read('x', [col('A', T.INTEGER)])).toThrow(SerializationError);
  });

  it('writes Java number text and quotes as commons-csv MINIMAL does', () => {
    const cols = [col('D', T.DOUBLE), col('S', T.STRING), col('P', T.decimal(6, 2)), col('N', T.INTEGER)];
    expect(delimited.write({ D: 1, S: 'a,b', P: Decimal.parse('3.5'), N: null }, cols)).toBe('1.0,"a,b",3.50,');
    expect(delimited.write({ D: 1e21, S: '#x', P: null, N: 7 }, cols)).toBe('1.0E21,"#x",,7');
    // a first field starting with neither letter nor digit is quoted
    expect(delimited.write({ N: -10 }, [col('N', T.INTEGER)])).toBe('"-10"');
    expect(delimited.write({ A: 1, N: -10 }, [col('A', T.INTEGER), col('N', T.INTEGER)])).toBe('1,-10');
  });
});

describe('KAFKA', () => {
  const kafka = getFormat('KAFKA');

  it('reads and writes one primitive', () => {
    expect(kafka.read(new JsonNumber('9007199254740993'), [col('K', T.BIGINT)])).toEqual({ K: 9007199254740993n });
    expect(kafka.read(new JsonNumber('2.5'), [col('V', T.DOUBLE)])).toEqual({ V: 2.5 });
    expect(kafka.read('abc', [col('V', T.STRING)])).toEqual({ V: 'abc' });
    expect(kafka.write({ K: 5n }, [col('K', T.BIGINT)])).toEqual(new JsonNumber('5'));
    expect(kafka.write({ V: 'x' }, [col('V', T.STRING)])).toBe('x');
    expect(kafka.read(null, [col('V', T.STRING)])).toBeNull();
  });

  it('fails on a value of the wrong kind', () => {
    expect(() => kafka.read(true, [col('V', T.INTEGER)])).toThrow(SerializationError);
  });
});

describe('NONE', () => {
  it('ignores the topic value and writes null', () => {
    const none = getFormat('NONE');
    expect(none.read('ignored', [])).toEqual({});
    expect(none.read(null, [])).toBeNull();
    expect(none.write({ A: 1 }, [])).toBeNull();
  });
});
