import type { KStream, KTable } from '../../streams/index.js';
import { Named, StreamsBuilder } from '../../streams/index.js';
import type { Topology } from '../../sim/topology.js';
import type { Expr, Query, SourceRelation } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { compileExpression } from '../expressions/index.js';
import { T, formatType } from '../types.js';
import type { Row } from '../values.js';
import { planAggregation } from './aggregation.js';
import { planJoin } from './join-planner.js';
import type { Column, DataSource, FormatInfo, MetaStore, WindowInfo } from './metastore.js';
import { outputColumns, projector, refersTo, sameExpr, type OutputColumn } from './projection.js';
import { RowScope, type ScopeColumn } from './row-scope.js';
import { keyOf, readSource, ROWOFFSET, ROWPARTITION, ROWTIME, WINDOWEND, WINDOWSTART } from './source-reader.js';

/** A relation while a query is being planned: its records (key = SQL key, value = row) and what it holds. */
export interface Stage {
  readonly kind: 'STREAM' | 'TABLE';
  readonly stream: KStream<unknown, Row | null> | null;
  readonly table: KTable<unknown, Row> | null;
  readonly scope: RowScope;
  /** The columns that make up the current key, in key order. */
  readonly keyColumns: readonly ScopeColumn[];
  readonly window: WindowInfo | null;
  readonly joined: boolean;
  /** Source formats, inherited by the sink unless the statement says otherwise. */
  readonly keyFormat: FormatInfo;
  readonly valueFormat: FormatInfo;
  readonly partitions: number | null;
}

export interface SinkSpec {
  readonly name: string;
  readonly type: 'STREAM' | 'TABLE';
  readonly topic: string;
  readonly keyFormat: FormatInfo | null;
  readonly valueFormat: FormatInfo | null;
  readonly partitions: number | null;
  readonly timestampColumn: string | null;
  readonly timestampFormat: string | null;
}

export interface PlannedQuery {
  readonly topology: Topology;
  /** The sink's schema and formats, to register (CREATE ... AS) or check (INSERT INTO). */
  readonly sink: Omit<DataSource, 'sql' | 'queryId' | 'isSource'>;
  readonly sinkPartitions: number | null;
}

export interface PlanContext {
  readonly metastore: MetaStore;
  readonly topicPartitions: (topic: string) => number | null;
}

/** Plans a persistent query (CREATE ... AS SELECT, INSERT INTO ... SELECT) as one topology. */
export function planQuery(query: Query, sinkSpec: SinkSpec, ctx: PlanContext): PlannedQuery {
  const builder = new StreamsBuilder();
  let stage = planRelation(builder, query.from, ctx);
  if (query.where !== null) stage = planWhere(stage, query.where);
  const isAggregate = query.groupBy !== null || query.window !== null || hasAggregate(query);
  let result: { stage: Stage; columns: OutputColumn[] };
  if (isAggregate) {
    result = planAggregation(stage, query, sinkSpec.name);
  } else {
    if (query.having !== null) throw new SqlStatementError('HAVING requires a GROUP BY clause.', query.having.pos);
    result = planProjection(stage, query, sinkSpec.name);
  }
  const sink = sinkSchema(result.stage, result.columns, sinkSpec);
  const out: KStream<unknown, Row | null> = result.stage.table !== null ? (result.stage.table.toStream() as KStream<unknown, Row | null>) : result.stage.stream!;
  writeSinkLazy(out, sink);
  return { topology: builder.build(), sink, sinkPartitions: sinkSpec.partitions ?? result.stage.partitions };
}

function hasAggregate(query: Query): boolean {
  return query.select.some((i) => i.kind === 'expr' && containsAggregate(i.expr));
}

import { isAggregateFunction } from '../aggregates/index.js';
import { walkExpr } from './expr-walk.js';
import { writeSink } from './sink-writer.js';

export function containsAggregate(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (e) => {
    if (e.kind === 'call' && isAggregateFunction(e.name)) found = true;
  });
  return found;
}

function writeSinkLazy(stream: KStream<unknown, Row | null>, sink: Omit<DataSource, 'sql' | 'queryId' | 'isSource'>): void {
  writeSink(stream, { ...sink, sql: '', queryId: null, isSource: false });
}

/** The columns of a source as the query sees them: keys, values, then the system columns. */
export function sourceScopeColumns(source: DataSource, alias: string, fieldOf: (name: string) => string): ScopeColumn[] {
  const cols: ScopeColumn[] = [
    ...source.keyColumns.map((c) => ({ source: alias, name: c.name, type: c.type, field: fieldOf(c.name), isKey: true })),
    ...source.valueColumns.map((c) => ({ source: alias, name: c.name, type: c.type, field: fieldOf(c.name), isKey: false })),
    { source: alias, name: ROWTIME, type: T.BIGINT, field: fieldOf(ROWTIME), isKey: false },
    { source: alias, name: ROWPARTITION, type: T.INTEGER, field: fieldOf(ROWPARTITION), isKey: false },
    { source: alias, name: ROWOFFSET, type: T.BIGINT, field: fieldOf(ROWOFFSET), isKey: false },
  ];
  if (source.window !== null) {
    cols.push({ source: alias, name: WINDOWSTART, type: T.BIGINT, field: fieldOf(WINDOWSTART), isKey: false });
    cols.push({ source: alias, name: WINDOWEND, type: T.BIGINT, field: fieldOf(WINDOWEND), isKey: false });
  }
  return cols;
}

export function planSource(builder: StreamsBuilder, rel: SourceRelation, ctx: PlanContext): Stage {
  const source = ctx.metastore.require(rel.name);
  if (source.window !== null) throw new SqlUnsupportedError('reading a windowed source', rel.pos);
  const alias = rel.alias ?? rel.name;
  const records = readSource(builder, source);
  const scope = new RowScope(sourceScopeColumns(source, alias, (n) => n));
  const keyColumns = scope.columns.filter((c) => c.isKey);
  const common = { scope, keyColumns, window: null, joined: false, keyFormat: source.keyFormat, valueFormat: source.valueFormat, partitions: ctx.topicPartitions(source.topic) };
  if (source.type === 'STREAM') {
    return { kind: 'STREAM', stream: records.filter((_k, v) => v !== null), table: null, ...common };
  }
  return { kind: 'TABLE', stream: null, table: records.toTable() as KTable<unknown, Row>, ...common };
}

function planRelation(builder: StreamsBuilder, rel: Query['from'], ctx: PlanContext): Stage {
  if (rel.kind === 'source') return planSource(builder, rel, ctx);
  return planJoin(builder, rel, ctx);
}

function planWhere(stage: Stage, where: Expr): Stage {
  const compiled = wrapClauseErrors('WHERE', () => compileExpression(where, stage.scope));
  if (compiled.type.base !== 'BOOLEAN') {
    throw new SqlStatementError(`Type error in WHERE expression: Should evaluate to boolean but is ${formatType(compiled.type)} instead.`, where.pos);
  }
  const test = (row: Row | null) => row !== null && compiled.evaluate(row) === true;
  if (stage.table !== null) return { ...stage, table: stage.table.filter((_k, v) => test(v)) };
  return { ...stage, stream: stage.stream!.filter((_k, v) => test(v)) };
}

/** ksqlDB prefixes type errors in a clause with its name: "Error in WHERE expression: ...". */
export function wrapClauseErrors<R>(clause: string, fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SqlStatementError && !(err instanceof SqlUnsupportedError) && !err.message.startsWith('Error in')) {
      throw new SqlStatementError(`Error in ${clause} expression: ${err.message}`, err.pos);
    }
    throw err;
  }
}

/** SELECT without aggregation: projection, then PARTITION BY re-keys the result. */
function planProjection(stage: Stage, query: Query, sinkName: string): { stage: Stage; columns: OutputColumn[] } {
  const columns = outputColumns(query.select, stage.scope, stage.joined);
  if (query.partitionBy !== null) {
    if (stage.table !== null) throw new SqlStatementError('Invalid use of PARTITION BY: tables cannot be repartitioned.', query.partitionBy[0]?.pos);
    return planPartitionBy(stage, query, columns, sinkName);
  }
  if (stage.joined) {
    // Either join expression may carry the key; the first projected one does (ksqlDB's join key rules).
    const keyColumn = columns.find((c) => stage.keyColumns.some((k) => refersTo(c.expr, k)));
    if (keyColumn === undefined && stage.keyColumns.length > 0) {
      const names = stage.keyColumns.map((k) => `${k.source}.${k.name}`).join(' or ');
      throw new SqlStatementError(`The query used to build \`${sinkName}\` must include the join expressions ${names} in its projection (eg, SELECT ${stage.keyColumns[0]!.source}.${stage.keyColumns[0]!.name}...).`);
    }
    if (keyColumn !== undefined) keyColumn.isKey = true;
  } else {
    for (const c of columns) c.isKey = stage.keyColumns.some((k) => refersTo(c.expr, k));
  }
  const missing = stage.keyColumns.filter((k) => !columns.some((c) => c.isKey && refersTo(c.expr, k)));
  if (missing.length > 0 && !stage.joined) {
    const names = missing.map((k) => k.name).join(', ');
    throw new SqlStatementError(
      `The query used to build \`${sinkName}\` must include the key column${missing.length > 1 ? 's' : ''} ${names} in its projection (eg, SELECT ${names}...).`,
    );
  }
  const project = projector(columns);
  const mapRow = (row: Row | null) => (row === null ? null : project(row));
  const next: Stage =
    stage.table !== null
      ? { ...stage, table: stage.table.mapValues((v) => mapRow(v) as Row) }
      : { ...stage, stream: stage.stream!.mapValues(mapRow) };
  return { stage: next, columns };
}

function planPartitionBy(stage: Stage, query: Query, columns: OutputColumn[], sinkName: string): { stage: Stage; columns: OutputColumn[] } {
  const exprs = query.partitionBy!;
  const compiled = exprs.map((e) => wrapClauseErrors('PARTITION BY', () => compileExpression(e, stage.scope)));
  const isNullKey = exprs.length === 1 && exprs[0]!.kind === 'literal' && exprs[0]!.type === 'NULL';
  const same = (a: Expr, b: Expr) =>
    a.kind === 'column' && b.kind === 'column' ? stage.scope.find(a.source, a.name) === stage.scope.find(b.source, b.name) : sameExpr(a, b);
  for (const c of columns) c.isKey = exprs.some((e) => same(e, c.expr));
  if (!isNullKey && !columns.some((c) => c.isKey)) {
    throw new SqlStatementError(`The query used to build \`${sinkName}\` must include the partitioning expression ${exprs.map(exprText).join(', ')} in its projection (eg, SELECT ${exprs.map(exprText).join(', ')}...).`);
  }
  const project = projector(columns);
  const keyed = stage.stream!.selectKey(
    (_k, row) => {
      if (row === null || isNullKey) return null;
      const values = compiled.map((c) => c.evaluate(row));
      return values.length === 1 ? values[0] : values;
    },
    Named.as(`PartitionBy-SelectKey`),
  );
  const next: Stage = { ...stage, stream: keyed.mapValues((row) => (row === null ? null : project(row))) };
  return { stage: next, columns };
}

export function exprText(e: Expr): string {
  return e.kind === 'column' ? (e.source === null ? e.name : `${e.source}.${e.name}`) : 'expression';
}

/** The sink's schema: key columns (in key order) and value columns; formats from the statement or the source. */
function sinkSchema(stage: Stage, columns: readonly OutputColumn[], spec: SinkSpec): Omit<DataSource, 'sql' | 'queryId' | 'isSource'> {
  const keyColumns: Column[] = columns.filter((c) => c.isKey).map((c) => ({ name: c.name, type: c.type }));
  const valueColumns: Column[] = columns.filter((c) => !c.isKey).map((c) => ({ name: c.name, type: c.type }));
  if (valueColumns.length === 0) throw new SqlStatementError('The projection contains no value columns.');
  return {
    name: spec.name,
    type: spec.type,
    topic: spec.topic,
    keyColumns,
    valueColumns,
    keyFormat: spec.keyFormat ?? stage.keyFormat,
    valueFormat: spec.valueFormat ?? stage.valueFormat,
    timestampColumn: spec.timestampColumn,
    timestampFormat: spec.timestampFormat,
    window: stage.window,
  };
}

export { keyOf };
