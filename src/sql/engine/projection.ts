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
): OutputColumn[] {
  const out: OutputColumn[] = [];
  let generated = 0;
  const taken = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (item.kind === 'star') {
      for (const c of scope.columns) {
        if (SYSTEM_COLUMNS.has(c.name) || c.source === null) continue;
        if (item.source !== null && c.source !== item.source) continue;
        const expr: Expr = { kind: 'column', source: c.source, name: c.name, pos: item.pos };
        out.push({ name: joined ? `${c.source}_${c.name}` : c.name, type: c.type, compiled: compileExpression(expr, scope), expr, isKey: false });
      }
      continue;
    }
    const compiled = compileExpression(item.expr, scope);
    const asWritten = written[index]!;
    const source = asWritten.kind === 'expr' ? asWritten.expr : item.expr;
    let name: string;
    if (item.alias !== null) name = item.alias;
    else if (source.kind === 'column') name = source.name;
    else if (source.kind === 'deref') name = source.field;
    else name = `KSQL_COL_${generated++}`;
    while (item.alias === null && taken.has(name) && name.startsWith('KSQL_COL_')) name = `KSQL_COL_${generated++}`;
    if (taken.has(name)) throw new SqlStatementError(`Duplicate value columns found in schema: \`${name}\``, item.pos);
    taken.add(name);
    out.push({ name, type: compiled.type, compiled, expr: item.expr, isKey: false });
  }
  for (const c of out) taken.add(c.name);
  return out;
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
