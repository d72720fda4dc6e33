import type { Expr, SelectItem } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import { compileExpression, type Compiled } from '../expressions/index.js';
import type { SqlType } from '../types.js';
import type { Row } from '../values.js';
import type { RowScope, ScopeColumn } from './row-scope.js';
import { ROWOFFSET, ROWPARTITION, ROWTIME, WINDOWEND, WINDOWSTART } from './source-reader.js';

const SYSTEM_COLUMNS = new Set([ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART, WINDOWEND]);

/** One output column of a SELECT: its name, type, how to compute it, and whether it is (part of) the key. */
export interface OutputColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly compiled: Compiled;
  /** The expression, to match against GROUP BY / PARTITION BY expressions and key columns. */
  readonly expr: Expr;
  isKey: boolean;
}

/**
 * ksqlDB's column naming: an alias wins; a column reference keeps the column's name (`L_A` for a joined
 * column read through `*`), a struct dereference the field's name; anything else is `KSQL_COL_<n>`,
 * numbered over the whole select list.
 */
export function outputColumns(
  items: readonly SelectItem[],
  scope: RowScope,
  joined: boolean,
  /** The items as written, when `items` were rewritten (aggregations): names come from what the user wrote. */
  written: readonly SelectItem[] = items,
  /** The source's column names, which a struct field's generated name must not clash with. */
  sourceNames: readonly string[] = scope.columns.filter((c) => c.source !== null).map((c) => c.name),
): OutputColumn[] {
  const out: OutputColumn[] = [];
  let generated = 0;
  const taken = new Set<string>();
  const fieldName = structFieldNamer(sourceNames);
  for (const [index, item] of items.entries()) {
    if (item.kind === 'expr' && item.expr.kind === 'deref' && item.expr.field === '*') {
      // `struct->*` selects every field of the struct, each named after its field (ksqlDB's AstBuilder
      // expands it into one dereference per field).
      const base = item.expr.base;
      const type = compileExpression(base, scope).type;
      if (type.base !== 'STRUCT') throw new SqlStatementError(`Cannot use '->*' on a non-struct expression of type ${type.base}.`, item.pos);
      for (const f of type.fields) {
        const expr: Expr = { kind: 'deref', base, field: f.name, pos: item.pos };
        if (taken.has(f.name)) throw new SqlStatementError(`Duplicate value columns found in schema: \`${f.name}\``, item.pos);
        taken.add(f.name);
        out.push({ name: f.name, type: f.type, compiled: compileExpression(expr, scope), expr, isKey: false });
      }
      continue;
    }
    if (item.kind === 'star') {
      for (const c of scope.columns) {
        // A join's synthetic key (ROWKEY, no source) is part of an unqualified `*` (JoinNode#resolveSelectStar).
        const syntheticKey = joined && c.source === null && c.isKey;
        if (SYSTEM_COLUMNS.has(c.name) || (c.source === null && !syntheticKey)) continue;
        if (item.source !== null && c.source !== item.source) continue;
        const expr: Expr = { kind: 'column', source: c.source, name: c.name, pos: item.pos };
        out.push({ name: joined && !syntheticKey ? `${c.source}_${c.name}` : c.name, type: c.type, compiled: compileExpression(expr, scope), expr, isKey: false });
      }
      continue;
    }
    if (item.alias !== null && SYSTEM_COLUMNS.has(item.alias)) {
      // ksqlDB reserves the system column names (SystemColumns.isSystemColumn).
      throw new SqlStatementError(`\`${item.alias}\` is a reserved column name. You cannot use it as an alias for a column.`, item.pos);
    }
    const compiled = compileSelect(item.expr, scope);
    const asWritten = written[index]!;
    const source = asWritten.kind === 'expr' ? asWritten.expr : item.expr;
    let name: string;
    if (item.alias !== null) name = item.alias;
    // In a join, a column whose name more than one source has is named `ALIAS_NAME`
    // (ColumnNames#generatedJoinColumnAlias); a unique name stays as it is.
    else if (source.kind === 'column') name = joined ? joinColumnName(source, scope) : source.name;
    else if (source.kind === 'deref') name = fieldName(source.field);
    else name = `KSQL_COL_${generated++}`;
    while (item.alias === null && taken.has(name) && name.startsWith('KSQL_COL_')) name = `KSQL_COL_${generated++}`;
    if (taken.has(name)) throw new SqlStatementError(`Duplicate value columns found in schema: \`${name}\``, item.pos);
    taken.add(name);
    out.push({ name, type: compiled.type, compiled, expr: item.expr, isKey: false });
  }
  for (const c of out) taken.add(c.name);
  return out;
}

/**
 * Errors ksqlDB only finds when it generates code for the projection (CodeGenRunner: an unsupported CAST)
 * carry the "Invalid Select: " prefix; type errors found while analysing the query do not.
 */
function compileSelect(expr: Expr, scope: RowScope): Compiled {
  try {
    return compileExpression(expr, scope);
  } catch (err) {
    if (err instanceof SqlStatementError && /^Cast of .* is not supported/.test(err.message)) {
      throw new SqlStatementError(`Invalid Select: ${err.message}`, err.pos);
    }
    throw err;
  }
}

/**
 * ksqlDB's ColumnNames alias generator for struct fields: a field's name, or `NAME_<n>` when the source
 * already has a column of that name or an earlier field took it (`A->B, C->B` next to a column `B`: `B_1`, `B_2`).
 */
function structFieldNamer(sourceNames: readonly string[]): (field: string) => string {
  const used = new Map<string, number>(sourceNames.map((n) => [n, 0]));
  return (field) => {
    const n = used.get(field);
    if (n === undefined) {
      used.set(field, 0);
      return field;
    }
    used.set(field, n + 1);
    return `${field}_${n + 1}`;
  };
}

function joinColumnName(ref: Expr & { kind: 'column' }, scope: RowScope): string {
  const owners = new Set(scope.columns.filter((c) => c.name === ref.name && c.source !== null).map((c) => c.source));
  if (owners.size < 2) return ref.name;
  const source = ref.source ?? scope.find(null, ref.name, ref.pos).source;
  return `${source}_${ref.name}`;
}

/** Evaluates the projection over a row into a new row of output columns. */
export function projector(columns: readonly OutputColumn[]): (row: Row) => Row {
  return (row) => {
    const out: Row = {};
    for (const c of columns) out[c.name] = c.compiled.evaluate(row);
    return out;
  };
}

/** Whether an expression reads exactly this scope column (`ID`, `S.ID`). */
export function refersTo(expr: Expr, column: ScopeColumn): boolean {
  return expr.kind === 'column' && expr.name === column.name && (expr.source === null || expr.source === column.source);
}

/** Structural equality of expressions, ignoring positions (GROUP BY x matches SELECT x). */
export function sameExpr(a: Expr, b: Expr): boolean {
  return JSON.stringify(a, dropPos) === JSON.stringify(b, dropPos);
}

function dropPos(key: string, value: unknown): unknown {
  if (key === 'pos') return undefined;
  return typeof value === 'bigint' ? `${value}n` : value;
}
