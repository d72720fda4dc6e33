/**
 * What a serialization format does for the engine: check that it can hold some columns (with ksqlDB's
 * messages) and convert between a row's columns and the topic representation, the value a topic holds here
 * (parsed JSON for JSON, a string for DELIMITED, a primitive for KAFKA, null for NONE).
 */
import { SqlStatementError } from '../errors.js';
import { formatType, type SqlType } from '../types.js';
import type { Row } from '../values.js';

export interface FormatColumn {
  readonly name: string;
  readonly type: SqlType;
}

export interface FormatOptions {
  /**
   * JSON: false reads and writes a single column's value bare instead of an object holding it (ksqlDB's
   * WRAP_SINGLE_VALUE). Keys are never wrapped in ksqlDB: pass false for a key. Undefined means wrapped.
   */
  readonly wrapSingleValue?: boolean;
  /** DELIMITED: one character, or ksqlDB's names 'TAB' and 'SPACE'. Default ','. */
  readonly delimiter?: string;
}

export interface Format {
  readonly name: 'JSON' | 'KAFKA' | 'DELIMITED' | 'NONE';
  /** Which of ksqlDB's WRAP_SINGLES / UNWRAP_SINGLES serde features the format supports for values. */
  readonly wrapping: { readonly wrap: boolean; readonly unwrap: boolean };
  /**
   * Throws SqlStatementError when the format cannot hold these columns. `explicit` holds the WITH-clause
   * properties the user set (WRAP_SINGLE_VALUE, VALUE_DELIMITER), which some formats reject.
   */
  checkSupported(columns: readonly FormatColumn[], isKey: boolean, explicit?: FormatOptions): void;
  /** The columns of a topic key or value; null for a null (tombstone) value. Throws SerializationError. */
  read(topicValue: unknown, columns: readonly FormatColumn[], options?: FormatOptions): Row | null;
  /** The topic representation of a row's columns; null for a null row. */
  write(row: Row | null, columns: readonly FormatColumn[], options?: FormatOptions): unknown;
}

/** A key or value the format cannot read or write (ksqlDB logs these to the processing log and skips the record). */
export class SerializationError extends Error {
  override readonly name = 'SerializationError';
}

/** "[`K` STRING KEY, `V` INTEGER]", as ksqlDB lists columns in its messages. */
export function describeColumns(columns: readonly FormatColumn[], isKey: boolean): string {
  return `[${columns.map((c) => `\`${c.name}\` ${formatType(c.type)}${isKey ? ' KEY' : ''}`).join(', ')}]`;
}

function containsMap(t: SqlType): boolean {
  switch (t.base) {
    case 'MAP':
      return true;
    case 'ARRAY':
      return containsMap(t.element);
    case 'STRUCT':
      return t.fields.some((f) => containsMap(f.type));
    default:
      return false;
  }
}

/** ksqlDB rejects maps anywhere in a key, whatever the format (issue 6621). */
export function checkNoMapInKey(columns: readonly FormatColumn[]): void {
  for (const c of columns) {
    if (containsMap(c.type)) {
      throw new SqlStatementError(
        'Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due ' +
          `to inconsistent serialization. Key column name: \`${c.name}\`. Column type: ${formatType(c.type)}. ` +
          'See https://github.com/confluentinc/ksql/issues/6621 for more.',
      );
    }
  }
}

/**
 * An explicit WRAP_SINGLE_VALUE on a value schema (ksqlDB's SerdeFeaturesFactory#validateExplicitValueWrapping):
 * the format must support the setting, and the value must have exactly one column.
 */
export function checkExplicitWrapping(format: Format, columnCount: number, explicit: FormatOptions | undefined): void {
  const wrap = explicit?.wrapSingleValue;
  if (wrap === undefined) return;
  if (!(wrap ? format.wrapping.wrap : format.wrapping.unwrap)) {
    throw new SqlStatementError(`Format '${format.name}' does not support 'WRAP_SINGLE_VALUE' set to '${wrap}'.`);
  }
  if (columnCount !== 1) throw new SqlStatementError("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
}

/**
 * Whether a value is wrapped (ksqlDB's SerdeFeaturesFactory#getValueWrapping): an explicit WRAP_SINGLE_VALUE
 * wins; else a single-column value follows `ksql.persistence.wrap.single.values` when set and supported by
 * the format. Undefined: the format's default.
 */
export function valueWrapping(format: Format, columnCount: number, explicit: boolean | undefined, configured: boolean | undefined): boolean | undefined {
  if (explicit !== undefined) return explicit;
  if (columnCount !== 1 || configured === undefined) return undefined;
  return (configured ? format.wrapping.wrap : format.wrapping.unwrap) ? configured : undefined;
}

/**
 * A format's refusal of a schema's columns or types (ksqlDB's Format#getSerde failing). Whoever builds the
 * serde wraps it with `describeSchemaError`, as ksqlDB's GenericSerdeFactory#createFormatSerde does.
 */
export class UnsupportedSchemaError extends SqlStatementError {}

/**
 * "Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[...], features=[]}\nreason: ...",
 * ksqlDB's wording for a format that cannot hold a key or value schema.
 */
export function describeSchemaError(format: Format, columns: readonly FormatColumn[], isKey: boolean, reason: string, options?: FormatOptions): string {
  const features: string[] = [];
  if (isKey) {
    // ksqlDB marks a single key column UNWRAP_SINGLES when the format could do either (SerdeFeaturesFactory#getKeyWrapping)
    if (columns.length === 1 && format.wrapping.wrap && format.wrapping.unwrap) features.push('UNWRAP_SINGLES');
  } else if (options?.wrapSingleValue !== undefined) {
    features.push(options.wrapSingleValue ? 'WRAP_SINGLES' : 'UNWRAP_SINGLES');
  }
  return (
    `${isKey ? 'Key' : 'Value'} format does not support schema.\nformat: ${format.name}\n` +
    `schema: Persistence{columns=${describeColumns(columns, isKey)}, features=[${features.join(', ')}]}\nreason: ${reason}`
  );
}

/** Reads a value that must be null or a single column's value into a one-column row. */
export function singleColumnRow(columns: readonly FormatColumn[], value: unknown): Row {
  const only = columns[0];
  return only === undefined ? {} : { [only.name]: value };
}
