import type { KStream, KTable } from '../../streams/index.js';
import { Named, StreamsBuilder } from '../../streams/index.js';
import type { Topology } from '../../sim/topology.js';
import type { Expr, Query, SelectItem, SourceRelation } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { compileExpression, formatExpression, type Compiled } from '../expressions/index.js';
import { describeSchemaError, getFormat } from '../formats/index.js';
import { T, formatType } from '../types.js';
import type { Row } from '../values.js';
import { planAggregation } from './aggregation.js';
import { markJoinKey, planJoin } from './join-planner.js';
import type { Column, DataSource, FormatInfo, MetaStore, WindowInfo } from './metastore.js';
import { outputColumns, projector, refersTo, sameExpr, type OutputColumn } from './projection.js';
import { RowScope, type ScopeColumn } from './row-scope.js';
import { readSource, ROWOFFSET, ROWPARTITION, ROWTIME, WINDOWEND, WINDOWSTART } from './source-reader.js';
import { isAggregateFunction } from '../aggregates/index.js';
import { rewriteExpr, walkExpr } from './expr-walk.js';
import { writeSink } from './sink-writer.js';

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
  /** The engine's properties (SET and startup), for UDAFs that read them (ksql.functions.collect_set.limit). */
  readonly properties?: Readonly<Record<string, string>>;
}

/** Plans a persistent query (CREATE ... AS SELECT, INSERT INTO ... SELECT) as one topology. */
export function planQuery(query: Query, sinkSpec: SinkSpec, ctx: PlanContext): PlannedQuery {
  const builder = new StreamsBuilder();
  let stage = planRelation(builder, query.from, ctx);
  if (query.where !== null) stage = planWhere(stage, query.where);
  const isAggregate = query.groupBy !== null || query.window !== null || hasAggregate(query);
  let result: { stage: Stage; columns: OutputColumn[] };
  const checkColumns = (columns: readonly OutputColumn[]) => checkTimestampColumn(columns, sinkSpec);
  if (isAggregate) {
    result = planAggregation(stage, query, sinkSpec.name, sinkSpec.type, checkColumns, ctx.properties);
  } else {
    if (query.having !== null) throw new SqlStatementError('HAVING requires a GROUP BY clause.', query.having.pos);
    const newPlanner = ctx.properties?.['ksql.new.query.planner.enabled']?.toLowerCase() === 'true';
    result = planProjection(stage, query, sinkSpec.name, checkColumns, newPlanner);
  }
  const sink = sinkSchema(result.stage, result.columns, sinkSpec);
  const out: KStream<unknown, Row | null> = result.stage.table !== null ? (result.stage.table.toStream() as KStream<unknown, Row | null>) : result.stage.stream!;
  writeSink(out, { ...sink, sql: '', queryId: null, isSource: false });
  return { topology: builder.build(), sink, sinkPartitions: sinkSpec.partitions ?? result.stage.partitions };
}

/**
 * The sink's TIMESTAMP column must be one of the output columns; ksqlDB checks it when it builds the output
 * node (LogicalPlanner#getTimestampColumn), before the projection's key checks.
 */
function checkTimestampColumn(columns: readonly OutputColumn[], spec: SinkSpec): void {
  const name = spec.timestampColumn;
  if (name !== null && !columns.some((c) => c.name === name)) {
    throw new SqlStatementError(`The TIMESTAMP column set in the WITH clause does not exist in the schema: '${name}'`);
  }
}

function hasAggregate(query: Query): boolean {
  return query.select.some((i) => i.kind === 'expr' && containsAggregate(i.expr));
}

export function containsAggregate(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (e) => {
    if (e.kind === 'call' && isAggregateFunction(e.name)) found = true;
  });
  return found;
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
  const alias = rel.alias ?? rel.name;
  // A windowed source's records keep their windows (keys are {key, window}), so its sink is windowed too.
  const records = readSource(builder, source, ctx.properties);
  const scope = new RowScope(sourceScopeColumns(source, alias, (n) => n));
  const keyColumns = scope.columns.filter((c) => c.isKey);
  const common = { scope, keyColumns, window: source.window, joined: false, keyFormat: source.keyFormat, valueFormat: source.valueFormat, partitions: ctx.topicPartitions(source.topic) };
  if (source.type === 'STREAM') {
    // A null value flows on through projection and PARTITION BY as null (ksqlDB's SelectValueMapper maps
    // null to null); WHERE, GROUP BY and joins drop it.
    return { kind: 'STREAM', stream: records, table: null, ...common };
  }
  return { kind: 'TABLE', stream: null, table: records.toTable() as KTable<unknown, Row>, ...common };
}

function planRelation(builder: StreamsBuilder, rel: Query['from'], ctx: PlanContext): Stage {
  if (rel.kind === 'source') return planSource(builder, rel, ctx);
  return planJoin(builder, rel, ctx);
}

function planWhere(stage: Stage, where: Expr): Stage {
  const compiled = wrapClauseErrors('WHERE', () =>
    clauseColumns('WHERE', () => {
      try {
        return compileExpression(where, stage.scope);
      } catch (err) {
        if (stage.joined && err instanceof SqlStatementError && !(err instanceof SqlUnsupportedError)) joinedWhereError(where, stage.scope);
        throw err;
      }
    }),
  );
  if (compiled.type.base !== 'BOOLEAN') {
    // ksqlDB's FilterTypeValidator prints the expression and its type.
    throw new SqlStatementError(
      `Type error in WHERE expression: Should evaluate to boolean but is ${formatExpression(where)} (${formatType(compiled.type)}) instead.`,
      where.pos,
    );
  }
  const test = (row: Row | null) => row !== null && compiled.evaluate(row) === true;
  if (stage.table !== null) return { ...stage, table: stage.table.filter((_k, v) => test(v)) };
  return { ...stage, stream: stage.stream!.filter((_k, v) => test(v)) };
}

/**
 * After a join, ksqlDB checks WHERE against the joined schema, where a column is `ALIAS_NAME` (`I1_BAR`):
 * compile the expression over those names so that a type error names the columns the same way.
 * Returns normally when the rewritten expression compiles (the caller then rethrows its own error).
 */
function joinedWhereError(where: Expr, scope: RowScope): void {
  const renamed = (c: ScopeColumn) => (c.source === null ? c.name : `${c.source}_${c.name}`);
  const flat = new RowScope(scope.columns.map((c) => ({ ...c, source: null, name: renamed(c) })));
  let rewritten: Expr;
  try {
    rewritten = rewriteExpr(where, (node) => (node.kind === 'column' ? { ...node, source: null, name: renamed(scope.find(node.source, node.name)) } : undefined));
  } catch {
    return; // an unresolved column: the original error says so
  }
  compileExpression(rewritten, flat);
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

/** ksqlDB names the clause of an unknown column: "SELECT column 'BOB' cannot be resolved." (ColumnReferenceValidator). */
export function clauseColumns<R>(clause: string, fn: () => R, suffix: (name: string) => string = () => ''): R {
  try {
    return fn();
  } catch (err) {
    const m = err instanceof SqlStatementError ? /^Column '(.*)' cannot be resolved\.$/.exec(err.message) : null;
    if (m !== null) throw new SqlStatementError(`${clause} column '${m[1]!}' cannot be resolved.${suffix(m[1]!)}`, (err as SqlStatementError).pos);
    throw err;
  }
}

/** SELECT without aggregation: projection, then PARTITION BY re-keys the result. */
function planProjection(
  stage: Stage,
  query: Query,
  sinkName: string,
  checkColumns: (columns: readonly OutputColumn[]) => void,
  newPlanner = false,
): { stage: Stage; columns: OutputColumn[] } {
  if (query.partitionBy !== null) {
    if (stage.table !== null) throw new SqlStatementError('Invalid use of PARTITION BY: tables cannot be repartitioned.', query.partitionBy[0]?.pos);
    return planPartitionBy(stage, query, sinkName, checkColumns);
  }
  const columns = clauseColumns('SELECT', () => outputColumns(query.select, stage.scope, stage.joined));
  checkColumns(columns);
  if (stage.joined) {
    markJoinKey(stage.keyColumns, columns, sinkName);
  } else {
    for (const c of columns) c.isKey = stage.keyColumns.some((k) => refersTo(c.expr, k));
    for (const k of stage.keyColumns) {
      const copies = columns.filter((c) => refersTo(c.expr, k));
      if (copies.length > 1) {
        throw new SqlStatementError(`The projection contains a key column (\`${k.name}\`) more than once, aliased as: ${joinAnd(copies.map((c) => c.name))}.`);
      }
    }
  }
  if (newPlanner && stage.stream !== null && !stage.joined) return projectWithNewPlanner(stage, columns);
  const missing = stage.keyColumns.filter((k) => !columns.some((c) => c.isKey && refersTo(c.expr, k)));
  if (missing.length > 0 && !stage.joined) {
    // ksqlDB names every key column, not only the missing ones.
    const names = stage.keyColumns.map((k) => k.name);
    throw new SqlStatementError(
      `The query used to build \`${sinkName}\` must include the key column${names.length > 1 ? 's' : ''} ${joinAnd(names)} in its projection (eg, SELECT ${names.join(', ')}...).`,
    );
  }
  if (!stage.joined) {
    // The key's parts stay in the source's key order, whatever the projection order.
    const rank = (c: OutputColumn) => (c.isKey ? stage.keyColumns.findIndex((k) => refersTo(c.expr, k)) : stage.keyColumns.length);
    columns.splice(0, columns.length, ...[...columns].sort((a, b) => rank(a) - rank(b)));
  }
  const project = projector(columns);
  const mapRow = (row: Row | null) => (row === null ? null : project(row));
  const next: Stage =
    stage.table !== null
      ? { ...stage, table: stage.table.mapValues((v) => mapRow(v) as Row) }
      : { ...stage, stream: stage.stream!.mapValues(mapRow) };
  return { stage: next, columns };
}

/**
 * ksqlDB's new query planner (ksql.new.query.planner.enabled) projects a stream's key like any column: the
 * key columns are those the projection selects, in projection order, and a key column left out is dropped.
 * The SQL key is rebuilt to match when that differs from the source's key.
 */
function projectWithNewPlanner(stage: Stage, columns: OutputColumn[]): { stage: Stage; columns: OutputColumn[] } {
  const keyColumns = columns.filter((c) => c.isKey);
  const sourceIndex = keyColumns.map((c) => stage.keyColumns.findIndex((k) => refersTo(c.expr, k)));
  const unchanged = sourceIndex.length === stage.keyColumns.length && sourceIndex.every((s, i) => s === i);
  const project = projector(columns);
  const projected = stage.stream!.mapValues((row) => (row === null ? null : project(row)));
  if (unchanged) return { stage: { ...stage, stream: projected }, columns };
  const part = (key: unknown, i: number): unknown => (key === null ? null : stage.keyColumns.length === 1 ? key : ((key as unknown[])[i] ?? null));
  const rekeyed = projected.selectKey((key) => {
    if (sourceIndex.length === 0) return null;
    return sourceIndex.length === 1 ? part(key, sourceIndex[0]!) : sourceIndex.map((i) => part(key, i));
  });
  const keyScope = sourceIndex.map((i) => stage.keyColumns[i]!);
  return { stage: { ...stage, stream: rekeyed, keyColumns: keyScope }, columns };
}

/**
 * PARTITION BY re-keys a stream by its expressions, as ksqlDB's PartitionByParamsFactory does: the key
 * columns follow the PARTITION BY order; `SELECT *` puts the new key first, then the value columns, then
 * the old key columns (the repartitioned schema has the old key copied into the value). A null value is
 * re-keyed from the key columns alone; an expression that throws gives a null key part.
 */
function planPartitionBy(
  stage: Stage,
  query: Query,
  sinkName: string,
  checkColumns: (columns: readonly OutputColumn[]) => void,
): { stage: Stage; columns: OutputColumn[] } {
  const exprs = query.partitionBy!;
  if (exprs.length === 0) throw new SqlStatementError('PARTITION BY requires at least one expression', query.pos);
  const isNullKey = exprs.length === 1 && exprs[0]!.kind === 'literal' && exprs[0]!.type === 'NULL';
  const compiled = isNullKey
    ? []
    : exprs.map((e) =>
        wrapClauseErrors('PARTITION BY', () =>
          clauseColumns('PARTITION BY', () => compileExpression(e, stage.scope), (n) => ` '${n}' must be a column in the source schema since PARTITION BY is applied on the input.`),
        ),
      );
  const same = (a: Expr, b: Expr) =>
    a.kind === 'column' && b.kind === 'column' ? stage.scope.find(a.source, a.name) === stage.scope.find(b.source, b.name) : sameExpr(a, b);
  const select = isNullKey
    ? query.select
    : stage.joined
      ? expandJoinStarForPartitionBy(query.select, exprs, stage, same)
      : expandStarForPartitionBy(query.select, exprs, stage, same);
  const columns = clauseColumns('SELECT', () => outputColumns(select, stage.scope, stage.joined));
  checkColumns(columns);
  const keyRank = (c: OutputColumn) => exprs.findIndex((e) => same(e, c.expr));
  for (const c of columns) c.isKey = !isNullKey && keyRank(c) >= 0;
  if (!isNullKey && exprs.some((e) => !columns.some((c) => c.isKey && same(e, c.expr)))) {
    const qualified = exprs.map((e) => formatExpression(qualify(e, stage.scope)));
    const plural = exprs.length > 1;
    throw new SqlStatementError(
      `The query used to build \`${sinkName}\` must include the partitioning expression${plural ? 's' : ''} ${joinAnd(qualified)} in its projection (eg, SELECT ${qualified.join(', ')}...).`,
    );
  }
  // The key's parts follow the PARTITION BY order.
  const ordered = [...columns].sort((a, b) => (a.isKey ? keyRank(a) : exprs.length) - (b.isKey ? keyRank(b) : exprs.length));
  const project = projector(ordered);
  const keyOnlyRow = keyRowBuilder(stage);
  const evalPart = (c: Compiled, row: Row): unknown => {
    try {
      return c.evaluate(row) ?? null;
    } catch {
      return null;
    }
  };
  const keyed = stage.stream!.selectKey(
    (k, row) => {
      if (isNullKey) return null;
      const source = row ?? keyOnlyRow(k);
      const values = compiled.map((c) => evalPart(c, source));
      return values.length === 1 ? values[0] : values;
    },
    Named.as(`PartitionBy-SelectKey`),
  );
  const next: Stage = { ...stage, stream: keyed.mapValues((row) => (row === null ? null : project(row))) };
  return { stage: next, columns: ordered };
}

/** A row holding only the key columns (everything else null), for re-keying a null value. */
function keyRowBuilder(stage: Stage): (key: unknown) => Row {
  const keys = stage.keyColumns;
  return (key) => {
    const row: Row = {};
    if (key === null || key === undefined) return row;
    if (keys.length === 1) row[keys[0]!.field] = key;
    else keys.forEach((k, i) => (row[k.field] = (key as unknown[])[i] ?? null));
    return row;
  };
}

/** `SELECT *` with PARTITION BY: the partition expressions, the value columns, then the old key columns. */
function expandStarForPartitionBy(items: readonly SelectItem[], exprs: readonly Expr[], stage: Stage, same: (a: Expr, b: Expr) => boolean): SelectItem[] {
  const out: SelectItem[] = [];
  for (const item of items) {
    if (item.kind !== 'star') {
      out.push(item);
      continue;
    }
    const visible = stage.scope.columns.filter((c) => c.source !== null && !SYSTEM_COLUMN_NAMES.has(c.name));
    const ref = (c: ScopeColumn): Expr => ({ kind: 'column', source: c.source, name: c.name, pos: item.pos });
    for (const e of exprs) out.push({ kind: 'expr', expr: e, alias: null, pos: item.pos });
    const rest = [...visible.filter((c) => !c.isKey), ...visible.filter((c) => c.isKey)];
    for (const c of rest) if (!exprs.some((e) => same(e, ref(c)))) out.push({ kind: 'expr', expr: ref(c), alias: null, pos: item.pos });
  }
  return out;
}

/**
 * `SELECT *` over a join with PARTITION BY: the repartition reads the join's value schema, which holds each
 * side's value columns, its ROWTIME, ROWPARTITION and ROWOFFSET, then its key columns, all as `ALIAS_NAME`
 * (ksqlDB's JoinNode schema); the partitioning expressions come first and are not repeated.
 */
function expandJoinStarForPartitionBy(items: readonly SelectItem[], exprs: readonly Expr[], stage: Stage, same: (a: Expr, b: Expr) => boolean): SelectItem[] {
  const out: SelectItem[] = [];
  const pseudo = [ROWTIME, ROWPARTITION, ROWOFFSET];
  for (const item of items) {
    if (item.kind !== 'star' || item.source !== null) {
      out.push(item);
      continue;
    }
    const ref = (c: ScopeColumn): Expr => ({ kind: 'column', source: c.source, name: c.name, pos: item.pos });
    const aliasOf = (e: Expr): string | null => {
      if (e.kind !== 'column') return null;
      const c = stage.scope.find(e.source, e.name);
      return c.source === null ? c.name : `${c.source}_${c.name}`;
    };
    for (const e of exprs) out.push({ kind: 'expr', expr: e, alias: aliasOf(e), pos: item.pos });
    const sources = [...new Set(stage.scope.columns.map((c) => c.source))];
    const ordered: ScopeColumn[] = [];
    for (const source of sources) {
      const own = stage.scope.columns.filter((c) => c.source === source);
      if (source === null) {
        ordered.push(...own.filter((c) => c.isKey));
        continue;
      }
      ordered.push(...own.filter((c) => !c.isKey && !SYSTEM_COLUMN_NAMES.has(c.name)));
      for (const name of pseudo) ordered.push(...own.filter((c) => c.name === name));
      ordered.push(...own.filter((c) => c.isKey));
    }
    for (const c of ordered) {
      if (exprs.some((e) => same(e, ref(c)))) continue;
      out.push({ kind: 'expr', expr: ref(c), alias: c.source === null ? null : `${c.source}_${c.name}`, pos: item.pos });
    }
  }
  return out;
}

const SYSTEM_COLUMN_NAMES = new Set([ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART, WINDOWEND]);

/** Column references qualified with their relation, as ksqlDB prints them in analysis errors (`INPUT.ID`). */
export function qualify(e: Expr, scope: RowScope): Expr {
  return rewriteExpr(e, (node) => {
    if (node.kind !== 'column') return undefined;
    try {
      const c = scope.find(node.source, node.name);
      return c.source === null ? node : { ...node, source: c.source };
    } catch {
      return node;
    }
  });
}

/** ksqlDB's GrammaticalJoiner.and(): "A", "A and B", "A, B and C". */
export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

export function exprText(e: Expr): string {
  return e.kind === 'column' ? (e.source === null ? e.name : `${e.source}.${e.name}`) : 'expression';
}

/** The sink's schema: key columns (in key order) and value columns; formats from the statement or the source. */
function sinkSchema(stage: Stage, columns: readonly OutputColumn[], spec: SinkSpec): Omit<DataSource, 'sql' | 'queryId' | 'isSource'> {
  const keyColumns: Column[] = columns.filter((c) => c.isKey).map((c) => ({ name: c.name, type: c.type }));
  const valueColumns: Column[] = columns.filter((c) => !c.isKey).map((c) => ({ name: c.name, type: c.type }));
  if (valueColumns.length === 0) throw new SqlStatementError('The projection contains no value columns.');
  const keyFormat = spec.keyFormat ?? stage.keyFormat;
  checkKeyFormat(keyFormat, keyColumns);
  return {
    name: spec.name,
    type: spec.type,
    topic: spec.topic,
    keyColumns,
    valueColumns,
    keyFormat,
    valueFormat: spec.valueFormat ?? stage.valueFormat,
    timestampColumn: spec.timestampColumn,
    timestampFormat: spec.timestampFormat,
    window: stage.window,
  };
}

/** ksqlDB wraps the key format's own complaint when it builds the sink's key serde (GenericSerdeFactory). */
function checkKeyFormat(info: FormatInfo, keyColumns: readonly Column[]): void {
  const format = getFormat(info.format);
  try {
    format.checkSupported(keyColumns, true);
  } catch (err) {
    if (!(err instanceof SqlStatementError) || err instanceof SqlUnsupportedError || err.message.startsWith('Key format does not support')) throw err;
    throw new SqlStatementError(describeSchemaError(format, keyColumns, true, err.message));
  }
}

