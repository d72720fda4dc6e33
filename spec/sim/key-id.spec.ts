import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyId, stableStringify } from '../../src/sim/key-id.js';

/** JSON.stringify with every object's fields in code-unit order: the text stableStringify promises for JSON values. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

// Strings with quotes, backslashes, controls, astral characters and lone surrogates, which JSON.stringify escapes.
const awkwardString = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\u0000', '\u001f', '\n', '\ud800', '\udfff', 'é', '😀'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) });

describe('stableStringify', () => {
  it('writes what JSON.stringify writes with sorted fields, for JSON values with awkward strings', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        awkwardString,
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(awkwardString, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(stableStringify(v)).toBe(sortedJson(v));
      }),
    );
  });

  it('gives one key id to objects that differ only in field order', () => {
    expect(keyId({ windowStart: 5, key: 'a' })).toBe(keyId({ key: 'a', windowStart: 5 }));
    expect(keyId({ key: 'a"b', windowStart: 5 })).not.toBe(keyId({ key: 'a', windowStart: 5 }));
  });
});
