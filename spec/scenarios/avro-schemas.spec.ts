import avro from 'avsc';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AvroSchemaError, avroSchemaOf } from '../../src/scenarios/common/avro-schema.js';
import { recordNameOf } from '../../src/scenarios/common/scenario-schemas.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';

// Every scenario input topic's Avro schema comes from its zod schema (one source of truth). Apache Avro (avsc) must
// accept the schema, and every value the scenario's generator writes to the topic (those its zod schema accepts;
// the rest go to the dead-letter topic) must be valid Avro of it and read back unchanged from Avro bytes.


/** An absent optional field reads back as null: the value with undefined fields as null, as Avro gives it. */
function asAvroReadsIt(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asAvroReadsIt);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === undefined ? null : asAvroReadsIt(x)]));
  return v;
}

/**
 * Topics that are JSON in the originals and whose field names Avro cannot hold: TfL's entries and exits
 * (SCENARIOS.md: `value_format = 'JSON'`, a `@timestamp` field).
 */
const JSON_IN_THE_ORIGINALS: Readonly<Record<string, readonly string[]>> = { tfl: ['entries', 'exits'] };

describe('scenario topics as Avro', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every input topic has an Avro schema its generated values fit`, () => {
      const input = scenario.generate({ ...scenario.defaults, ...scenario.sizeFor(400) });
      for (const topic of scenario.inputTopics) {
        if (JSON_IN_THE_ORIGINALS[scenario.name]?.includes(topic.name)) {
          expect(() => avroSchemaOf(topic.value, recordNameOf(topic.name), 'n')).toThrow(new AvroSchemaError(`${recordNameOf(topic.name)}.@timestamp: '@timestamp' is not an Avro field name`));
          continue;
        }
        const schema = avroSchemaOf(topic.value, recordNameOf(topic.name), `streamsim.${scenario.name.replace(/-/g, '_')}`);
        const type = avro.Type.forSchema(schema as avro.Schema);
        const values = input.filter((r) => r.topic === topic.name && r.value !== null && r.value !== undefined && topic.value.safeParse(r.value).success).map((r) => r.value);
        for (const value of values.slice(0, 300)) {
          const expected = asAvroReadsIt(value);
          expect(type.isValid(expected), `${topic.name}: ${JSON.stringify(value)}`).toBe(true);
          expect(type.fromBuffer(type.toBuffer(expected))).toEqual(expected);
        }
      }
    });
  }
});

describe('avroSchemaOf', () => {
  it('maps zod types as Confluent Avro records have them', () => {
    const schema = avroSchemaOf(
      z.object({
        id: z.number().int(),
        price: z.number(),
        name: z.string(),
        note: z.string().nullable(),
        tags: z.array(z.string()),
        status: z.enum(['open', 'closed']),
        address: z.object({ city: z.string() }).optional(),
        counts: z.record(z.string(), z.number().int()),
      }),
      'Order',
      'shop',
    );
    expect(schema).toEqual({
      type: 'record',
      name: 'Order',
      namespace: 'shop',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'price', type: 'double' },
        { name: 'name', type: 'string' },
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['open', 'closed'] } },
        { name: 'address', type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }], default: null },
        { name: 'counts', type: { type: 'map', values: 'long' } },
      ],
    });
  });

  it('refuses what Avro cannot hold, naming where', () => {
    expect(() => avroSchemaOf(z.object({ when: z.date() }), 'T', 'n')).toThrow(new AvroSchemaError("T.when: zod type 'date' has no Avro type"));
    expect(() => avroSchemaOf(z.object({ x: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) }), 'T', 'n')).toThrow(/T\.x: a union of record, record/);
  });
});
