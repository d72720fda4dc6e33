import type { Describe, Print, Show } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { stringifyLosslessJson } from '../qtt/lossless-json.js';
import { formatType, type SqlType } from '../types.js';
import type { StoredRecord } from '../../sim/record.js';
import type { Column, DataSource } from './metastore.js';

/**
 * What a statement that answers at once returns (a pull query, SHOW / LIST, DESCRIBE, PRINT): a table of
 * rows under column headers, as ksqlDB's CLI prints it. `details` are DESCRIBE's and PRINT's `label: value`
 * lines before the table; `layout: 'print'` says the rows are PRINT's records, one line each.
 */
export interface StatementResult {
  readonly sql: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly details?: readonly (readonly [string, string])[];
  readonly layout?: 'table' | 'print';
}

/** What SHOW and DESCRIBE read from the engine. */
export interface EngineView {
  readonly sources: readonly DataSource[];
  readonly topics: readonly { readonly name: string; readonly partitions: number }[];
  readonly queries: readonly { readonly id: string; readonly sink: string; readonly sql: string }[];
  readonly properties: Readonly<Record<string, string>>;
}

/** SHOW | LIST STREAMS / TABLES / TOPICS / QUERIES / PROPERTIES, with the CLI's table headers (its *TableBuilder classes). */
export function showResult(stmt: Show, view: EngineView): StatementResult {
  const sql = stmt.text;
  const byName = [...view.sources].sort((a, b) => a.name.localeCompare(b.name));
  const sourceRow = (s: DataSource): string[] => [s.name, s.topic, s.keyFormat.format, s.valueFormat.format, String(s.window !== null)];
  switch (stmt.what) {
    case 'STREAMS':
      // StreamsListTableBuilder
      return { sql, columns: ['Stream Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], rows: byName.filter((s) => s.type === 'STREAM').map(sourceRow) };
    case 'TABLES':
      // TablesListTableBuilder
      return { sql, columns: ['Table Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], rows: byName.filter((s) => s.type === 'TABLE').map(sourceRow) };
    case 'TOPICS':
      // KafkaTopicsListTableBuilder; internal topics (changelogs, repartitions, transient queries) are hidden
      // as ksqlDB's ListTopicsExecutor hides them unless SHOW ALL TOPICS.
      return {
        sql,
        columns: ['Kafka Topic', 'Partitions', 'Partition Replicas'],
        rows: view.topics.filter((t) => !t.name.startsWith('_')).map((t) => [t.name, String(t.partitions), '1']),
      };
    case 'QUERIES': {
      // QueriesTableBuilder: persistent queries, RUNNING on this one server.
      const rows = view.queries.map((q) => {
        const sink = view.sources.find((s) => s.name === q.sink);
        return [q.id, 'PERSISTENT', 'RUNNING:1', q.sink, sink?.topic ?? '', q.sql];
      });
      return { sql, columns: ['Query ID', 'Query Type', 'Status', 'Sink Name', 'Sink Kafka Topic', 'Query String'], rows };
    }
    case 'PROPERTIES': {
      // PropertiesListTableBuilder: the properties this session set (SET) or the engine was started with.
      const rows = Object.keys(view.properties)
        .sort()
        .map((name) => [name, name.startsWith('ksql.streams.') ? 'STREAMS' : 'KSQL', 'SESSION', view.properties[name] ?? '']);
      return { sql, columns: ['Property', 'Scope', 'Default override', 'Effective Value'], rows };
    }
    default:
      throw new SqlUnsupportedError(`SHOW ${stmt.what}`, stmt.pos);
  }
}

/**
 * DESCRIBE [EXTENDED] source, as the CLI's Console#printSourceDescription prints it: the source's name
 * (and with EXTENDED its type, timestamp column, formats, topic and statement), then its fields with their
 * types, key columns marked `(key)` in streams and `(primary key)` in tables.
 */
export function describeResult(stmt: Describe, source: DataSource | undefined, partitions: number | null): StatementResult {
  if (stmt.function) throw new SqlUnsupportedError('DESCRIBE FUNCTION', stmt.pos);
  // ksqlDB's ListSourceExecutor#describeSource
  if (source === undefined) throw new SqlStatementError(`Could not find STREAM/TABLE '${stmt.name}' in the Metastore`, stmt.pos);
  const keyMark = source.type === 'TABLE' ? '(primary key)' : '(key)';
  const windowMark = source.window === null ? '' : ` (Window type: ${source.window.type})`;
  const field = (c: Column, key: boolean): string[] => [c.name, `${describeType(c.type)}${key ? `  ${keyMark}${windowMark}` : ''}`];
  const details: [string, string][] = [['Name', source.name]];
  if (stmt.extended) {
    details.push(
      ['Type', source.type],
      ['Timestamp field', source.timestampColumn ?? 'Not set - using <ROWTIME>'],
      ['Key format', source.keyFormat.format],
      ['Value format', source.valueFormat.format],
      ['Kafka topic', `${source.topic} (partitions: ${partitions ?? '?'}, replication: 1)`],
      ['Statement', source.sql],
    );
  }
  return {
    sql: stmt.text,
    columns: ['Field', 'Type'],
    rows: [...source.keyColumns.map((c) => field(c, true)), ...source.valueColumns.map((c) => field(c, false))],
    details,
  };
}

/** The CLI's SchemaInfo type names: STRING shows as VARCHAR(STRING). */
function describeType(t: SqlType): string {
  return t.base === 'STRING' ? 'VARCHAR(STRING)' : formatType(t);
}

/**
 * PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n], as ksqlDB's TopicStream prints records:
 * `rowtime: 2020/05/08 10:07:15.118 Z, key: 1, value: {...}, partition: 0`. Without FROM BEGINNING PRINT
 * shows only records that arrive after it starts: none, for a statement that answers at once.
 */
export function printResult(stmt: Print, records: readonly StoredRecord[], formats: { key: string; value: string } | null): StatementResult {
  const every = Math.max(1, stmt.intervalRecords ?? 1);
  const chosen = (stmt.fromBeginning ? records : []).filter((_, i) => i % every === 0);
  const limited = stmt.limit === null ? chosen : chosen.slice(0, stmt.limit);
  return {
    sql: stmt.text,
    columns: ['rowtime', 'key', 'value', 'partition'],
    rows: limited.map((r) => [rowtime(r.timestamp), printKey(r.key), printValue(r.value), String(r.partition)]),
    details: [
      ['Key format', formats?.key ?? 'KAFKA_STRING'],
      ['Value format', formats?.value ?? 'KAFKA_STRING'],
    ],
    layout: 'print',
  };
}

/** yyyy/MM/dd HH:mm:ss.SSS Z, in UTC (TopicStream's date format). */
function rowtime(ts: number): string {
  const iso = new Date(ts).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 23)} Z`;
}

/** A windowed key prints as `[key@start/end]` (TopicStream's windowed deserializers). */
function printKey(key: unknown): string {
  if (key !== null && typeof key === 'object' && 'window' in key && 'key' in key) {
    const w = (key as { window: { start: unknown; end: unknown } }).window;
    return `[${printValue((key as { key: unknown }).key)}@${String(w.start)}/${String(w.end)}]`;
  }
  return printValue(key);
}

function printValue(v: unknown): string {
  if (v === null || v === undefined) return '<null>';
  return typeof v === 'string' ? v : stringifyLosslessJson(v);
}
