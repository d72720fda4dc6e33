/**
 * Serialization formats: JSON, KAFKA, DELIMITED, NONE. `getFormat(name)` gives the one the engine uses to read
 * a topic's keys and values into row columns and to write them back.
 */
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { DELIMITED_FORMAT } from './delimited.js';
import type { Format } from './format.js';
import { JSON_FORMAT } from './json.js';
import { KAFKA_FORMAT } from './kafka.js';
import { NONE_FORMAT } from './none.js';

export type { Format, FormatColumn, FormatOptions } from './format.js';
export { describeSchemaError, SerializationError, UnsupportedSchemaError, valueWrapping } from './format.js';
export { parseValueDelimiter } from './delimited.js';

const FORMATS: ReadonlyMap<string, Format> = new Map([
  ['JSON', JSON_FORMAT],
  ['KAFKA', KAFKA_FORMAT],
  ['DELIMITED', DELIMITED_FORMAT],
  ['NONE', NONE_FORMAT],
]);

/** ksqlDB's schema-registry formats: known to ksqlDB, not to streamsim yet (a later issue). */
const SCHEMA_REGISTRY_FORMATS = new Set(['AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR']);

/** The format by name, any case. Unknown → "Unknown format: FOO"; Avro/Protobuf/JSON_SR → SqlUnsupportedError. */
export function getFormat(name: string): Format {
  const upper = name.toUpperCase();
  const format = FORMATS.get(upper);
  if (format !== undefined) return format;
  if (SCHEMA_REGISTRY_FORMATS.has(upper)) throw new SqlUnsupportedError(`${upper} format`);
  throw new SqlStatementError(`Unknown format: ${name}`);
}
