/**
 * What the compiler needs from its caller (the planner): how to read a column, and optionally how to read
 * an expression the planner has already computed (an aggregate, a GROUP BY expression).
 */
import type { Expr, Pos } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import type { SqlType } from '../types.js';
import type { Row } from '../values.js';

export interface ColumnBinding {
  readonly type: SqlType;
  read(row: Row): unknown;
}

export interface Scope {
  /** A column by optional source qualifier and name; throws (see `unknownColumn`) when there is none. */
  resolveColumn(source: string | null, name: string, pos: Pos): ColumnBinding;
  /**
   * Optional: a binding for a whole expression the caller computes itself (aggregate calls in HAVING and
   * SELECT, GROUP BY expressions after re-keying). Consulted before compiling each node.
   */
  resolveExpression?(expr: Expr): ColumnBinding | undefined;
}

/** A compiled expression: its SQL type and a cheap per-row evaluation. */
export interface Compiled {
  readonly type: SqlType;
  evaluate(row: Row): unknown;
}

/**
 * ksqlDB's unknown-column error. `clause` gives its clause-specific wording: "SELECT column 'BOB' cannot
 * be resolved.", "WHERE column 'I.BOB' cannot be resolved."; without it: "Column 'BOB' cannot be resolved."
 */
export function unknownColumn(name: string, pos?: Pos, clause?: string, source?: string | null): SqlStatementError {
  const full = source === null || source === undefined ? name : `${source}.${name}`;
  return new SqlStatementError(`${clause === undefined ? 'Column' : `${clause} column`} '${full}' cannot be resolved.`, pos);
}
