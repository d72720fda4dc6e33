import { describe, expect, it } from 'vitest';
import {
  checkReaderWriterCompatibility,
  parseAvroSchema,
  SchemaRegistry,
  SchemaRegistryError,
  type AvroIncompatibility,
  type CompatibilityLevel,
} from '../../../src/sim/schema-registry/index.js';

type Field = Record<string, unknown>;

function record(fields: Field[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'record', name: 'R', ...extra, fields });
}

/** Avro's verdict on reading data written with `writer` using `reader`. */
function incompatibilities(reader: string, writer: string): AvroIncompatibility[] {
  return checkReaderWriterCompatibility(parseAvroSchema(JSON.parse(reader)), parseAvroSchema(JSON.parse(writer)));
}

/** Registers `versions` in order under one subject at `level`; answers what the last registration threw, if anything. */
function evolve(level: CompatibilityLevel, ...versions: string[]): SchemaRegistryError | undefined {
  const r = new SchemaRegistry();
  r.setCompatibility('s', level);
  for (const [i, schema] of versions.entries()) {
    try {
      r.register('s', { schema });
    } catch (e) {
      if (!(e instanceof SchemaRegistryError) || i !== versions.length - 1) throw e;
      return e;
    }
  }
  expect(r.versions('s')).toHaveLength(versions.length);
  return undefined;
}

const a = { name: 'a', type: 'int' };
const bDefault = { name: 'b', type: 'string', default: 'x' };
const bRequired = { name: 'b', type: 'string' };

describe('adding and removing fields', () => {
  it('BACKWARD: a new field needs a default; removing a field is fine', () => {
    expect(evolve('BACKWARD', record([a]), record([a, bDefault]))).toBeUndefined();
    expect(evolve('BACKWARD', record([a, bRequired]), record([a]))).toBeUndefined();
    expect(evolve('BACKWARD', record([a, bDefault]), record([a]))).toBeUndefined();
    const e = evolve('BACKWARD', record([a]), record([a, bRequired]));
    expect(e?.details[0]).toBe(
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}",
    );
    expect(incompatibilities(record([a, bRequired]), record([a]))).toEqual([{ type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'b' }]);
  });

  it('FORWARD: a removed field needs a default in the old schema; adding any field is fine', () => {
    expect(evolve('FORWARD', record([a]), record([a, bRequired]))).toBeUndefined();
    expect(evolve('FORWARD', record([a, bDefault]), record([a]))).toBeUndefined();
    const e = evolve('FORWARD', record([a, bRequired]), record([a]));
    // The old schema reads here, so it is the one named first.
    expect(e?.details).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the old schema has no default value and is missing in the new schema', additionalInfo:'b'}",
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${record([a, bRequired])}'}`,
      "{validateFields: 'false', compatibility: 'FORWARD'}",
    ]);
  });

  it('FULL: only fields with defaults come and go', () => {
    expect(evolve('FULL', record([a]), record([a, bDefault]))).toBeUndefined();
    expect(evolve('FULL', record([a, bDefault]), record([a]))).toBeUndefined();
    expect(evolve('FULL', record([a]), record([a, bRequired]))?.details[0]).toContain("in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}");
    // The old-reads-new half comes first and, as in Confluent, carries no old version or old schema of its own.
    expect(evolve('FULL', record([a, bRequired]), record([a]))?.details).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the old schema has no default value and is missing in the new schema', additionalInfo:'b'}",
      "{validateFields: 'false', compatibility: 'FULL'}",
    ]);
  });

  it('NONE accepts what every other level refuses', () => {
    expect(evolve('NONE', record([a]), record([bRequired]))).toBeUndefined();
  });
});

describe('type promotion', () => {
  const field = (type: unknown): string => record([{ name: 'v', type }]);

  it('lets a reader widen int to long, float and double, long to float and double, float to double', () => {
    const widenings: [string, string][] = [
      ['int', 'long'],
      ['int', 'float'],
      ['int', 'double'],
      ['long', 'float'],
      ['long', 'double'],
      ['float', 'double'],
    ];
    for (const [from, to] of widenings) {
      expect(incompatibilities(field(to), field(from)), `${to} reads ${from}`).toEqual([]);
      expect(incompatibilities(field(from), field(to)), `${from} reads ${to}`).toEqual([
        { type: 'TYPE_MISMATCH', location: '/fields/0/type', message: `reader type: ${from.toUpperCase()} not compatible with writer type: ${to.toUpperCase()}` },
      ]);
    }
  });

  it('reads string and bytes as each other, both ways', () => {
    expect(incompatibilities(field('bytes'), field('string'))).toEqual([]);
    expect(incompatibilities(field('string'), field('bytes'))).toEqual([]);
    expect(evolve('FULL', field('string'), field('bytes'))).toBeUndefined();
  });

  it('BACKWARD accepts int -> long, FORWARD refuses it with TYPE_MISMATCH at the field type', () => {
    expect(evolve('BACKWARD', field('int'), field('long'))).toBeUndefined();
    expect(evolve('FORWARD', field('int'), field('long'))?.details[0]).toBe(
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the old schema does not match with the new schema', additionalInfo:'reader type: INT not compatible with writer type: LONG'}",
    );
    expect(evolve('BACKWARD', field('int'), field('string'))?.details[0]).toContain("additionalInfo:'reader type: STRING not compatible with writer type: INT'");
  });

  it('ignores logical types, as Avro does: a timestamp-millis long reads a plain long', () => {
    expect(incompatibilities(field({ type: 'long', logicalType: 'timestamp-millis' }), field('long'))).toEqual([]);
  });
});

describe('enums', () => {
  const e = (symbols: string[], extra: Record<string, unknown> = {}): string => record([{ name: 'e', type: { type: 'enum', name: 'E', symbols, ...extra } }]);

  it('adding a symbol is BACKWARD-compatible but not FORWARD: the old reader lacks it', () => {
    expect(evolve('BACKWARD', e(['A', 'B']), e(['A', 'B', 'C']))).toBeUndefined();
    expect(incompatibilities(e(['A', 'B']), e(['A', 'B', 'C']))).toEqual([{ type: 'MISSING_ENUM_SYMBOLS', location: '/fields/0/type/symbols', message: '[C]' }]);
    expect(evolve('FORWARD', e(['A', 'B']), e(['A', 'B', 'C']))?.details[0]).toBe(
      "{errorType:'MISSING_ENUM_SYMBOLS', description:'The old schema is missing enum symbols '[C]' at path '/fields/0/type/symbols' in the new schema', additionalInfo:'[C]'}",
    );
  });

  it('removing symbols is not BACKWARD-compatible; the missing ones print sorted', () => {
    expect(incompatibilities(e(['B']), e(['D', 'B', 'A']))).toEqual([{ type: 'MISSING_ENUM_SYMBOLS', location: '/fields/0/type/symbols', message: '[A, D]' }]);
    expect(evolve('BACKWARD', e(['A', 'B']), e(['A']))?.details[0]).toContain("The new schema is missing enum symbols '[B]'");
  });

  it("a reader's default symbol absorbs symbols it does not know", () => {
    expect(incompatibilities(e(['A', 'UNKNOWN'], { default: 'UNKNOWN' }), e(['A', 'B']))).toEqual([]);
    expect(evolve('FORWARD', e(['A', 'UNKNOWN'], { default: 'UNKNOWN' }), e(['A', 'UNKNOWN', 'B']))).toBeUndefined();
  });
});

describe('unions', () => {
  const u = (type: unknown): string => record([{ name: 'u', type }]);

  it('adding a branch is BACKWARD-compatible; FORWARD misses the branch at its index', () => {
    expect(evolve('BACKWARD', u(['null', 'string']), u(['null', 'string', 'int']))).toBeUndefined();
    expect(incompatibilities(u(['null', 'string']), u(['null', 'string', 'int']))).toEqual([
      { type: 'MISSING_UNION_BRANCH', location: '/fields/0/type/2', message: 'reader union lacking writer type: INT' },
    ]);
    expect(evolve('FORWARD', u(['null', 'string']), u(['null', 'string', 'int']))?.details[0]).toBe(
      "{errorType:'MISSING_UNION_BRANCH', description:'The old schema is missing a type inside a union field at path '/fields/0/type/2' in the new schema', additionalInfo:'reader union lacking writer type: INT'}",
    );
  });

  it('removing a branch is not BACKWARD-compatible', () => {
    expect(evolve('BACKWARD', u(['null', 'string', 'int']), u(['null', 'string']))?.details[0]).toContain("MISSING_UNION_BRANCH', description:'The new schema is missing a type inside a union field at path '/fields/0/type/2'");
    // Branches are matched by type, not position.
    expect(incompatibilities(u(['string', 'null']), u(['null', 'string']))).toEqual([]);
  });

  it('a union reads a plain writer that one of its branches reads (with promotion)', () => {
    expect(incompatibilities(u(['null', 'long']), u('int'))).toEqual([]);
    expect(incompatibilities(u(['null', 'long']), u('string'))).toEqual([
      { type: 'MISSING_UNION_BRANCH', location: '/fields/0/type', message: 'reader union lacking writer type: STRING' },
    ]);
  });

  it('a plain reader of a union writer fails per branch, with the location restarted at the root as in Avro', () => {
    expect(incompatibilities(u('string'), u(['null', 'string']))).toEqual([
      { type: 'TYPE_MISMATCH', location: '/', message: 'reader type: STRING not compatible with writer type: NULL' },
    ]);
    expect(evolve('BACKWARD', u('string'), u(['null', 'string']))).toBeUndefined();
  });
});

describe('names, aliases and fixed sizes', () => {
  it('a renamed field reads the old one through an alias, on the reader side only', () => {
    const renamed = record([{ name: 'total', type: 'int', aliases: ['a'] }]);
    expect(evolve('BACKWARD', record([a]), renamed)).toBeUndefined();
    expect(evolve('BACKWARD', record([a]), record([{ name: 'total', type: 'int' }]))?.details[0]).toContain("'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'total' at path '/fields/0'");
    // FORWARD: the old schema reads, and it has no alias for the new name.
    expect(incompatibilities(record([a]), renamed)).toEqual([{ type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/0', message: 'a' }]);
  });

  it('a renamed record needs an alias for the old full name; a namespace change alone is fine (Avro compares short names)', () => {
    expect(incompatibilities(record([a], { name: 'R2' }), record([a]))).toEqual([{ type: 'NAME_MISMATCH', location: '/name', message: 'expected: R' }]);
    expect(evolve('BACKWARD', record([a]), record([a], { name: 'R2' }))?.details[0]).toBe(
      "{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/name')', additionalInfo:'expected: R'}",
    );
    expect(incompatibilities(record([a], { name: 'R2', aliases: ['R'] }), record([a]))).toEqual([]);
    expect(incompatibilities(record([a], { name: 'com.acme.R2', aliases: ['old.R'] }), record([a], { namespace: 'old' }))).toEqual([]);
    expect(incompatibilities(record([a], { namespace: 'new.ns' }), record([a], { namespace: 'old.ns' }))).toEqual([]);
  });

  it('fixed types must keep their size', () => {
    const f = (size: number): string => record([{ name: 'h', type: { type: 'fixed', name: 'Hash', size } }]);
    expect(incompatibilities(f(8), f(16))).toEqual([{ type: 'FIXED_SIZE_MISMATCH', location: '/fields/0/type/size', message: 'expected: 16, found: 8' }]);
    expect(evolve('BACKWARD', f(16), f(8))?.details[0]).toBe(
      "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/fields/0/type/size' in the new schema does not match with the old schema', additionalInfo:'expected: 16, found: 8'}",
    );
  });

  it('reports every incompatibility, at nested paths through arrays and maps', () => {
    const inner = (fields: Field[]): unknown => ({ type: 'array', items: { type: 'record', name: 'Line', fields } });
    const reader = record([
      { name: 'lines', type: inner([a, bRequired]) },
      { name: 'm', type: { type: 'map', values: 'int' } },
    ]);
    const writer = record([
      { name: 'lines', type: inner([a]) },
      { name: 'm', type: { type: 'map', values: 'string' } },
    ]);
    expect(incompatibilities(reader, writer)).toEqual([
      { type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/0/type/items/fields/1', message: 'b' },
      { type: 'TYPE_MISMATCH', location: '/fields/1/type/values', message: 'reader type: INT not compatible with writer type: STRING' },
    ]);
  });

  it('terminates on recursive types', () => {
    const list = (fields: Field[]): string => record([a, { name: 'next', type: ['null', 'R'], default: null }, ...fields]);
    expect(incompatibilities(list([bDefault]), list([]))).toEqual([]);
    expect(incompatibilities(list([bRequired]), list([]))).toEqual([{ type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/2', message: 'b' }]);
  });
});

describe('transitive levels', () => {
  // v1 -> v2 -> v3 where each step is fine but v3 against v1 is not: only the _TRANSITIVE level refuses v3.
  const chains: [CompatibilityLevel, string[], string][] = [
    // v3 drops b's default: it reads v2 (which has b) but not v1 (which has not).
    ['BACKWARD', [record([a]), record([a, bDefault]), record([a, bRequired])], "The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old schema"],
    // v3 drops b: v2 reads it through b's default, v1 has none.
    ['FORWARD', [record([a, bRequired]), record([a, bDefault]), record([a])], "The field 'b' at path '/fields/1' in the old schema has no default value and is missing in the new schema"],
    ['FULL', [record([a]), record([a, bDefault]), record([a, bRequired])], "The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old schema"],
  ];

  for (const [level, versions, description] of chains) {
    it(`${level} accepts the third version, ${level}_TRANSITIVE refuses it against version 1`, () => {
      expect(evolve(level, ...versions)).toBeUndefined();
      const e = evolve(`${level}_TRANSITIVE` as CompatibilityLevel, ...versions);
      expect(e?.errorCode).toBe(409);
      expect(e?.details.find((d) => d.startsWith('{errorType'))).toContain(`description:'${description}'`);
      expect(e?.details).toContain('{oldSchemaVersion: 1}');
      expect(e?.details).toContain(`{oldSchema: '${versions[0]}'}`);
      expect(e?.details.at(-1)).toBe(`{validateFields: 'false', compatibility: '${level}_TRANSITIVE'}`);
    });
  }

  it('testCompatibility against latest follows the level: all versions when transitive', () => {
    const r = new SchemaRegistry();
    r.register('s', { schema: record([a]) });
    r.register('s', { schema: record([a, bDefault]) });
    expect(r.testCompatibility('s', { schema: record([a, bRequired]) }).isCompatible).toBe(true);
    r.setCompatibility('s', 'BACKWARD_TRANSITIVE');
    expect(r.testCompatibility('s', { schema: record([a, bRequired]) }).isCompatible).toBe(false);
    expect(r.testCompatibility('s', { schema: record([a, bRequired]) }, 2).isCompatible).toBe(true);
  });
});
