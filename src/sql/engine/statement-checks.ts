/**
 * The checks ksqlDB makes of a statement before it plans it, and the WITH-clause values they read: formats that
 * cannot hold the columns, windowed tables read by persistent queries, WINDOW_TYPE/WINDOW_SIZE, TIMESTAMP columns.
 */
import type { CreateAsSelect, Properties } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import { describeSchemaError, getFormat, UnsupportedSchemaError, type FormatOptions } from '../formats/index.js';
import type { Column, DataSource, FormatInfo, WindowInfo } from './metastore.js';
import { propString } from './properties.js';

/** A format's refusal of the columns in ksqlDB's words (GenericSerdeFactory#createFormatSerde). */
export function checkColumns(info: FormatInfo, columns: readonly Column[], isKey: boolean, explicit: FormatOptions): void {
  const format = getFormat(info.format);
  try {
    format.checkSupported(columns, isKey, explicit);
  } catch (err) {
    if (err instanceof UnsupportedSchemaError) throw new SqlStatementError(describeSchemaError(format, columns, isKey, err.message, info));
    throw err;
  }
}

/** The sources a FROM clause reads, left to right. */
export function sourcesOf(rel: CreateAsSelect['query']['from']): string[] {
  return rel.kind === 'source' ? [rel.name] : [...sourcesOf(rel.left), ...sourcesOf(rel.right)];
}

/**
 * ksqlDB's PushQueryValidator: a persistent query cannot read a windowed table (its windowed state store's
 * retention cannot be carried downstream); windowed streams are fine.
 */
export function checkNoWindowedTable(sources: readonly DataSource[]): void {
  if (sources.some((s) => s.type === 'TABLE' && s.window !== null)) {
    throw new SqlStatementError('KSQL does not support persistent queries on windowed tables.');
  }
}

/**
 * WITH (WINDOW_TYPE=..., WINDOW_SIZE=...): the source's keys carry windows (ksqlDB's CreateSourceProperties
 * #getWindowType / WindowInfo). The parser has already checked that type and size agree.
 */
export function windowInfo(props: Properties): WindowInfo | null {
  const type = propString(props, 'WINDOW_TYPE')?.toUpperCase();
  if (type === undefined) return null;
  if (type !== 'TUMBLING' && type !== 'HOPPING' && type !== 'SESSION') {
    throw new SqlStatementError(`Invalid value for WINDOW_TYPE property: ${propString(props, 'WINDOW_TYPE')!}`);
  }
  const size = propString(props, 'WINDOW_SIZE');
  return { type, sizeMs: type === 'SESSION' || size === null ? null : durationMs(size) };
}

const DURATION_MS: Readonly<Record<string, number>> = {
  NANOSECONDS: 1e-6,
  MICROSECONDS: 1e-3,
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/** ksqlDB's DurationParser: `<number> <unit>`, singular or plural, any case (validated by the parser). */
export function durationMs(text: string): number {
  const [count = '0', unit = ''] = text.trim().split(/\s+/);
  const upper = unit.toUpperCase();
  return Math.floor(Number(count) * (DURATION_MS[upper.endsWith('S') ? upper : `${upper}S`] ?? 1));
}

export function isPartitionByNull(partitionBy: CreateAsSelect['query']['partitionBy']): boolean {
  const only = partitionBy?.length === 1 ? partitionBy[0] : undefined;
  return only !== undefined && only.kind === 'literal' && only.type === 'NULL';
}

/**
 * WITH (TIMESTAMP=...) must name a column of the schema that is a BIGINT, a TIMESTAMP, or a STRING read with
 * TIMESTAMP_FORMAT (ksqlDB's TimestampExtractionPolicyFactory).
 */
export function checkTimestampColumn(columns: readonly Column[], name: string | null, format: string | null): void {
  if (name === null) return;
  const column = columns.find((c) => c.name === name);
  if (column === undefined) throw new SqlStatementError(`The TIMESTAMP column set in the WITH clause does not exist in the schema: '${name}'`);
  const base = column.type.base;
  if (base === 'BIGINT' || base === 'TIMESTAMP' || (base === 'STRING' && format !== null)) return;
  throw new SqlStatementError(`Timestamp column, \`${name}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`);
}
