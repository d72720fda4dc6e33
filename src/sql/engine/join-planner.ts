import { JoinWindows, type KStream, type KTable, type StreamsBuilder } from '../../streams/index.js';
import type { Expr, JoinRelation, Relation, SourceRelation } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { compileExpression } from '../expressions/index.js';
import type { Row } from '../values.js';
import { walkExpr } from './expr-walk.js';
import { sourceScopeColumns, type PlanContext, type Stage } from './planner.js';
import { RowScope, type ScopeColumn } from './row-scope.js';
import { readSource } from './source-reader.js';

/** ksqlDB's default grace for joins that state none (the old JoinWindows.of 24 h). */
const DEFAULT_JOIN_GRACE_MS = 24 * 60 * 60 * 1000;

/** A join input: its rows hold every column under `ALIAS.NAME`, so the two sides never collide. */
function planJoinInput(builder: StreamsBuilder, rel: Relation, ctx: PlanContext): Stage {
  if (rel.kind === 'join') return planJoin(builder, rel, ctx);
  return prefixedSource(builder, rel, ctx);
}

function prefixedSource(builder: StreamsBuilder, rel: SourceRelation, ctx: PlanContext): Stage {
  const source = ctx.metastore.require(rel.name);
  if (source.window !== null) throw new SqlUnsupportedError('joining a windowed source', rel.pos);
  const alias = rel.alias ?? rel.name;
  const columns = sourceScopeColumns(source, alias, (n) => `${alias}.${n}`);
  const prefix = (row: Row | null): Row | null => {
    if (row === null) return null;
    const out: Row = {};
    for (const k of Object.keys(row)) out[`${alias}.${k}`] = row[k];
    return out;
  };
  const records = readSource(builder, source).mapValues(prefix);
  const scope = new RowScope(columns);
  const common = {
    scope,
    keyColumns: columns.filter((c) => c.isKey),
    window: null,
    joined: true,
    keyFormat: source.keyFormat,
    valueFormat: source.valueFormat,
    partitions: ctx.topicPartitions(source.topic),
  };
  if (source.type === 'STREAM') return { kind: 'STREAM', stream: records.filter((_k, v) => v !== null), table: null, ...common };
  return { kind: 'TABLE', stream: null, table: records.toTable() as KTable<unknown, Row>, ...common };
}

/** Which relation aliases an expression reads. */
function aliasesIn(expr: Expr, scope: RowScope): Set<string> {
  const out = new Set<string>();
  walkExpr(expr, (e) => {
    if (e.kind === 'column') {
      const c = scope.find(e.source, e.name, e.pos);
      if (c.source !== null) out.add(c.source);
    }
  });
  return out;
}

/**
 * A join of the relation so far with one more source, as ksqlDB plans it: the ON clause must be an
 * equality between one expression of each side; a stream side is re-keyed by its expression when that is
 * not already its key; a table side must be joined on its primary key; stream-stream joins need WITHIN.
 */
export function planJoin(builder: StreamsBuilder, rel: JoinRelation, ctx: PlanContext): Stage {
  const left = planJoinInput(builder, rel.left, ctx);
  const right = prefixedSource(builder, rel.right, ctx);
  const scope = new RowScope([...left.scope.columns, ...right.scope.columns]);
  const on = rel.on;
  if (on.kind !== 'comparison' || on.op !== '=') {
    throw new SqlUnsupportedError('join conditions other than a single equality', on.pos);
  }
  const rightAlias = right.scope.columns[0]!.source!;
  const leftSide = joinOnColumns(() => aliasesIn(on.left, scope));
  const rightSide = joinOnColumns(() => aliasesIn(on.right, scope));
  let leftExpr = on.left;
  let rightExpr = on.right;
  if (leftSide.has(rightAlias) && !rightSide.has(rightAlias)) [leftExpr, rightExpr] = [on.right, on.left];
  const lAliases = aliasesIn(leftExpr, scope);
  const rAliases = aliasesIn(rightExpr, scope);
  if (lAliases.size === 0 || rAliases.size === 0 || lAliases.has(rightAlias) || [...rAliases].some((a) => a !== rightAlias)) {
    throw new SqlStatementError(
      `Invalid comparison expression '${show(lAliases.size === 0 ? leftExpr : rightExpr)}' in join '(${show(on.left)} = ${show(on.right)})'. Each side of the join comparision must contain references from exactly one source.`,
      on.pos,
    );
  }
  const leftKey = compileExpression(leftExpr, left.scope);
  const rightKey = compileExpression(rightExpr, right.scope);
  const keyColumnOf = (stage: Stage, e: Expr): ScopeColumn | undefined =>
    e.kind === 'column' ? stage.keyColumns.find((k) => k.name === e.name && (e.source === null || e.source === k.source)) : undefined;
  const leftKeyCol = keyColumnOf(left, leftExpr);
  const rightKeyCol = keyColumnOf(right, rightExpr);

  const rekey = (stage: Stage, read: (row: Row) => unknown): KStream<unknown, Row | null> =>
    stage.stream!.selectKey((_k, row) => (row === null ? null : read(row)));

  const nullRow = (cols: readonly ScopeColumn[]): Row => Object.fromEntries(cols.map((c) => [c.field, null]));
  const leftNulls = nullRow(left.scope.columns);
  const rightNulls = nullRow(right.scope.columns);
  const joiner = (l: Row | null, r: Row | null): Row => ({ ...(l ?? leftNulls), ...(r ?? rightNulls) });
  const type = rel.type;

  const keyColumns = [leftKeyCol ?? scope.columns.find((c) => leftExpr.kind === 'column' && c.name === leftExpr.name && c.source !== rightAlias), rightKeyCol ?? scope.columns.find((c) => rightExpr.kind === 'column' && c.name === rightExpr.name && c.source === rightAlias)].filter(
    (c): c is ScopeColumn => c !== undefined,
  );
  const base = { scope, keyColumns, window: null, joined: true, keyFormat: left.keyFormat, valueFormat: left.valueFormat, partitions: left.partitions };

  if (left.kind === 'STREAM' && right.kind === 'STREAM') {
    if (rel.within === null) throw new SqlStatementError('Stream-Stream joins must have a WITHIN clause specified. None was provided.', rel.pos);
    const l = leftKeyCol === undefined ? rekey(left, (row) => leftKey.evaluate(row)) : left.stream!;
    const r = rightKeyCol === undefined ? rekey(right, (row) => rightKey.evaluate(row)) : right.stream!;
    const windows = JoinWindows.ofTimeDifferenceAndGrace(rel.within.beforeMs, rel.within.graceMs ?? DEFAULT_JOIN_GRACE_MS).before(rel.within.beforeMs).after(rel.within.afterMs);
    const joined =
      type === 'INNER'
        ? l.join(r, (a, b) => joiner(a, b), windows)
        : type === 'LEFT'
          ? l.leftJoin(r, (a, b) => joiner(a, b), windows)
          : type === 'FULL'
            ? l.outerJoin(r, (a, b) => joiner(a, b), windows)
            : unsupported('RIGHT JOIN of streams', rel);
    return { kind: 'STREAM', stream: joined as KStream<unknown, Row | null>, table: null, ...base };
  }
  if (right.kind === 'TABLE' && rightKeyCol === undefined) {
    throw new SqlStatementError(
      `Invalid join condition: ${left.kind === 'TABLE' ? 'table-table' : 'stream-table'} joins require to join on the primary key of the right input table. Got ${show(leftExpr)} = ${show(rightExpr)}.`,
      on.pos,
    );
  }
  if (left.kind === 'STREAM' && right.kind === 'TABLE') {
    if (rel.within !== null) throw new SqlStatementError('A window definition was provided for a Stream-Table join. These joins are not windowed. Please drop the window definition (ie. the WITHIN clause) and try to execute your join again.', rel.pos);
    const l = leftKeyCol === undefined ? rekey(left, (row) => leftKey.evaluate(row)) : left.stream!;
    const joined =
      type === 'INNER'
        ? l.join(right.table!, (a: Row | null, b: Row | null) => joiner(a, b))
        : type === 'LEFT'
          ? l.leftJoin(right.table!, (a: Row | null, b: Row | null) => joiner(a, b))
          : unsupported(`${type} JOIN between a stream and a table`, rel);
    return { kind: 'STREAM', stream: joined as KStream<unknown, Row | null>, table: null, ...base };
  }
  if (left.kind === 'TABLE' && right.kind === 'TABLE') {
    if (leftKeyCol === undefined) throw new SqlUnsupportedError('foreign-key table-table joins', on.pos);
    const lt = left.table!;
    const joined =
      type === 'INNER'
        ? lt.join(right.table!, (a: Row | null, b: Row | null) => joiner(a, b))
        : type === 'LEFT'
          ? lt.leftJoin(right.table!, (a: Row | null, b: Row | null) => joiner(a, b))
          : type === 'FULL'
            ? lt.outerJoin(right.table!, (a: Row | null, b: Row | null) => joiner(a, b))
            : unsupported('RIGHT JOIN of tables', rel);
    return { kind: 'TABLE', stream: null, table: joined as KTable<unknown, Row>, ...base };
  }
  throw new SqlStatementError(`Invalid join order: table-stream joins are not supported; only stream-table joins. Got ${show(leftExpr)} = ${show(rightExpr)}.`, rel.pos);
}

/** ksqlDB names the clause in an unresolved join column: "JOIN ON column 'T.IID' cannot be resolved." */
function joinOnColumns<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SqlStatementError && err.message.startsWith("Column '") && err.message.endsWith('cannot be resolved.')) {
      throw new SqlStatementError(`JOIN ON ${err.message[0]!.toLowerCase()}${err.message.slice(1)}`, err.pos);
    }
    throw err;
  }
}

function unsupported(what: string, rel: JoinRelation): never {
  throw new SqlUnsupportedError(what, rel.pos);
}

function show(e: Expr): string {
  if (e.kind === 'column') return e.source === null ? e.name : `${e.source}.${e.name}`;
  if (e.kind === 'literal') return e.text;
  return 'expression';
}
