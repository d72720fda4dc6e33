import { EmitStrategy, Named, SessionWindows, TimeWindows, type KGroupedStream, type KTable } from '../../streams/index.js';
import type { Call, Expr, Pos, Query, SelectItem } from '../ast.js';
import { resolveAggregate, isAggregateFunction, type Udaf } from '../aggregates/index.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { compileExpression, formatExpression, type Compiled } from '../expressions/index.js';
import { getFormat } from '../formats/index.js';
import { isScalarFunction } from '../functions/index.js';
import { T } from '../types.js';
import type { Row } from '../values.js';
import { rewriteExpr, walkExpr } from './expr-walk.js';
import type { WindowInfo } from './metastore.js';
import { clauseColumns, joinAnd, qualify, wrapClauseErrors, type Stage } from './planner.js';
import { outputColumns, projector, sameExpr, type OutputColumn } from './projection.js';
import { RowScope, type ScopeColumn } from './row-scope.js';
import { ROWOFFSET, ROWPARTITION, ROWTIME, WINDOWEND, WINDOWSTART } from './source-reader.js';

const SYSTEM_COLUMNS = new Set([ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART, WINDOWEND]);

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
export function planAggregation(
  stage: Stage,
  query: Query,
  sinkName: string,
  sinkType: 'STREAM' | 'TABLE',
  checkColumns: (columns: readonly OutputColumn[]) => void = () => {},
  config: Readonly<Record<string, unknown>> = {},
): { stage: Stage; columns: OutputColumn[] } {
  const groupBy = query.groupBy ?? [];
  const aggregates = query.select.some((i) => i.kind === 'expr' && containsAggregateCall(i.expr));
  if (groupBy.length === 0 && !aggregates) throw new SqlStatementError('WINDOW clause requires a GROUP BY clause.', query.window?.pos);
  if (!stage.joined && stage.valueFormat.format === 'KAFKA' && query.from.kind === 'source') {
    throw new SqlStatementError(`Source(s) ${query.from.name} are using the 'KAFKA' value format. This format does not yet support GROUP BY.`);
  }
  const window = query.window;
  // Window bounds are columns of a windowed aggregation's result, never of a join's (ksqlDB's analyzer).
  const hasBounds = window !== null && !stage.joined;
  const selectItems = expandStar(query.select, stage.scope);
  for (const item of selectItems) checkFunctionsExist(item.expr);
  for (const item of selectItems) checkColumnsResolve(item.expr, stage.scope, hasBounds);
  checkAggregateShape(selectItems.map((i) => i.expr), query, groupBy);
  // Unqualified printing, as ksqlDB rewrites single-source expressions before analysing them.
  const shown = (e: Expr) => formatExpression(stage.joined ? qualify(e, stage.scope) : unqualify(e));
  const groupKeys = groupBy.map((g) => canonical(g, stage.scope));
  groupKeys.forEach((k, i) => {
    if (groupKeys.indexOf(k) !== i) throw new SqlStatementError(`Duplicate GROUP BY expression: ${formatExpression(qualify(groupBy[i]!, stage.scope))}`);
  });
  const groupCompiled = groupBy.map((g) => wrapClauseErrors('GROUP BY', () => compileExpression(g, stage.scope)));
  const calls: AggregateCall[] = [];
  const collect = (e: Expr): Expr => rewriteExpr(e, (node) => {
    if (node.kind !== 'call' || !isAggregateFunction(node.name)) return undefined;
    let existing = calls.find((c) => sameExpr(c.call, node));
    if (existing === undefined) {
      const args = node.star ? [] : node.args.map((a) => compileExpression(a, stage.scope));
      const literalArgs = node.args.map((a) => (a.kind === 'literal' ? a.value : undefined));
      // The engine's properties reach the UDAF factories (ksql.functions.collect_list.limit...).
      const udaf = resolveAggregate(node.name, args.map((a) => a.type), literalArgs, config);
      existing = { call: node, udaf, args, field: `KSQL_AGG_VARIABLE_${calls.length}` };
      calls.push(existing);
    }
    return { kind: 'column', source: null, name: existing.field, pos: node.pos };
  });
  // Group-by expressions become columns of the aggregated row: their own name when a column, else generated.
  const groupFields = groupBy.map((g, i) => (g.kind === 'column' ? g.name : `KSQL_GROUP_${i}`));
  const toGroupRef = (e: Expr): Expr =>
    rewriteExpr(e, (node) => {
      if (node.kind === 'column' && hasBounds && (node.name === WINDOWSTART || node.name === WINDOWEND)) return { ...node, source: null };
      const i = groupKeys.indexOf(canonical(node, stage.scope));
      return i < 0 ? undefined : { kind: 'column', source: null, name: groupFields[i]!, pos: node.pos };
    });
  const select = selectItems.map((item) => ({ ...item, expr: toGroupRef(collect(item.expr)) }));
  const having = query.having === null ? null : toGroupRef(collect(query.having));
  checkIntermediateTypes(calls, stage);
  if (calls.length === 0 && groupBy.length > 0) throw new SqlStatementError('GROUP BY requires aggregate functions in either the SELECT or HAVING clause.');
  checkNonAggregates(selectItems, query.having, groupKeys, stage.scope, hasBounds, shown);
  if (groupBy.length === 0) {
    // ksqlDB has no global aggregation: it reports the calls, COUNT(*) as the COUNT(ROWTIME) it reads.
    const shownCalls = calls.map((c) => formatExpression(c.call.star ? { ...c.call, star: false, args: [{ kind: 'column', source: null, name: ROWTIME, pos: c.call.pos }] } : c.call));
    throw new SqlStatementError(`CREATE ${sinkType} AS SELECT statement does not support aggregate function [${shownCalls.join(', ')}] without a GROUP BY clause.`);
  }

  const aggColumns: ScopeColumn[] = [
    ...groupFields.map((f, i) => ({ source: null, name: f, type: groupCompiled[i]!.type, field: f, isKey: true })),
    ...calls.map((c) => ({ source: null, name: c.field, type: c.udaf.returnType, field: c.field, isKey: false })),
  ];
  if (hasBounds) {
    aggColumns.push({ source: null, name: WINDOWSTART, type: T.BIGINT, field: WINDOWSTART, isKey: false });
    aggColumns.push({ source: null, name: WINDOWEND, type: T.BIGINT, field: WINDOWEND, isKey: false });
  }
  const aggScope = new RowScope(aggColumns);
  const columns = clauseColumns('SELECT', () => outputColumns(select, aggScope, false, selectItems, stage.scope.columns.filter((c) => c.source !== null).map((c) => c.name)));
  checkColumns(columns);
  for (const c of columns) c.isKey = c.expr.kind === 'column' && groupFields.includes(c.expr.name);
  groupFields.forEach((f) => {
    const copies = columns.filter((c) => c.expr.kind === 'column' && c.expr.name === f);
    if (copies.length > 1) throw new SqlStatementError(`The projection contains a key column more than once: ${joinAnd(copies.map((c) => `\`${c.name}\``))}.`);
  });
  // The key's columns follow the GROUP BY order, which is the order of the key's parts.
  const keyRank = (c: OutputColumn) => (c.isKey && c.expr.kind === 'column' ? groupFields.indexOf(c.expr.name) : groupFields.length);
  const ordered = [...columns].sort((a, b) => keyRank(a) - keyRank(b));
  columns.splice(0, columns.length, ...ordered);
  const missing = groupBy.filter((_g, i) => !columns.some((c) => c.isKey && c.expr.kind === 'column' && c.expr.name === groupFields[i]));
  if (missing.length > 0) {
    const names = missing.map(shown);
    throw new SqlStatementError(
      `The query used to build \`${sinkName}\` must include the grouping expression${names.length > 1 ? 's' : ''} ${joinAnd(names)} in its projection (eg, SELECT ${names.join(', ')}...).`,
    );
  }

  // A grouping expression that throws drops the row, as ksqlDB logs it and skips it (group-by.json).
  const evalGroup = (g: Compiled, row: Row): unknown => {
    try {
      return g.evaluate(row);
    } catch {
      return null;
    }
  };
  const groupKey = (row: Row): unknown => {
    const values = groupCompiled.map((g) => evalGroup(g, row));
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
    // Null values never reach an aggregate (Kafka Streams' aggregate skips them).
    const rowsOnly = stage.stream.filter((_k, v) => v !== null);
    const grouped: KGroupedStream<unknown, Row | null> = sameKeyAsSource
      ? rowsOnly.groupByKey()
      : rowsOnly.groupBy((_k, row) => (row === null ? null : groupKey(row)));
    aggregated = windowedAggregate(grouped, window, query.emit === 'FINAL', initial, add, calls);
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
    // Errors name the aggregate calls as written (`SUM(VALUE)`), not the internal columns holding them.
    const internal = new Map<string, string>([
      ...calls.map((c): [string, string] => [c.field, shown(c.call)]),
      ...groupFields.map((f, i): [string, string] => [f, shown(groupBy[i]!)]),
    ]);
    const test = wrapClauseErrors('HAVING', () => {
      try {
        return compileExpression(having, aggScope);
      } catch (err) {
        if (!(err instanceof SqlStatementError) || err instanceof SqlUnsupportedError) throw err;
        const message = err.message.replace(/\b(KSQL_AGG_VARIABLE_\d+|KSQL_GROUP_\d+)\b/g, (m) => internal.get(m) ?? m);
        throw new SqlStatementError(message, err.pos);
      }
    });
    rows = rows.filter((_k, row) => test.evaluate(row) === true);
  }
  if (query.emit === 'FINAL' && window === null) throw new SqlStatementError('EMIT FINAL is only supported for windowed aggregations.', query.pos);
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

/**
 * The (windowed) aggregation. EMIT FINAL is ksqlDB's (>= 7.3) windowed aggregation with
 * EmitStrategy.onWindowClose() rather than a suppress, and there a window without GRACE PERIOD has grace 0
 * (StreamAggregateBuilder; its query plans record gracePeriod 0).
 */
function windowedAggregate(
  grouped: KGroupedStream<unknown, Row | null>,
  window: Query['window'],
  emitFinal: boolean,
  initial: () => AggState,
  add: (row: Row, state: AggState) => AggState,
  calls: readonly AggregateCall[],
): KTable<unknown, AggState> {
  const aggregator = (_k: unknown, row: Row | null, state: AggState) => (row === null ? state : add(row, state));
  if (window === null) return grouped.aggregate<AggState>(initial, aggregator);
  const grace = window.graceMs ?? (emitFinal ? 0 : DEFAULT_GRACE_MS);
  const strategy = emitFinal ? EmitStrategy.onWindowClose() : EmitStrategy.onWindowUpdate();
  if (window.type === 'SESSION') {
    const merger = (_k: unknown, a: AggState, b: AggState): AggState => ({
      accs: calls.map((c, i) => {
        if (c.udaf.merge === undefined) throw new SqlUnsupportedError(`${c.call.name} in a SESSION window`);
        return c.udaf.merge(a.accs[i], b.accs[i]);
      }),
    });
    return grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(window.gapMs!, grace)).emitStrategy(strategy).aggregate(initial, aggregator, merger) as never;
  }
  let windows = TimeWindows.ofSizeAndGrace(window.sizeMs!, grace);
  if (window.type === 'HOPPING') windows = windows.advanceBy(window.advanceMs!);
  return grouped.windowedBy(windows).emitStrategy(strategy).aggregate(initial, aggregator) as never;
}

/** Unknown functions are reported before anything else, as ksqlDB resolves functions first. */
/**
 * The aggregation's state is stored in the source's value format, so each function's intermediate type must
 * be one that format can hold (ksqlDB's AggregateNode: TOPK's ARRAY or AVG's STRUCT cannot be DELIMITED).
 */
function checkIntermediateTypes(calls: readonly AggregateCall[], stage: Stage): void {
  const format = getFormat(stage.valueFormat.format);
  for (const c of calls) {
    try {
      format.checkSupported([{ name: c.field, type: c.udaf.aggregateType }], false);
    } catch {
      throw new SqlStatementError(
        'One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.',
      );
    }
  }
}

function containsAggregateCall(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (e) => {
    if (e.kind === 'call' && isAggregateFunction(e.name)) found = true;
  });
  return found;
}

function checkFunctionsExist(expr: Expr): void {
  walkExpr(expr, (e) => {
    if (e.kind === 'call' && !isAggregateFunction(e.name) && !isScalarFunction(e.name)) {
      throw new SqlStatementError(`Can't find any functions with the name '${e.name}'`, e.pos);
    }
  });
}

const isBound = (name: string) => name === WINDOWSTART || name === WINDOWEND;

/** A key to compare expressions by: columns resolved to their relation, positions ignored. */
function canonical(e: Expr, scope: RowScope): string {
  return formatExpression(qualify(e, scope));
}

function unqualify(e: Expr): Expr {
  return rewriteExpr(e, (node) => (node.kind === 'column' && node.source !== null ? { ...node, source: null } : undefined));
}

/** `SELECT *` in an aggregation: the source's key and value columns, which must all be grouped. */
function expandStar(items: readonly SelectItem[], scope: RowScope): { kind: 'expr'; expr: Expr; alias: string | null; pos: Pos }[] {
  return items.flatMap((item) => {
    if (item.kind === 'expr') return [item];
    return scope.columns
      .filter((c) => c.source !== null && !SYSTEM_COLUMNS.has(c.name) && (item.source === null || c.source === item.source))
      .map((c) => ({ kind: 'expr' as const, expr: { kind: 'column' as const, source: c.source, name: c.name, pos: item.pos }, alias: null, pos: item.pos }));
  });
}

/** ksqlDB resolves every SELECT column against the source before analysing the aggregation. */
function checkColumnsResolve(expr: Expr, scope: RowScope, hasBounds: boolean): void {
  rewriteExpr(expr, (e) => {
    if (e.kind === 'lambda') return e; // lambda parameters are not columns
    if (e.kind === 'column' && !(hasBounds && isBound(e.name))) clauseColumns('SELECT', () => scope.find(e.source, e.name, e.pos));
    return undefined;
  });
}

/**
 * ksqlDB's AggregateAnalyzer visitor rules: aggregates do not nest, and window bounds may only appear in
 * the SELECT clause of a windowed aggregation, outside aggregate functions.
 */
function checkAggregateShape(select: readonly Expr[], query: Query, groupBy: readonly Expr[]): void {
  const boundsMessage = (name: string) =>
    `Window bounds column ${name} can only be used in the SELECT clause of windowed aggregations and can not be passed to aggregate functions.\nSee https://github.com/confluentinc/ksql/issues/4397`;
  const windowed = query.window !== null;
  const visit = (e: Expr, insideAgg: string | null, boundsAllowed: boolean): void => {
    if (e.kind === 'column') {
      if (windowed && isBound(e.name) && (insideAgg !== null || !boundsAllowed)) throw new SqlStatementError(boundsMessage(e.name), e.pos);
      return;
    }
    if (e.kind === 'call' && isAggregateFunction(e.name)) {
      if (insideAgg !== null) throw new SqlStatementError(`Aggregate functions can not be nested: ${insideAgg}(${e.name}())`, e.pos);
      for (const a of e.args) visit(a, e.name, boundsAllowed);
      return;
    }
    rewriteExpr(e, (child) => {
      if (child === e) return undefined;
      visit(child, insideAgg, boundsAllowed);
      return child;
    });
  };
  for (const e of select) visit(e, null, true);
  if (query.where !== null) visit(query.where, null, false);
  for (const g of groupBy) {
    walkExpr(g, (e) => {
      if (e.kind === 'call' && isAggregateFunction(e.name)) {
        throw new SqlStatementError(`GROUP BY does not support aggregate functions: ${e.name} is an aggregate function.`, e.pos);
      }
    });
    visit(g, null, false);
  }
  if (query.having !== null) visit(query.having, null, false);
}

/**
 * ksqlDB's AggregateAnalyzer: a SELECT expression must be a grouping expression or only read grouping
 * expressions outside its aggregate calls (the whole expression is reported); HAVING may only read
 * grouping expressions outside aggregate calls (the offending columns are reported).
 */
function checkNonAggregates(
  select: readonly { expr: Expr }[],
  having: Expr | null,
  groupKeys: readonly string[],
  scope: RowScope,
  hasBounds: boolean,
  shown: (e: Expr) => string,
): void {
  const ungrouped = (expr: Expr): Expr[] => {
    const out: Expr[] = [];
    rewriteExpr(expr, (node) => {
      if (groupKeys.includes(canonical(node, scope))) return node;
      if ((node.kind === 'call' && isAggregateFunction(node.name)) || node.kind === 'lambda') return node;
      if (node.kind === 'column' && !(hasBounds && isBound(node.name))) out.push(node);
      return undefined;
    });
    return out;
  };
  const badSelects = select.filter((i) => ungrouped(i.expr).length > 0).map((i) => shown(i.expr));
  if (badSelects.length > 0) {
    throw new SqlStatementError(
      `Non-aggregate SELECT expression(s) not part of GROUP BY: ${badSelects.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`,
    );
  }
  const badHaving = having === null ? [] : [...new Set(ungrouped(having).map(shown))];
  if (badHaving.length > 0) {
    throw new SqlStatementError(
      `Non-aggregate HAVING expression not part of GROUP BY: ${badHaving.join(', ')}\nConsider switching the HAVING clause to a WHERE clause before the GROUP BY.`,
    );
  }
}
