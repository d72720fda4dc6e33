import { BufferConfig, Named, SessionWindows, Suppressed, TimeWindows, type KGroupedStream, type KTable } from '../../streams/index.js';
import type { Call, Expr, Query } from '../ast.js';
import { resolveAggregate, isAggregateFunction, type Udaf } from '../aggregates/index.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { compileExpression, type Compiled } from '../expressions/index.js';
import { isScalarFunction } from '../functions/index.js';
import { T } from '../types.js';
import type { Row } from '../values.js';
import { rewriteExpr, walkExpr } from './expr-walk.js';
import type { WindowInfo } from './metastore.js';
import { exprText, wrapClauseErrors, type Stage } from './planner.js';
import { outputColumns, projector, sameExpr, type OutputColumn } from './projection.js';
import { RowScope, type ScopeColumn } from './row-scope.js';
import { WINDOWEND, WINDOWSTART } from './source-reader.js';

/** ksqlDB's default grace for windows that state none (Kafka Streams' old 24 h default; SCENARIOS.md §0.5). */
const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;

interface AggregateCall {
  readonly call: Call;
  readonly udaf: Udaf;
  readonly args: readonly Compiled[];
  readonly field: string;
}

/** What the aggregation keeps per group: one accumulator per aggregate call. */
interface AggState {
  readonly accs: readonly unknown[];
}

/**
 * GROUP BY (and WINDOW) with aggregate functions: re-key by the grouping expressions (unless they are
 * already the key), aggregate each call with its UDAF, then HAVING and the projection over a row of the
 * grouping columns, the aggregate results and the window bounds. A null grouping value drops the record
 * (SCENARIOS.md §0.5, ksqlDB's group-by.json).
 */
export function planAggregation(stage: Stage, query: Query, sinkName: string): { stage: Stage; columns: OutputColumn[] } {
  const groupBy = query.groupBy ?? [];
  if (groupBy.length === 0) throw new SqlUnsupportedError('aggregation without GROUP BY', query.pos);
  for (const g of groupBy) {
    walkExpr(g, (e) => {
      if (e.kind === 'call' && isAggregateFunction(e.name)) {
        throw new SqlStatementError(`GROUP BY does not support aggregate functions: ${e.name} is an aggregate function.`, e.pos);
      }
    });
  }
  const groupCompiled = groupBy.map((g) => wrapClauseErrors('GROUP BY', () => compileExpression(g, stage.scope)));
  const calls: AggregateCall[] = [];
  const collect = (e: Expr): Expr => rewriteExpr(e, (node) => {
    if (node.kind !== 'call' || !isAggregateFunction(node.name)) return undefined;
    let existing = calls.find((c) => sameExpr(c.call, node));
    if (existing === undefined) {
      const args = node.star ? [] : node.args.map((a) => compileExpression(a, stage.scope));
      const literalArgs = node.args.map((a) => (a.kind === 'literal' ? a.value : undefined));
      const udaf = resolveAggregate(node.name, args.map((a) => a.type), literalArgs);
      existing = { call: node, udaf, args, field: `KSQL_AGG_VARIABLE_${calls.length}` };
      calls.push(existing);
    }
    return { kind: 'column', source: null, name: existing.field, pos: node.pos };
  });
  // Group-by expressions become columns of the aggregated row: their own name when a column, else generated.
  const groupFields = groupBy.map((g, i) => (g.kind === 'column' ? g.name : `KSQL_GROUP_${i}`));
  const toGroupRef = (e: Expr): Expr =>
    rewriteExpr(e, (node) => {
      const i = groupBy.findIndex((g) => sameExpr(g, node));
      return i < 0 ? undefined : { kind: 'column', source: null, name: groupFields[i]!, pos: node.pos };
    });
  for (const item of query.select) if (item.kind === 'expr') checkFunctionsExist(item.expr);
  const select = query.select.map((item) => {
    if (item.kind === 'star') throw new SqlStatementError('SELECT * is not supported with GROUP BY: name the columns.', item.pos);
    return { ...item, expr: toGroupRef(collect(item.expr)) };
  });
  const having = query.having === null ? null : toGroupRef(collect(query.having));

  const window = query.window;
  const aggColumns: ScopeColumn[] = [
    ...groupFields.map((f, i) => ({ source: null, name: f, type: groupCompiled[i]!.type, field: f, isKey: true })),
    ...calls.map((c) => ({ source: null, name: c.field, type: c.udaf.returnType, field: c.field, isKey: false })),
  ];
  if (window !== null) {
    aggColumns.push({ source: null, name: WINDOWSTART, type: T.BIGINT, field: WINDOWSTART, isKey: false });
    aggColumns.push({ source: null, name: WINDOWEND, type: T.BIGINT, field: WINDOWEND, isKey: false });
  }
  const aggScope = new RowScope(aggColumns);
  checkNonAggregates(select.map((i) => i.expr), calls, groupFields);
  const columns = outputColumns(select, aggScope, false, query.select);
  for (const c of columns) c.isKey = c.expr.kind === 'column' && groupFields.includes(c.expr.name);
  // The key's columns follow the GROUP BY order, which is the order of the key's parts.
  const keyRank = (c: OutputColumn) => (c.isKey && c.expr.kind === 'column' ? groupFields.indexOf(c.expr.name) : groupFields.length);
  const ordered = [...columns].sort((a, b) => keyRank(a) - keyRank(b));
  columns.splice(0, columns.length, ...ordered);
  if (!columns.some((c) => c.isKey)) {
    throw new SqlStatementError(
      `Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\nThe query used to build \`${sinkName}\` must include the grouping expression${groupBy.length > 1 ? 's' : ''} ${groupBy.map(exprText).join(', ')} in its projection (eg, SELECT ${groupBy.map(exprText).join(', ')}...).`,
    );
  }

  const groupKey = (row: Row): unknown => {
    const values = groupCompiled.map((g) => g.evaluate(row));
    if (values.some((v) => v === null || v === undefined)) return null;
    return values.length === 1 ? values[0] : values;
  };
  const initial = (): AggState => ({ accs: calls.map((c) => c.udaf.initial()) });
  const argsOf = (c: AggregateCall, row: Row) => c.args.map((a) => a.evaluate(row));
  const add = (row: Row, state: AggState): AggState => ({ accs: calls.map((c, i) => c.udaf.add(state.accs[i], argsOf(c, row))) });

  const sameKeyAsSource =
    stage.kind === 'STREAM' &&
    !stage.joined &&
    groupBy.length === stage.keyColumns.length &&
    groupBy.every((g, i) => g.kind === 'column' && g.name === stage.keyColumns[i]!.name);

  let aggregated: KTable<unknown, AggState>;
  if (stage.stream !== null) {
    const grouped: KGroupedStream<unknown, Row | null> = sameKeyAsSource
      ? stage.stream.groupByKey()
      : stage.stream.groupBy((_k, row) => (row === null ? null : groupKey(row)));
    aggregated = windowedAggregate(grouped, window, initial, add, calls);
  } else {
    if (window !== null) throw new SqlStatementError('Windowed aggregations on tables are not supported.', window.pos);
    const notUndoable = [...new Set(calls.filter((c) => c.udaf.undo === undefined).map((c) => c.call.name))];
    if (notUndoable.length > 0) {
      const list = notUndoable.length === 1 ? notUndoable[0]! : `${notUndoable.slice(0, -1).join(', ')} and ${notUndoable.at(-1)!}`;
      throw new SqlStatementError(
        `The aggregation function${notUndoable.length > 1 ? 's' : ''} ${list} cannot be applied to a table source, only to a stream source.`,
      );
    }
    aggregated = stage.table!
      .groupBy((_k, row) => ({ key: groupKey(row), value: row }))
      .aggregate<AggState>(
        initial,
        (_k, row, state) => add(row, state),
        (_k, row, state) => ({ accs: calls.map((c, i) => c.udaf.undo!(state.accs[i], argsOf(c, row))) }),
      );
  }

  // The aggregated row: grouping values from the key, results from the accumulators, window bounds.
  const windowInfo: WindowInfo | null = window === null ? null : { type: window.type, sizeMs: window.sizeMs };
  let rows = aggregated.mapValues((state, key) => {
    const row: Row = {};
    const inner = windowInfo === null ? key : (key as { key: unknown }).key;
    if (groupFields.length === 1) row[groupFields[0]!] = inner;
    else groupFields.forEach((f, i) => (row[f] = (inner as unknown[])[i] ?? null));
    calls.forEach((c, i) => (row[c.field] = c.udaf.result(state.accs[i])));
    if (windowInfo !== null) {
      const w = (key as { window: { start: number; end: number } }).window;
      row[WINDOWSTART] = w.start;
      row[WINDOWEND] = w.end;
    }
    return row;
  });
  if (having !== null) {
    const test = wrapClauseErrors('HAVING', () => compileExpression(having, aggScope));
    rows = rows.filter((_k, row) => test.evaluate(row) === true);
  }
  if (query.emit === 'FINAL') {
    if (window === null) throw new SqlStatementError('EMIT FINAL is only supported for windowed aggregations.', query.pos);
    rows = rows.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('Suppress') as never);
  }
  const project = projector(columns);
  const projected = rows.mapValues((row) => project(row), Named.as('Project'));
  return {
    stage: {
      ...stage,
      kind: 'TABLE',
      stream: null,
      table: projected as KTable<unknown, Row>,
      scope: new RowScope(columns.map((c) => ({ source: null, name: c.name, type: c.type, field: c.name, isKey: c.isKey }))),
      keyColumns: [],
      window: windowInfo,
      joined: false,
    },
    columns,
  };
}

function windowedAggregate(
  grouped: KGroupedStream<unknown, Row | null>,
  window: Query['window'],
  initial: () => AggState,
  add: (row: Row, state: AggState) => AggState,
  calls: readonly AggregateCall[],
): KTable<unknown, AggState> {
  const aggregator = (_k: unknown, row: Row | null, state: AggState) => (row === null ? state : add(row, state));
  if (window === null) return grouped.aggregate<AggState>(initial, aggregator);
  const grace = window.graceMs ?? DEFAULT_GRACE_MS;
  if (window.type === 'SESSION') {
    const merger = (_k: unknown, a: AggState, b: AggState): AggState => ({
      accs: calls.map((c, i) => {
        if (c.udaf.merge === undefined) throw new SqlUnsupportedError(`${c.call.name} in a SESSION window`);
        return c.udaf.merge(a.accs[i], b.accs[i]);
      }),
    });
    return grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(window.gapMs!, grace)).aggregate(initial, aggregator, merger) as never;
  }
  let windows = TimeWindows.ofSizeAndGrace(window.sizeMs!, grace);
  if (window.type === 'HOPPING') windows = windows.advanceBy(window.advanceMs!);
  return grouped.windowedBy(windows).aggregate(initial, aggregator) as never;
}

/** Unknown functions are reported before anything else, as ksqlDB resolves functions first. */
function checkFunctionsExist(expr: Expr): void {
  walkExpr(expr, (e) => {
    if (e.kind === 'call' && !isAggregateFunction(e.name) && !isScalarFunction(e.name)) {
      throw new SqlStatementError(`Can't find any functions with the name '${e.name}'`, e.pos);
    }
  });
}

/** ksqlDB: every SELECT column must be an aggregate, a grouping expression, or built from them. */
function checkNonAggregates(exprs: readonly Expr[], calls: readonly AggregateCall[], groupFields: readonly string[]): void {
  const allowed = new Set([...groupFields, ...calls.map((c) => c.field), WINDOWSTART, WINDOWEND]);
  const bad: string[] = [];
  for (const expr of exprs) {
    walkExpr(expr, (e) => {
      if (e.kind === 'column' && !allowed.has(e.name) && !bad.includes(e.name)) bad.push(e.name);
    });
  }
  if (bad.length > 0) throw new SqlStatementError(`Non-aggregate SELECT expression(s) not part of GROUP BY: ${bad.join(', ')}`);
}
