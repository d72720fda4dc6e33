/**
 * The in-process schema registry's model, after Confluent Schema Registry's: subjects hold versions of schemas,
 * every distinct schema gets one id (the same schema under two subjects keeps its id), schemas may reference
 * others by subject and version, and a subject's compatibility level decides which new versions it accepts.
 * Synchronous on purpose: serdes call it on the record path, and the simulator has no I/O to wait for.
 */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

/** A reference to another registered schema (Confluent: name is the import / the Avro full name it stands for). */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** What a client registers: Confluent's `{ schemaType, schema, references }` (schemaType AVRO when absent). */
export interface SchemaInput {
  readonly schemaType?: SchemaType;
  readonly schema: string;
  readonly references?: readonly SchemaReference[];
}

/** A schema as the registry keeps it under a subject. */
export interface RegisteredSchema {
  readonly id: number;
  readonly subject: string;
  readonly version: number;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

/** A schema by id, as GET /schemas/ids/{id} answers (no subject: an id may be under several). */
export interface SchemaById {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

/** What serdes need of a registry. */
export interface SchemaRegistryClient {
  /** Registers the schema under the subject (or finds it there) and returns its id; refuses an incompatible one. */
  register(subject: string, schema: SchemaInput): number;
  /** The schema with this id; throws a SchemaRegistryError (40403) when there is none. */
  schemaById(id: number): SchemaById;
  /** The subject's latest version; throws a SchemaRegistryError (40401) for an unknown subject. */
  latest(subject: string): RegisteredSchema;
}
