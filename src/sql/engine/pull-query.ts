import type { Expr, SelectItem, SelectStatement } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import { getFormat } from '../formats/index.js';
import { stringifyLosslessJson } from '../qtt/lossless-json.js';
import type { Row } from '../values.js';
import type { StoredRecord } from '../../sim/record.js';
import type { DataSource } from './metastore.js';
import { outputColumns, projector } from './projection.js';
import { RowScope } from './row-scope.js';
import { compileExpression } from '../expressions/index.js';
import { sourceScopeColumns } from './planner.js';
import { ROWOFFSET, ROWPARTITION, ROWTIME, WINDOWEND, WINDOWSTART } from './source-reader.js';
import type { StatementResult } from './statement-results.js';

/** PullQueryValidator.PULL_QUERY_SYNTAX_HELP (DocumentationLinks.PUSH_PULL_QUERY_DOC_LINK). */
const SYNTAX_HELP = ' See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a push query.';

/** Pseudo columns a pull query may not read (SystemColumns#isDisallowedInPullOrScalablePushQueries). */
const DISALLOWED = [ROWPARTITION, ROWOFFSET];

/**
 * A pull query (SELECT without EMIT): the state of a source at this moment, then done. A table's state is
 * the latest row per key of its topic (a tombstone deletes the key): exactly what its materialized store
 * holds, since a CREATE TABLE AS SELECT writes every change of its store to the sink topic and a SOURCE table
 * materializes its topic. Any WHERE is allowed (ksqlDB's table scans, ksql.query.pull.table.scan.enabled
 * defaults to true). A stream's pull query scans its topic from the beginning (KLIP-53), unless
 * ksql.query.pull.stream.enabled is false.
 */
export function runPullQuery(stmt: SelectStatement, source: DataSource, records: readonly StoredRecord[], properties: Readonly<Record<string, string>>): StatementResult {
  const q = stmt.query;
  checkPullQuery(stmt);
  if (q.from.kind !== 'source') throw new Error('unreachable: checkPullQuery refuses joins');
  if (source.type === 'STREAM' && properties['ksql.query.pull.stream.enabled']?.toLowerCase() === 'false') {
    // EngineExecutor / KsqlEngine#createStreamPullQuery
    throw new SqlStatementError(
      'Pull queries on streams are disabled. To create a push query on the stream, add EMIT CHANGES to the end. To enable pull queries on streams, set the ksql.query.pull.stream.enabled config to \'true\'.',
      stmt.pos,
    );
  }
  if (source.type === 'TABLE' && source.queryId === null && !source.isSource) {
    // EngineExecutor#notMaterializedException: a plain CREATE TABLE has no state store to read.
    throw new SqlStatementError(
      `The \`${source.name}\` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_${source.name} AS SELECT * FROM ${source.name}'.${SYNTAX_HELP}`,
      stmt.pos,
    );
  }
  const alias = q.from.alias ?? q.from.name;
  const scope = new RowScope(sourceScopeColumns(source, alias, (n) => n));
  const columns = outputColumns(expandStar(q.select, source, alias), scope, false);
  const where = q.where === null ? null : compileExpression(q.where, scope);
  const project = projector(columns);
  const rows: unknown[][] = [];
  for (const row of sourceRows(source, records)) {
    if (q.limit !== null && rows.length >= q.limit) break;
    if (where !== null && where.evaluate(row) !== true) continue;
    const out = project(row);
    rows.push(columns.map((c) => out[c.name] ?? null));
  }
  return { sql: stmt.text, columns: columns.map((c) => c.name), rows };
}

/** PullQueryValidator's rules, with its help text appended. */
export function checkPullQuery(stmt: SelectStatement): void {
  const q = stmt.query;
  const fail = (message: string): never => {
    throw new SqlStatementError(message + SYNTAX_HELP, stmt.pos);
  };
  if (q.from.kind !== 'source') fail("Pull queries don't support JOIN clauses.");
  if (q.window !== null) fail("Pull queries don't support WINDOW clauses.");
  if (q.groupBy !== null) fail("Pull queries don't support GROUP BY clauses.");
  if (q.partitionBy !== null) fail("Pull queries don't support PARTITION BY clauses.");
  if (q.having !== null) fail("Pull queries don't support HAVING clauses.");
  if (q.limit !== null && q.limit < 0) fail("Pull queries don't support negative integers in the LIMIT clause.");
  const inSelect = q.select.flatMap((item) => (item.kind === 'expr' ? columnNames(item.expr) : [])).filter((n) => DISALLOWED.includes(n));
  if (inSelect.length > 0) fail(`Pull queries don't support the following columns in SELECT clauses: ${unique(inSelect).map((n) => `\`${n}\``).join(', ')}\n`);
  const inWhere = (q.where === null ? [] : columnNames(q.where)).filter((n) => DISALLOWED.includes(n));
  if (inWhere.length > 0) fail(`Pull queries don't support the following columns in WHERE clauses: ${unique(inWhere).map((n) => `\`${n}\``).join(', ')}\n`);
}

/** The names of the columns an expression reads. */
function columnNames(expr: Expr): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const node = v as { kind?: unknown; name?: unknown };
    if (node.kind === 'column' && typeof node.name === 'string') out.push(node.name);
    for (const [k, x] of Object.entries(v)) if (k !== 'pos') visit(x);
  };
  visit(expr);
  return out;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/**
 * `*` in a pull query on a windowed source includes the window bounds after the key columns (ksqlDB's pull
 * query schema: key, WINDOWSTART, WINDOWEND, values).
 */
function expandStar(items: readonly SelectItem[], source: DataSource, alias: string): SelectItem[] {
  return items.flatMap((item): SelectItem[] => {
    if (item.kind !== 'star' || (item.source !== null && item.source !== alias)) return [item];
    const names = [...source.keyColumns.map((c) => c.name), ...(source.window === null ? [] : [WINDOWSTART, WINDOWEND]), ...source.valueColumns.map((c) => c.name)];
    return names.map((name) => ({ kind: 'expr', expr: { kind: 'column', source: null, name, pos: item.pos }, alias: null, pos: item.pos }) as SelectItem);
  });
}

/**
 * The source's rows, read with its formats: every record of a stream, or the latest row per key (and window)
 * of a table, in the order its keys first appeared. Records that do not deserialize are skipped, as the
 * persistent query skipped them.
 */
function sourceRows(source: DataSource, records: readonly StoredRecord[]): Row[] {
  const read = rowReader(source);
  if (source.type === 'STREAM') {
    return records.flatMap((r) => {
      const row = read(r);
      return row === null ? [] : [row];
    });
  }
  const latest = new Map<string, Row | null>();
  for (const r of records) {
    if (r.key === null || r.key === undefined) continue;
    const id = `${r.partition}:${stringifyLosslessJson(r.key)}`;
    if (r.value === null) {
      latest.delete(id);
      continue;
    }
    const row = read(r);
    if (row !== null) latest.set(id, row);
  }
  return [...latest.values()].filter((r): r is Row => r !== null);
}

function rowReader(source: DataSource): (r: StoredRecord) => Row | null {
  const keyFormat = getFormat(source.keyFormat.format);
  const keyInfo = { ...source.keyFormat, wrapSingleValue: false };
  const valueFormat = getFormat(source.valueFormat.format);
  const sizeMs = source.window?.type === 'SESSION' ? null : (source.window?.sizeMs ?? null);
  return (r) => {
    if (r.value === null) return null;
    try {
      const windowed = source.window !== null && r.key !== null && typeof r.key === 'object' && 'window' in r.key;
      const topicKey = windowed ? (r.key as unknown as { key: unknown }).key : r.key;
      const keyRow = source.keyColumns.length === 0 ? {} : (keyFormat.read(topicKey, source.keyColumns, keyInfo) ?? {});
      const value = valueFormat.read(r.value, source.valueColumns, source.valueFormat);
      if (value === null) return null;
      const row: Row = { ...keyRow, ...value, [ROWTIME]: r.timestamp, [ROWPARTITION]: r.partition, [ROWOFFSET]: BigInt(r.offset) };
      if (windowed) {
        // Time windows store only their start (TimeWindowedSerializer); session windows both bounds.
        const w = (r.key as unknown as { window: { start: unknown; end: unknown } }).window;
        const start = Number(w.start);
        row[WINDOWSTART] = start;
        row[WINDOWEND] = sizeMs === null ? Number(w.end) : start + sizeMs;
      }
      return row;
    } catch {
      return null;
    }
  };
}
