/**
 * A CREATE ... AS SELECT as ksqlDB's SqlFormatter prints the statement it plans, after its AST rewrites:
 * every column qualified with its relation, every select item aliased, the relation aliased, EMIT CHANGES.
 * ksqlDB appends this text ("\nStatement: ...") to errors it finds while building the query's physical plan,
 * such as a sink key format that cannot hold the key columns.
 *
 * Only the single-source shape without `*` or a window is printed; for others this returns null, and the
 * error goes without its statement rather than with a text ksqlDB would not print.
 */
import type { CreateAsSelect, Expr, Properties } from '../ast.js';
import { formatExpression } from '../expressions/format-expression.js';
import { rewriteExpr } from './expr-walk.js';

export function formatCreateAsSelect(stmt: CreateAsSelect): string | null {
  const { query } = stmt;
  if (query.from.kind !== 'source' || query.window !== null) return null;
  const alias = query.from.alias ?? query.from.name;
  const items: string[] = [];
  let generated = 0;
  for (const item of query.select) {
    if (item.kind === 'star' || hasLambda(item.expr)) return null;
    const name = item.alias ?? (item.expr.kind === 'column' ? item.expr.name : item.expr.kind === 'deref' ? item.expr.field : `KSQL_COL_${generated++}`);
    items.push(`  ${expr(item.expr, alias)} ${name}`);
  }
  const clauses = [`FROM ${query.from.name} ${alias}`];
  if (query.where !== null) clauses.push(`WHERE ${expr(query.where, alias)}`);
  if (query.groupBy !== null) clauses.push(`GROUP BY ${query.groupBy.map((e) => expr(e, alias)).join(', ')}`);
  if (query.partitionBy !== null) clauses.push(`PARTITION BY ${query.partitionBy.map((e) => expr(e, alias)).join(', ')}`);
  if (query.having !== null) clauses.push(`HAVING ${expr(query.having, alias)}`);
  clauses.push('EMIT CHANGES');
  const anyLambda = [query.where, query.having, ...(query.groupBy ?? []), ...(query.partitionBy ?? [])].some((e) => e !== null && hasLambda(e));
  if (anyLambda) return null;
  return `CREATE ${stmt.sourceType} ${stmt.name}${withClause(stmt.properties)} AS SELECT\n${items.join(',\n')}\n${clauses.join('\n')}`;
}

function withClause(properties: Properties): string {
  const entries = Object.entries(properties);
  return entries.length === 0 ? '' : ` WITH (${entries.map(([k, v]) => `${k}=${formatExpression(v)}`).join(', ')})`;
}

/** Unqualified column references get the relation's alias, as ksqlDB's rewriter gives them. */
function expr(e: Expr, alias: string): string {
  return formatExpression(rewriteExpr(e, (node) => (node.kind === 'column' && node.source === null ? { ...node, source: alias } : undefined)));
}

function hasLambda(e: Expr): boolean {
  let found = false;
  rewriteExpr(e, (node) => {
    if (node.kind === 'lambda') found = true;
    return undefined;
  });
  return found;
}
