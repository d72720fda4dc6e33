/**
 * A scenario's schemas in a schema registry: each input topic's value schema (Avro, from its zod schema) under
 * `<topic>-value`, as Confluent's TopicNameStrategy names it. A topic Avro cannot describe (TfL's `@timestamp`
 * fields; JSON in the original) stays JSON, with the reason.
 */
import { SchemaRegistry } from '../../sim/schema-registry/index.js';
import { AvroSchemaError, avroNameOf, avroSchemaOf } from './avro-schema.js';
import type { AnyScenario } from './scenario.js';

export interface ScenarioSchemas {
  readonly registry: SchemaRegistry;
  /** Input topics left as JSON, with why. */
  readonly json: readonly { readonly topic: string; readonly reason: string }[];
}

/** `book` -> `Book`, `psg-customers` -> `PsgCustomers`: the Avro record name of a topic's values. */
export const recordNameOf = avroNameOf;

export function scenarioSchemas(scenario: AnyScenario, registry = new SchemaRegistry()): ScenarioSchemas {
  const json: { topic: string; reason: string }[] = [];
  const namespace = `streamsim.${scenario.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  for (const topic of scenario.inputTopics) {
    try {
      const schema = avroSchemaOf(topic.value, recordNameOf(topic.name), namespace);
      registry.register(`${topic.name}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    } catch (err) {
      if (!(err instanceof AvroSchemaError)) throw err;
      json.push({ topic: topic.name, reason: err.message });
    }
  }
  return { registry, json };
}
