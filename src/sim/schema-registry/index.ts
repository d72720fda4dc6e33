export * from './types.js';
export { SchemaRegistry, SchemaRegistryError, type CompatibilityCheck } from './schema-registry.js';
export {
  checkReaderWriterCompatibility,
  describeAvroIncompatibility,
  parseAvroSchema,
  type AvroField,
  type AvroIncompatibility,
  type AvroIncompatibilityType,
  type AvroNamedSchema,
  type AvroPrimitiveType,
  type AvroProps,
  type AvroSchema,
} from './avro-compatibility.js';
export { serveRegistry, type RegistryServer } from './rest-facade.js';
export { avroSerde, subjectName, defaultDecimalMapping, type AvroDecimalMapping, type AvroSerdeOptions, type SubjectNameStrategy } from './avro-serde.js';
export { frame, unframe, encodeMessageIndexes, decodeMessageIndexes } from './wire-format.js';
export { jsonSchemaSerde, type JsonSchemaSerdeOptions } from './json-schema-serde.js';
export { protobufSerde, protobufNoSrSerde, type ProtobufSerdeOptions, type ProtobufNoSrSerdeOptions } from './protobuf-serde.js';
