import { describe, expect, it } from 'vitest';
import { SchemaRegistry, SchemaRegistryError } from '../../../src/sim/schema-registry/index.js';

const userV1 = '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"id","type":"long"}]}';
const orderV1 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}';
const amount = '"double"';

function errorOf(f: () => unknown): SchemaRegistryError {
  try {
    f();
  } catch (e) {
    if (e instanceof SchemaRegistryError) return e;
    throw e;
  }
  throw new Error('expected a SchemaRegistryError');
}

describe('SchemaRegistry ids and versions', () => {
  it('assigns ids 1, 2, 3 in registration order and versions 1..n per subject', () => {
    const r = new SchemaRegistry();
    r.setCompatibility(undefined, 'NONE');
    expect(r.register('users-value', { schema: userV1 })).toBe(1);
    expect(r.register('orders-value', { schema: orderV1 })).toBe(2);
    expect(r.register('users-value', { schema: amount })).toBe(3);
    expect(r.versions('users-value')).toEqual([1, 2]);
    expect(r.versions('orders-value')).toEqual([1]);
    expect(r.subjects()).toEqual(['users-value', 'orders-value']);
    expect(r.latest('users-value')).toEqual({ id: 3, subject: 'users-value', version: 2, schemaType: 'AVRO', schema: '"double"', references: [] });
    expect(r.schema('users-value', 1).id).toBe(1);
  });

  it('keeps subjects in insertion order, not sorted', () => {
    const r = new SchemaRegistry();
    for (const s of ['zeta', 'alpha', 'mid']) r.register(s, { schema: '"string"' });
    expect(r.subjects()).toEqual(['zeta', 'alpha', 'mid']);
  });

  it('reuses the id of the same schema under another subject, after canonicalizing its text', () => {
    const r = new SchemaRegistry();
    const id = r.register('a-value', { schema: userV1 });
    // Other key order and whitespace: the same Avro schema.
    const reordered = '{ "fields": [ { "type": "long", "name": "id" } ],\n  "namespace": "com.acme", "name": "User", "type": "record" }';
    expect(r.register('b-value', { schema: reordered })).toBe(id);
    expect(r.latest('b-value')).toMatchObject({ id, version: 1, schema: userV1 });
    expect(r.register('c-value', { schema: orderV1 })).toBe(id + 1);
  });

  it('answers the existing version for a schema the subject already holds, without a new version', () => {
    const r = new SchemaRegistry();
    r.setCompatibility('s', 'NONE');
    r.register('s', { schema: userV1 });
    r.register('s', { schema: orderV1 });
    expect(r.register('s', { schema: orderV1 })).toBe(2);
    expect(r.registerVersion('s', { schema: userV1 })).toMatchObject({ id: 1, version: 1 });
    expect(r.versions('s')).toEqual([1, 2]);
    expect(r.lookup('s', { schema: orderV1 })).toMatchObject({ id: 2, version: 2 });
    expect(errorOf(() => r.lookup('s', { schema: amount }))).toMatchObject({ errorCode: 40403, message: 'Schema not found' });
  });

  it('stores Avro in the canonical text Avro Java writes: attributes in its order, namespaces only where they change', () => {
    const r = new SchemaRegistry();
    const written = JSON.stringify({
      namespace: 'com.acme',
      fields: [
        { default: 'x', doc: 'the name', type: 'string', name: 'name' },
        { type: { type: 'long', logicalType: 'timestamp-millis' }, name: 'at' },
        { name: 'kind', type: { symbols: ['A', 'B'], name: 'Kind', type: 'enum', default: 'A' } },
        { name: 'other', type: { type: 'record', name: 'Other', namespace: 'org.x', fields: [{ name: 'k', type: 'com.acme.Kind' }] } },
        { name: 'again', type: 'Kind', aliases: ['old'] },
      ],
      name: 'Rec',
      type: 'record',
    });
    r.register('s', { schema: written });
    expect(r.latest('s').schema).toBe(
      '{"type":"record","name":"Rec","namespace":"com.acme","fields":[' +
        '{"name":"name","type":"string","doc":"the name","default":"x"},' +
        '{"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},' +
        '{"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"],"default":"A"}},' +
        '{"name":"other","type":{"type":"record","name":"Other","namespace":"org.x","fields":[{"name":"k","type":"com.acme.Kind"}]}},' +
        '{"name":"again","type":"Kind","aliases":["old"]}]}',
    );
  });

  it('answers a schema by id, with no subject, and the subjects holding it', () => {
    const r = new SchemaRegistry();
    r.register('a', { schema: userV1 });
    r.register('b', { schema: userV1 });
    expect(r.schemaById(1)).toEqual({ schemaType: 'AVRO', schema: userV1, references: [] });
    expect(r.subjectVersionsById(1)).toEqual([
      { subject: 'a', version: 1 },
      { subject: 'b', version: 1 },
    ]);
  });
});

describe('SchemaRegistry references', () => {
  const address = '{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"street","type":"string"}]}';
  const person = '{"type":"record","name":"Person","namespace":"com.acme","fields":[{"name":"home","type":"com.acme.Address"},{"name":"work","type":"Address"}]}';
  const ref = { name: 'com.acme.Address', subject: 'address', version: 1 };

  it('resolves named types of referenced schemas and keeps them by name in the stored text', () => {
    const r = new SchemaRegistry();
    expect(r.register('address', { schema: address })).toBe(1);
    const id = r.register('person-value', { schema: person, references: [ref] });
    expect(id).toBe(2);
    expect(r.schemaById(id)).toEqual({
      schemaType: 'AVRO',
      schema: '{"type":"record","name":"Person","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":"Address"}]}',
      references: [ref],
    });
    expect(r.latest('person-value').references).toEqual([ref]);
  });

  it('gives the same text with other references another id', () => {
    const r = new SchemaRegistry();
    r.register('address', { schema: address });
    r.register('address-copy', { schema: address });
    const a = r.register('p1', { schema: person, references: [ref] });
    const b = r.register('p2', { schema: person, references: [{ ...ref, subject: 'address-copy' }] });
    expect([a, b]).toEqual([2, 3]);
  });

  it('resolves references of references, each once', () => {
    const r = new SchemaRegistry();
    r.register('address', { schema: address });
    r.register('person', { schema: person, references: [ref] });
    const team = '{"type":"record","name":"Team","namespace":"com.acme","fields":[{"name":"lead","type":"Person"},{"name":"office","type":"Address"}]}';
    const refs = [
      { name: 'com.acme.Person', subject: 'person', version: 1 },
      { name: 'com.acme.Address', subject: 'address', version: 1 },
    ];
    expect(r.register('team', { schema: team, references: refs })).toBe(3);
  });

  it('refuses a missing reference and an unresolved name with 42201', () => {
    const r = new SchemaRegistry();
    const missing = errorOf(() => r.register('person-value', { schema: person, references: [ref] }));
    expect(missing.errorCode).toBe(42201);
    expect(missing.status).toBe(422);
    expect(missing.message).toContain('No schema reference found for subject "address" and version 1');
    r.register('address', { schema: address });
    const unresolved = errorOf(() => r.register('person-value', { schema: person }));
    expect(unresolved.errorCode).toBe(42201);
    expect(unresolved.message).toContain('undefined type name');
  });

  it('refuses to delete a subject another schema references (42206)', () => {
    const r = new SchemaRegistry();
    r.register('address', { schema: address });
    r.register('person-value', { schema: person, references: [ref] });
    expect(errorOf(() => r.deleteSubject('address'))).toMatchObject({
      errorCode: 42206,
      message: 'One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=address,version=1}.',
    });
    expect(r.deleteSubject('person-value')).toEqual([1]);
    expect(r.deleteSubject('address')).toEqual([1]);
  });
});

describe('SchemaRegistry errors', () => {
  it('uses Confluent codes and messages for unknown subjects, versions and ids', () => {
    const r = new SchemaRegistry();
    r.register('s', { schema: userV1 });
    expect(errorOf(() => r.latest('nope'))).toMatchObject({ name: 'SchemaRegistryError', errorCode: 40401, status: 404, message: "Subject 'nope' not found." });
    expect(errorOf(() => r.versions('nope'))).toMatchObject({ errorCode: 40401 });
    expect(errorOf(() => r.schema('s', 3))).toMatchObject({ errorCode: 40402, message: 'Version 3 not found.' });
    expect(errorOf(() => r.schemaById(99))).toMatchObject({ errorCode: 40403, message: 'Schema 99 not found' });
    expect(errorOf(() => r.schema('s', 0))).toMatchObject({ errorCode: 42202, status: 422 });
  });

  it('refuses text that is not JSON, and JSON that is not Avro, with 42201', () => {
    const r = new SchemaRegistry();
    const notJson = errorOf(() => r.register('s', { schema: '{"type": "record",' }));
    expect(notJson.errorCode).toBe(42201);
    expect(notJson.message.startsWith('Invalid schema {"type": "record", with refs [] of type AVRO, details: ')).toBe(true);
    expect(errorOf(() => r.register('s', { schema: '{"type":"record","name":"R","fields":[{"name":"age","type":"integer"}]}' })).errorCode).toBe(42201);
    expect(errorOf(() => r.register('s', { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]}' })).errorCode).toBe(42201);
    expect(r.subjects()).toEqual([]);
  });

  it('refuses an incompatible schema with 409 and the message Confluent 7.x writes', () => {
    const r = new SchemaRegistry();
    r.register('s', { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}' });
    const e = errorOf(() => r.register('s', { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}' }));
    expect(e.errorCode).toBe(409);
    expect(e.status).toBe(409);
    expect(e.message).toBe(
      'Schema being registered is incompatible with an earlier schema for subject "s", details: [' +
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}, " +
        '{oldSchemaVersion: 1}, ' +
        `{oldSchema: '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}'}, ` +
        "{validateFields: 'false', compatibility: 'BACKWARD'}]",
    );
    expect(e.details).toHaveLength(4);
    expect(r.versions('s')).toEqual([1]);
    // The refused schema took no id: the next one gets 2.
    expect(r.register('t', { schema: '"int"' })).toBe(2);
  });
});

describe('SchemaRegistry compatibility levels', () => {
  it('defaults to BACKWARD globally, with per-subject overrides', () => {
    const r = new SchemaRegistry();
    expect(r.compatibility()).toBe('BACKWARD');
    expect(r.compatibility('s')).toBe('BACKWARD');
    r.setCompatibility('s', 'FULL_TRANSITIVE');
    expect(r.compatibility('s')).toBe('FULL_TRANSITIVE');
    expect(r.compatibility('t')).toBe('BACKWARD');
    r.setCompatibility(undefined, 'FORWARD');
    expect(r.compatibility('t')).toBe('FORWARD');
    expect(r.compatibility('s')).toBe('FULL_TRANSITIVE');
    r.deleteCompatibility('s');
    expect(r.compatibility('s')).toBe('FORWARD');
    expect(errorOf(() => r.setCompatibility('s', 'SIDEWAYS' as never)).errorCode).toBe(42203);
  });

  it('accepts anything under NONE', () => {
    const r = new SchemaRegistry();
    r.setCompatibility('s', 'NONE');
    r.register('s', { schema: '"int"' });
    expect(r.register('s', { schema: '{"type":"record","name":"R","fields":[]}' })).toBe(2);
  });

  it('tests compatibility without registering: latest by default, a given version, an unknown subject', () => {
    const r = new SchemaRegistry();
    r.setCompatibility('s', 'NONE');
    r.register('s', { schema: '"int"' });
    r.register('s', { schema: '"string"' });
    r.setCompatibility('s', 'BACKWARD');
    expect(r.testCompatibility('s', { schema: '"bytes"' })).toEqual({ isCompatible: true, messages: [] });
    const against1 = r.testCompatibility('s', { schema: '"bytes"' }, 1);
    expect(against1.isCompatible).toBe(false);
    expect(against1.messages).toEqual([
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: BYTES not compatible with writer type: INT'}",
      '{oldSchemaVersion: 1}',
      `{oldSchema: '"int"'}`,
      "{validateFields: 'false', compatibility: 'BACKWARD'}",
    ]);
    expect(r.versions('s')).toEqual([1, 2]);
    expect(r.testCompatibility('unknown', { schema: '"int"' })).toEqual({ isCompatible: true, messages: [] });
    expect(errorOf(() => r.testCompatibility('unknown', { schema: '"int"' }, 1)).errorCode).toBe(40401);
    expect(errorOf(() => r.testCompatibility('s', { schema: '"int"' }, 7)).errorCode).toBe(40402);
  });
});

describe('SchemaRegistry deleteSubject', () => {
  it('deletes the versions but keeps the ids readable; registering again starts at version 1 with the same id', () => {
    const r = new SchemaRegistry();
    r.setCompatibility('s', 'NONE');
    r.register('s', { schema: '"int"' });
    r.register('s', { schema: '"long"' });
    r.register('t', { schema: '"string"' });
    expect(r.deleteSubject('s')).toEqual([1, 2]);
    expect(r.subjects()).toEqual(['t']);
    expect(errorOf(() => r.latest('s')).errorCode).toBe(40401);
    expect(r.schemaById(2).schema).toBe('"long"');
    expect(r.registerVersion('s', { schema: '"long"' })).toMatchObject({ id: 2, version: 1 });
    expect(r.subjects()).toEqual(['t', 's']);
    expect(errorOf(() => r.deleteSubject('nope')).errorCode).toBe(40401);
  });
});

describe('SchemaRegistry JSON and Protobuf schemas', () => {
  const jsonV1 = '{ "type": "object", "properties": { "id": { "type": "string" } } }';
  const jsonV2 = '{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"number"}}}';
  const proto = 'syntax = "proto3";\nmessage Order { string id = 1; }\n';

  it('stores them (JSON compacted, Protobuf trimmed) with ids shared with no Avro schema', () => {
    const r = new SchemaRegistry();
    expect(r.register('j', { schemaType: 'JSON', schema: jsonV1 })).toBe(1);
    expect(r.schemaById(1)).toEqual({ schemaType: 'JSON', schema: '{"type":"object","properties":{"id":{"type":"string"}}}', references: [] });
    expect(r.register('p', { schemaType: 'PROTOBUF', schema: proto })).toBe(2);
    expect(r.schemaById(2).schema).toBe('syntax = "proto3";\nmessage Order { string id = 1; }');
    // The same canonical text as a JSON schema and as an Avro schema: two schemas.
    const both = '{"type":"record","name":"R","fields":[]}';
    expect(r.register('x', { schemaType: 'JSON', schema: both })).toBe(3);
    expect(r.register('y', { schema: both })).toBe(4);
    expect(r.schemaById(4).schema).toBe(r.schemaById(3).schema);
    expect(errorOf(() => r.register('j2', { schemaType: 'JSON', schema: '{nope' })).errorCode).toBe(42201);
  });

  it('refuses a new JSON version unless the level is NONE, saying compatibility is not implemented', () => {
    const r = new SchemaRegistry();
    r.register('j', { schemaType: 'JSON', schema: jsonV1 });
    const e = errorOf(() => r.register('j', { schemaType: 'JSON', schema: jsonV2 }));
    expect(e.errorCode).toBe(409);
    expect(e.details[0]).toBe("Compatibility checks for JSON schemas are not implemented in streamsim: set the subject's compatibility to NONE to register new versions");
    r.setCompatibility('j', 'NONE');
    expect(r.register('j', { schemaType: 'JSON', schema: jsonV2 })).toBe(2);
  });

  it('says a schema of another type is incompatible, as Confluent does', () => {
    const r = new SchemaRegistry();
    r.register('s', { schema: '"string"' });
    const e = errorOf(() => r.register('s', { schemaType: 'JSON', schema: jsonV1 }));
    expect(e.details[0]).toBe('Incompatible because of different schema type');
  });
});
