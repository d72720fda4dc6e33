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

/** The formats that cannot wrap a single value reject WRAP_SINGLE_VALUE=true. */
export function rejectWrapping(format: string, explicit: FormatOptions | undefined): void {
  if (explicit?.wrapSingleValue === true) {
    throw new SqlStatementError(`Format '${format}' does not support 'WRAP_SINGLE_VALUE' set to 'true'.`);
  }
}

/** Reads a value that must be null or a single column's value into a one-column row. */
export function singleColumnRow(columns: readonly FormatColumn[], value: unknown): Row {
  const only = columns[0];
  return only === undefined ? {} : { [only.name]: value };
}
