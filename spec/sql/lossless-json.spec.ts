import { describe, expect, it } from 'vitest';
import { LosslessJsonError, parseLosslessJson, stringifyLosslessJson } from '../../src/sql/qtt/lossless-json.js';
import { Decimal, JsonNumber } from '../../src/sql/values.js';

describe('parseLosslessJson', () => {
  it('keeps every number as written', () => {
    const v = parseLosslessJson('{"big": 9223372036854775807, "dec": 1.10, "neg": -0.5e3, "list": [1, 2.0]}');
    expect(v).toEqual({
      big: new JsonNumber('9223372036854775807'),
      dec: new JsonNumber('1.10'),
      neg: new JsonNumber('-0.5e3'),
      list: [new JsonNumber('1'), new JsonNumber('2.0')],
    });
  });

  it('parses the rest as JSON.parse does', () => {
    const text = '{"s": "a\\"b\\u00e9\\n", "t": true, "f": false, "n": null, "o": {}, "a": []}';
    expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
    expect(parseLosslessJson(' "x" ')).toBe('x');
  });

  it('reports bad JSON with line and column', () => {
    expect(() => parseLosslessJson('{"a": 1,\n  "b": }')).toThrow(new LosslessJsonError("Unexpected token '}'", 16, 2, 8));
    expect(() => parseLosslessJson('[1, 2')).toThrow(LosslessJsonError);
    expect(() => parseLosslessJson('01')).toThrow("Unexpected token '1' after the JSON value");
    expect(() => parseLosslessJson('"abc')).toThrow('Unterminated string');
    expect(() => parseLosslessJson('')).toThrow('Unexpected end of input');
  });
});

describe('stringifyLosslessJson', () => {
  it('round-trips big integers and trailing zeros', () => {
    const text = '{"big":9223372036854775807,"dec":1.10,"xs":[1,-2.50e1]}';
    expect(stringifyLosslessJson(parseLosslessJson(text))).toBe(text);
  });

  it('writes bigint, Decimal, Map and bytes', () => {
    const value = { b: 9223372036854775807n, d: new Decimal(110n, 2), m: new Map([['k', 1]]), bytes: new Uint8Array([1, 2]), skip: undefined };
    expect(stringifyLosslessJson(value)).toBe('{"b":9223372036854775807,"d":1.10,"m":{"k":1},"bytes":"AQI="}');
    expect(stringifyLosslessJson([1, 'a'], 2)).toBe('[\n  1,\n  "a"\n]');
  });
});
