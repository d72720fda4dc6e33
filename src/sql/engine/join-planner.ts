import { JoinWindows, Materialized, type KStream, type KTable, type StreamsBuilder } from '../../streams/index.js';
import type { Expr, JoinRelation, Pos, Relation, SourceRelation } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { compileExpression, formatExpression, typeEquals } from '../expressions/index.js';
import { formatType, type SqlType } from '../types.js';
import type { Row } from '../values.js';
import { rewriteExpr, walkExpr } from './expr-walk.js';
import type { OutputColumn } from './projection.js';
import { refersTo } from './projection.js';
import { sourceScopeColumns, type PlanContext, type Stage } from './planner.js';
import { RowScope, type ScopeColumn } from './row-scope.js';
import type { FormatInfo } from './metastore.js';
import { readSource } from './source-reader.js';

/**
 * ksqlDB's synthetic join key (JoinNode.SyntheticJoinKey): FULL OUTER joins and joins whose criteria match
 * no source column get a new key column, ROWKEY (ROWKEY_1, ... if a source already has one). Its row field
 * has no dot, so it never collides with the `ALIAS.NAME` fields of the sources.
 */
const SYNTHETIC_KEY = 'ROWKEY';

/**
 * A join's left input: its rows hold every column under `ALIAS.NAME`, so the two sides never collide.
 * `prefix` is the join's own (a nested join on the left plans under `<prefix>L_`).
 */
function planJoinInput(builder: StreamsBuilder, rel: Relation, ctx: PlanContext, prefix: string): Stage {
  if (rel.kind === 'join') return planJoinAt(builder, rel, ctx, `${prefix}L_`);
  return prefixedSource(builder, rel, ctx, `${prefix}KafkaTopic_Left`);
}

/**
 * One join source with its columns renamed `ALIAS.NAME` (ksqlDB's PrependAlias step). Like ksqlDB, it adds one
 * node after the source's own two, so the join's generated store names (KSTREAM-JOINTHIS-00000000NN) come out
 * with ksqlDB's numbers; a table side is materialized as ksqlDB names it, `<context>-Reduce`.
 */
function prefixedSource(builder: StreamsBuilder, rel: SourceRelation, ctx: PlanContext, context: string): Stage {
  const source = ctx.metastore.require(rel.name);
  const alias = rel.alias ?? rel.name;
  const columns = sourceScopeColumns(source, alias, (n) => `${alias}.${n}`);
  const prefix = (row: Row | null): Row | null => {
    if (row === null) return null;
    const out: Row = {};
    for (const k of Object.keys(row)) out[`${alias}.${k}`] = row[k];
    return out;
  };
  const records = readSource(builder, source, ctx.properties);
  const scope = new RowScope(columns);
  const common = {
    scope,
    keyColumns: columns.filter((c) => c.isKey),
    window: source.window,
    joined: true,
    keyFormat: source.keyFormat,
    valueFormat: source.valueFormat,
    partitions: ctx.topicPartitions(source.topic),
  };
  if (source.type === 'STREAM') {
    // Joins never see a null row: drop it in the same step
    const prefixed = records.stateless<unknown, Row>('KSTREAM-TRANSFORMVALUES-', undefined, false, (r, c) => {
      const row = prefix(r.value);
      if (row !== null) c.forward({ ...r, value: row });
    });
    return { kind: 'STREAM', stream: prefixed as KStream<unknown, Row | null>, table: null, ...common };
  }
  const table = records.mapValues(prefix).toTable(undefined, Materialized.as<unknown, Row | null>(`${context}-Reduce`));
  return { kind: 'TABLE', stream: null, table: table as KTable<unknown, Row>, ...common };
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

/** The expression with every column qualified by its source, as ksqlDB prints join criteria ("T.ID"). */
function qualified(expr: Expr, scope: RowScope): string {
  return formatExpression(
    rewriteExpr(expr, (e) => {
      if (e.kind !== 'column' || e.source !== null) return undefined;
      const c = scope.columns.find((s) => s.name === e.name && s.source !== null);
      return c === undefined ? undefined : { ...e, source: c.source };
    }),
  );
}

/** The relation names in a join tree, left to right (for ksqlDB's KAFKA-format and self-join checks). */
function sourcesOf(rel: Relation): SourceRelation[] {
  return rel.kind === 'source' ? [rel] : [...sourcesOf(rel.left), rel.right];
}

/** ksqlDB's JoinType#toString, used in its join-order errors. */
const JOIN_TYPE_TEXT: Record<JoinRelation['type'], string> = {
  INNER: '[INNER] JOIN',
  LEFT: 'LEFT [OUTER] JOIN',
  RIGHT: 'RIGHT [OUTER] JOIN',
  FULL: '[FULL] OUTER JOIN',
};

function containsMap(t: SqlType): boolean {
  if (t.base === 'MAP') return true;
  if (t.base === 'ARRAY') return containsMap(t.element);
  if (t.base === 'STRUCT') return t.fields.some((f) => containsMap(f.type));
  return false;
}

/**
 * A join of the relation so far with one more source, as ksqlDB plans it (LogicalPlanner#buildJoin,
 * JoinNode): the ON clause must be an equality between one expression of each side, of the same type; a
 * stream side is re-keyed (through `Join-left/right-repartition`) when its expression is not already its
 * key; a table side must be joined on its primary key; stream-stream joins need WITHIN.
 * The result's key columns are ksqlDB's viable keys: the join expressions that are plain columns, in
 * order (left first); the projection keeps the first one it selects. FULL OUTER joins and joins on two
 * expressions have none: their key is the synthetic ROWKEY column instead.
 */
export function planJoin(builder: StreamsBuilder, rel: JoinRelation, ctx: PlanContext): Stage {
  const sources = sourcesOf(rel);
  // Analyzer: KAFKA-format values cannot be joined (no column names to address).
  const kafka = sources.filter((s) => ctx.metastore.require(s.name).valueFormat.format === 'KAFKA').map((s) => s.alias ?? s.name);
  if (kafka.length > 0) {
    throw new SqlStatementError(
      `Source(s) ${kafka.join(', ')} are using the 'KAFKA' value format. This format does not yet support JOIN.\n` +
        "See https://github.com/confluentinc/ksql/issues/3133 for more details.",
      rel.pos,
    );
  }
  const names = sources.map((s) => s.name);
  const self = names.find((n, i) => names.indexOf(n) !== i);
  if (self !== undefined) throw new SqlStatementError(`Can not join '${self}' to '${self}': self joins are not yet supported.`, rel.pos);
  return planJoinAt(builder, rel, ctx, '');
}

function planJoinAt(builder: StreamsBuilder, rel: JoinRelation, ctx: PlanContext, prefix: string): Stage {
  const left = planJoinInput(builder, rel.left, ctx, prefix);
  const right = prefixedSource(builder, rel.right, ctx, `${prefix}KafkaTopic_Right`);
  // A nested join's synthetic key is an implementation detail: only the final join's can be selected.
  const leftColumns = left.scope.columns.filter((c) => c.source !== null);
  const scope = new RowScope([...leftColumns, ...right.scope.columns]);
  const on = rel.on;
  if (on.kind === 'logical' && on.op === 'AND') {
    throw new SqlStatementError(`Invalid join condition: joins on multiple conditions are not yet supported. Got ${formatExpression(on)}.`, on.pos);
  }
  if (on.kind !== 'comparison' || on.op !== '=') {
    throw new SqlUnsupportedError('join conditions other than a single equality', on.pos);
  }
  const rightAlias = right.scope.columns[0]!.source!;
  const onLeft = joinOnColumns(() => aliasesIn(on.left, scope));
  const onRight = joinOnColumns(() => aliasesIn(on.right, scope));
  const flipped = onLeft.has(rightAlias) && !onRight.has(rightAlias);
  const leftExpr = flipped ? on.right : on.left;
  const rightExpr = flipped ? on.left : on.right;
  const lAliases = flipped ? onRight : onLeft;
  const rAliases = flipped ? onLeft : onRight;
  if (lAliases.size === 0 || rAliases.size === 0 || lAliases.has(rightAlias) || [...rAliases].some((a) => a !== rightAlias)) {
    const bad = lAliases.size === 0 ? leftExpr : rightExpr;
    throw new SqlStatementError(
      `Invalid comparison expression '${qualified(bad, scope)}' in join '(${qualified(on.left, scope)} = ${qualified(on.right, scope)})'. Each side of the join comparision must contain references from exactly one source.`,
      on.pos,
    );
  }
  checkJoinWindowing(rel, ctx, onLeft, onRight);
  const got = `${qualified(on.left, scope)} = ${qualified(on.right, scope)}`;
  const leftKey = compileExpression(leftExpr, new RowScope(leftColumns));
  const rightKey = compileExpression(rightExpr, right.scope);
  if (!typeEquals(leftKey.type, rightKey.type)) {
    const typed = (e: Expr, t: SqlType) => `${qualified(e, scope)}{${formatType(t)}}`;
    throw new SqlStatementError(
      `Invalid join condition: types don't match. Got ${typed(on.left, flipped ? rightKey.type : leftKey.type)} = ${typed(on.right, flipped ? leftKey.type : rightKey.type)}.`,
      on.pos,
    );
  }

  const columnOf = (e: Expr, cols: readonly ScopeColumn[]): ScopeColumn | undefined =>
    e.kind === 'column' ? cols.find((c) => c.name === e.name && c.source !== null && (e.source === null || e.source === c.source)) : undefined;
  const leftCol = columnOf(leftExpr, leftColumns);
  const rightCol = columnOf(rightExpr, right.scope.columns);
  // Already keyed by the join expression: a source's only key column, or any viable key of an inner join.
  const leftIsJoin = rel.left.kind === 'join';
  const isKeyOf = (stage: Stage, col: ScopeColumn | undefined, isJoin: boolean): boolean =>
    col !== undefined && (isJoin ? stage.keyColumns.includes(col) : stage.keyColumns.length === 1 && stage.keyColumns[0] === col);
  const leftKeyed = isKeyOf(left, leftCol, leftIsJoin);
  const rightKeyed = isKeyOf(right, rightCol, false);

  if (left.kind === 'TABLE' && right.kind === 'STREAM') {
    throw new SqlStatementError(
      `Invalid join order: table-stream joins are not supported; only stream-table joins. Got ${leftmostName(rel.left)} ${JOIN_TYPE_TEXT[rel.type]} ${rel.right.name}.`,
      rel.pos,
    );
  }
  if (left.kind === 'STREAM' && right.kind === 'TABLE') {
    if (rel.type === 'FULL' || rel.type === 'RIGHT') {
      throw new SqlStatementError(`Invalid join type: ${rel.type === 'FULL' ? 'full-outer' : 'right'} join not supported for stream-table join. Got ${leftmostName(rel.left)} ${JOIN_TYPE_TEXT[rel.type]} ${rel.right.name}.`, rel.pos);
    }
    if (!rightKeyed) throw new SqlStatementError(`Invalid join condition: stream-table joins require to join on the table's primary key. Got ${got}.`, on.pos);
  }
  if (left.kind === 'TABLE' && right.kind === 'TABLE') {
    if (!rightKeyed) throw new SqlStatementError(`Invalid join condition: table-table joins require to join on the primary key of the right input table. Got ${got}.`, on.pos);
    if (!leftKeyed) throw new SqlUnsupportedError('foreign-key table-table joins', on.pos);
  }

  // ksqlDB's viable key columns (JoinTree.Join#viableKeyColumns): none for FULL OUTER joins.
  const viable: ScopeColumn[] = [];
  if (rel.type !== 'FULL') {
    if (leftIsJoin && leftKeyed) viable.push(...left.keyColumns);
    for (const c of [leftCol, rightCol]) if (c !== undefined && !viable.includes(c)) viable.push(c);
  }
  const synthetic: ScopeColumn | null =
    viable.length === 0 ? { source: null, name: syntheticKeyName(sourceNames(rel), ctx), type: leftKey.type, field: SYNTHETIC_KEY, isKey: true } : null;
  const keyName = synthetic?.name ?? `${viable[0]!.source}_${viable[0]!.name}`;
  if (containsMap(leftKey.type)) {
    throw new SqlStatementError(
      `Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${keyName}\`. Column type: ${formatType(leftKey.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`,
      on.pos,
    );
  }

  const nullRow = (cols: readonly ScopeColumn[]): Row => Object.fromEntries(cols.map((c) => [c.field, null]));
  const leftNulls = nullRow(leftColumns);
  const rightNulls = nullRow(right.scope.columns);
  const joiner: (l: Row | null, r: Row | null, key: unknown) => Row =
    synthetic === null
      ? (l, r) => ({ ...(l ?? leftNulls), ...(r ?? rightNulls) })
      : (l, r, key) => ({ ...(l ?? leftNulls), ...(r ?? rightNulls), [SYNTHETIC_KEY]: key });
  const type = rel.type;
  // JoinNode#resolveKeyFormats (KLIP-33): the left side's key format unless only the left is re-keyed,
  // else the right's; with both re-keyed, the first source key format that is not NONE (else KAFKA).
  // A side not yet in that format is repartitioned into it.
  const leftRekey = left.kind === 'STREAM' && !leftKeyed;
  const rightRekey = right.kind === 'STREAM' && !rightKeyed;
  const keyFormat: FormatInfo =
    (!leftRekey ? left.keyFormat : null) ??
    (!rightRekey ? right.keyFormat : null) ??
    sourceNames(rel).map((n) => ctx.metastore.require(n).keyFormat).find((f) => f.format !== 'NONE') ??
    { format: 'KAFKA' };
  const leftForced = left.kind === 'STREAM' && left.keyFormat.format !== keyFormat.format;
  const rightForced = right.kind === 'STREAM' && right.keyFormat.format !== keyFormat.format;
  // JoinNode#getPartitions: the join runs with the right side's partition count; a side on another
  // count is repartitioned to it (ksqlDB's own tests join a 4-partition table with a 1-partition one).
  const partitions = right.partitions ?? left.partitions;
  const outColumns = synthetic === null ? [...leftColumns, ...right.scope.columns] : [synthetic, ...leftColumns, ...right.scope.columns];
  const base = {
    scope: new RowScope(outColumns),
    keyColumns: synthetic === null ? viable : [synthetic],
    // Windowed sources join only windowed sources, on equal {key, window}: the result keeps the windows.
    window: left.window,
    joined: true,
    keyFormat,
    valueFormat: left.valueFormat,
    partitions,
  };

  if (left.kind === 'STREAM' && right.kind === 'STREAM') {
    if (rel.within === null) {
      throw new SqlStatementError(
        'Stream-Stream joins must have a WITHIN clause specified. None was provided. To learn about how to specify a WITHIN clause with a stream-stream join, please visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html#create-stream-as-select',
        rel.pos,
      );
    }
    const l = streamInput(left, leftKeyed, leftForced, (row) => leftKey.evaluate(row), `${prefix}Join-left`, partitions);
    const r = streamInput(right, rightKeyed, rightForced, (row) => rightKey.evaluate(row), `${prefix}Join-right`, partitions);
    const w = rel.within;
    // WithinExpression#createJoinWindows: without GRACE PERIOD ksqlDB keeps the deprecated JoinWindows.of
    // (24 h grace, no spurious-result fix: unmatched left/outer records are emitted at once).
    const windows = (before: number, after: number) =>
      w.graceMs === null ? JoinWindows.of(before).after(after) : JoinWindows.ofTimeDifferenceAndGrace(before, w.graceMs).before(before).after(after);
    const joined =
      type === 'INNER'
        ? l.join(r, joiner, windows(w.beforeMs, w.afterMs))
        : type === 'LEFT'
          ? l.leftJoin(r, joiner, windows(w.beforeMs, w.afterMs))
          : type === 'FULL'
            ? l.outerJoin(r, joiner, windows(w.beforeMs, w.afterMs))
            : r.leftJoin(l, (b: Row | null, a: Row | null, k: unknown) => joiner(a, b, k), windows(w.afterMs, w.beforeMs));
    return { kind: 'STREAM', stream: joined as KStream<unknown, Row | null>, table: null, ...base };
  }
  if (rel.within !== null) {
    const which = left.kind === 'STREAM' ? 'Stream-Table join. These joins are not windowed. Please drop the window definition (ie. the WITHIN clause) and try to execute your join again.' : 'Table-Table join. These joins are not windowed. Please drop the window definition (i.e. the WITHIN clause) and try to execute your Table-Table join again.';
    throw new SqlStatementError(`A window definition was provided for a ${which}`, rel.pos);
  }
  if (left.kind === 'STREAM' && right.kind === 'TABLE') {
    const l = streamInput(left, leftKeyed, leftForced, (row) => leftKey.evaluate(row), `${prefix}Join`, partitions);
    const joined =
      type === 'INNER' ? l.join(right.table!, (a: Row | null, b: Row | null, k: unknown) => joiner(a, b, k)) : l.leftJoin(right.table!, (a: Row | null, b: Row | null, k: unknown) => joiner(a, b, k));
    return { kind: 'STREAM', stream: joined as KStream<unknown, Row | null>, table: null, ...base };
  }
  // Table-table joins: the DSL's joiners get no key, so a synthetic key is added afterwards.
  const lt = tableInput(left, partitions, `${prefix}Join-left`);
  const rt = right.table!;
  const plain = (a: Row | null, b: Row | null): Row => ({ ...(a ?? leftNulls), ...(b ?? rightNulls) });
  let joined: KTable<unknown, Row> =
    type === 'INNER'
      ? lt.join(rt, plain)
      : type === 'LEFT'
        ? lt.leftJoin(rt, plain)
        : type === 'FULL'
          ? lt.outerJoin(rt, plain)
          : rt.leftJoin(lt, (b: Row | null, a: Row | null) => plain(a, b));
  if (synthetic !== null) joined = joined.mapValues((v, k): Row => ({ ...v, [SYNTHETIC_KEY]: k }));
  return { kind: 'TABLE', stream: null, table: joined, ...base };
}

/**
 * A stream side keyed by its join expression, in the join's key format and partition count: through a
 * repartition topic unless it already is.
 */
function streamInput(
  stage: Stage,
  keyed: boolean,
  otherKeyFormat: boolean,
  read: (row: Row) => unknown,
  name: string,
  partitions: number | null,
): KStream<unknown, Row> {
  // Join inputs hold no null rows (prefixedSource drops them; joins never produce them).
  const stream = stage.stream! as KStream<unknown, Row>;
  if (keyed && !otherKeyFormat && (stage.partitions === partitions || partitions === null)) return stream;
  // SchemaKStream#selectKey: re-keying would lose the windows (the key format keeps the window, not the
  // new key); only a forced repartition of an already-keyed windowed stream is allowed.
  if (!keyed && stage.window !== null) {
    throw new SqlStatementError('Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.');
  }
  // ksqlDB re-keys a side it repartitions even when its key is already the join key (StreamSelectKey);
  // the extra node keeps the generated names that follow in step with ksqlDB's.
  const rekeyed = stream.selectKey((k, row) => (keyed ? k : read(row)));
  return rekeyed.repartition({ name, ...(partitions === null ? {} : { numberOfPartitions: partitions }) });
}

/**
 * Analyzer#throwOnIncompatibleSourceWindowing: the two sources the ON clause names (in its written order)
 * must both be windowed or both not; session windows join only session windows, hopping and tumbling
 * windows join each other (their keys hold only the window start).
 */
function checkJoinWindowing(rel: JoinRelation, ctx: PlanContext, onLeft: ReadonlySet<string>, onRight: ReadonlySet<string>): void {
  if (onLeft.size !== 1 || onRight.size !== 1) return;
  const byAlias = new Map(sourcesOf(rel).map((s) => [s.alias ?? s.name, s.name]));
  const windowOf = (alias: string) => ctx.metastore.require(byAlias.get(alias) ?? alias).window;
  const [leftAlias] = onLeft;
  const [rightAlias] = onRight;
  const l = windowOf(leftAlias!);
  const r = windowOf(rightAlias!);
  if ((l === null) !== (r === null)) {
    const what = (w: typeof l) => (w === null ? 'not' : w.type);
    throw new SqlStatementError(
      `Can not join windowed source to non-windowed source.\n\`${leftAlias!}\` is ${what(l)} windowed\n\`${rightAlias!}\` is ${what(r)} windowed`,
      rel.pos,
    );
  }
  if (l === null || r === null) return;
  if ((l.type === 'SESSION') !== (r.type === 'SESSION')) {
    throw new SqlStatementError(
      `Incompatible windowed sources.\nLeft source: ${l.type}\nRight source: ${r.type}\n` +
        'Session windowed sources can only be joined to other session windowed sources, and may still not result in expected behaviour as session bounds must be an exact match for the join to work\n' +
        'Hopping and tumbling windowed sources can only be joined to other hopping and tumbling windowed sources',
      rel.pos,
    );
  }
}

/** A table side with the join's partition count (a left table on more partitions is re-partitioned). */
function tableInput(stage: Stage, partitions: number | null, name: string): KTable<unknown, Row> {
  const table = stage.table!;
  if (stage.partitions === partitions || partitions === null) return table;
  return table.toStream().repartition({ name, numberOfPartitions: partitions }).toTable() as KTable<unknown, Row>;
}

/** ColumnNames#generateSyntheticJoinKey: ROWKEY, or the next free ROWKEY_n when a source uses the name. */
function syntheticKeyName(sourceNames: readonly string[], ctx: PlanContext): string {
  const used = new Set<number>();
  for (const n of sourceNames) {
    const s = ctx.metastore.require(n);
    for (const c of [...s.keyColumns, ...s.valueColumns]) {
      const m = /^ROWKEY(?:_(\d+))?$/.exec(c.name);
      if (m !== null) used.add(m[1] === undefined ? 0 : Number(m[1]));
    }
  }
  let i = 0;
  while (used.has(i)) i++;
  return i === 0 ? SYNTHETIC_KEY : `${SYNTHETIC_KEY}_${i}`;
}

function sourceNames(rel: Relation): string[] {
  return sourcesOf(rel).map((s) => s.name);
}

/** The leftmost source's name (ksqlDB's join-order messages name data sources, not aliases). */
function leftmostName(rel: Relation): string {
  return sourcesOf(rel)[0]!.name;
}

/**
 * ksqlDB names the clause of an unresolved join column, with its position: "Line: 3, Col: 77: JOIN ON
 * column 'T.IID' cannot be resolved."; an ambiguous one keeps its own message, also with the position.
 */
function joinOnColumns<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof SqlStatementError)) throw err;
    const at = (pos: Pos | undefined) => (pos === undefined ? '' : `Line: ${pos.line}, Col: ${pos.column}: `);
    if (err.message.startsWith("Column '") && err.message.endsWith('cannot be resolved.')) {
      throw new SqlStatementError(`${at(err.pos)}JOIN ON ${err.message[0]!.toLowerCase()}${err.message.slice(1)}`, err.pos);
    }
    if (err.message.startsWith("Column '") && err.message.includes('is ambiguous')) {
      throw new SqlStatementError(`Exception while preparing statement: ${at(err.pos)}${err.message}`, err.pos);
    }
    throw err;
  }
}

/**
 * The projection's key after a join (JoinNode#validateKeyPresent, LogicalPlanner#buildJoinKey): the first
 * viable key column the projection selects becomes the key, named as selected; none selected is an error
 * naming every viable key ("L.A or R.A"), or explaining the synthetic ROWKEY. Selecting the key twice is
 * an error too, since each key column may appear in the projection only once.
 */
export function markJoinKey(keyColumns: readonly ScopeColumn[], columns: OutputColumn[], sinkName: string): void {
  if (keyColumns.length === 0) return;
  const chosen = keyColumns.find((k) => columns.some((c) => refersTo(c.expr, k)));
  if (chosen === undefined) {
    const synthetic = keyColumns.length === 1 && keyColumns[0]!.source === null;
    const names = keyColumns.map((k) => (k.source === null ? k.name : `${k.source}.${k.name}`));
    const what = names.length === 1 ? 'join expression' : 'join expressions';
    throw new SqlStatementError(
      `Key missing from projection (ie, SELECT). ${synthetic ? 'See https://cnfl.io/2LV7ouS.' : ''}\n` +
        `The query used to build \`${sinkName}\` must include the ${what} ${names.join(' or ')} in its projection (eg, SELECT ${names[0]!}...).` +
        (synthetic
          ? `\n${names[0]!} was added as a synthetic key column because the join criteria did not match any source column. This expression must be included in the projection and may be aliased. `
          : ''),
    );
  }
  const selected = columns.filter((c) => refersTo(c.expr, chosen));
  if (selected.length > 1) {
    const keyName = chosen.source === null ? chosen.name : `${chosen.source}_${chosen.name}`;
    const aliases = selected.map((c) => c.name).sort();
    throw new SqlStatementError(
      `The projection contains a key column (\`${keyName}\`) more than once, aliased as: ${aliases.slice(0, -1).join(', ')} and ${aliases.at(-1)!}.\n` +
        'Each key column must only be in the projection once. If you intended to copy the key into the value, then consider using the AS_VALUE function to indicate which key reference should be copied.',
    );
  }
  selected[0]!.isKey = true;
}
