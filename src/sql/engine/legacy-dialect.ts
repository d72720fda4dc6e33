/**
 * The KSQL 5 (2018) forms the seed SQL uses, mapped onto modern ksqlDB statements (SCENARIOS.md §0.6).
 *
 * - `WITH (KEY='col')`: in KSQL 5 the record key was always the implicit ROWKEY column and the KEY property
 *   named a value column that held the same data (KSQL 5.0 syntax reference, "KEY: associates the message key
 *   with a column"). Modern ksqlDB declares that column as the key instead, so `col` becomes the PRIMARY KEY
 *   of a table (KEY of a stream), read from the record key: rows are stored under its value.
 * - A CREATE without columns relied on the schema registry's inference; streamsim has no registry yet, so it
 *   is refused with the modern form that declares the columns, the record key as ROWKEY (§0.6 rule 2).
 *
 * String `+` and a join sink keyed by its join key need nothing here: the expression compiler concatenates
 * strings (null → null), and the join planner keys a join by its join expression.
 */
import type { ColumnDef, CreateSource, Properties, Query, SelectItem } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { propString } from './properties.js';

/** The statement with the legacy KEY property turned into a key column, or an error naming the modern form. */
export function applyLegacyKey(stmt: CreateSource): CreateSource {
  const keyName = propString(stmt.properties, 'KEY');
  if (keyName === null) return stmt;
  const keyWord = stmt.sourceType === 'TABLE' ? 'PRIMARY KEY' : 'KEY';
  const example = `CREATE ${stmt.sourceType} ${stmt.name} (${keyName.toUpperCase()} <type> ${keyWord}, ...) WITH (...)`;
  if (stmt.columns.length === 0) {
    throw new SqlUnsupportedError(
      `the KEY property on a ${stmt.sourceType.toLowerCase()} without columns (schema inference needs the schema registry). ` +
        `Declare the columns, with the key column as ${keyWord}: ${example}`,
      stmt.pos,
    );
  }
  const declared = stmt.columns.find((c) => c.key || c.primaryKey);
  if (declared !== undefined) {
    throw new SqlStatementError(
      `The KEY property (KSQL 5) cannot be combined with the ${keyWord} column \`${declared.name}\`. Remove KEY='${keyName}' from the WITH clause: ${keyWord} now declares the key.`,
      stmt.pos,
    );
  }
  const target = stmt.columns.find((c) => c.name === keyName) ?? stmt.columns.find((c) => c.name.toUpperCase() === keyName.toUpperCase());
  if (target === undefined) {
    throw new SqlStatementError(`The KEY column set in the WITH clause does not exist in the schema: '${keyName}'. Declare it as ${keyWord}: ${example}`, stmt.pos);
  }
  const asKey = (c: ColumnDef): ColumnDef => (c === target ? { ...c, key: stmt.sourceType === 'STREAM', primaryKey: stmt.sourceType === 'TABLE' } : c);
  // The key column comes first, as ksqlDB's schemas list key columns before value columns.
  const columns = [asKey(target), ...stmt.columns.filter((c) => c !== target)];
  const { KEY: _legacy, ...properties }: Properties = stmt.properties;
  return { ...stmt, columns, properties };
}

/** The refusal of a CREATE without columns, naming the modern statement that declares them. */
export function noColumnsError(stmt: CreateSource): SqlUnsupportedError {
  const key = stmt.sourceType === 'TABLE' ? '<key> <type> PRIMARY KEY' : 'ROWKEY STRING KEY';
  return new SqlUnsupportedError(
    `CREATE ${stmt.sourceType} without columns (schema inference needs the schema registry). ` +
      `Declare the columns, the record key as a key column: CREATE ${stmt.sourceType} ${stmt.name} (${key}, <column> <type>, ...) WITH (...)`,
    stmt.pos,
  );
}

/**
 * KSQL 5 kept a query's key in the implicit ROWKEY whatever the projection: a CSAS without PARTITION BY kept
 * its source's key, and a join's result was keyed by its join key (SCENARIOS.md §0.6 rules 2 and 3). Modern
 * ksqlDB requires the key in the projection instead. Given the planner's refusal of a projection without its
 * key, this returns the query with the key column(s) it names appended to the projection, or null when the
 * error is another one (or names only a synthetic join key, which no column reference can select).
 */
export function keyAddedToProjection(query: Query, err: unknown): Query | null {
  if (!(err instanceof SqlStatementError)) return null;
  const joinKey = /^Key missing from projection[^]*?\(eg, SELECT ([^.\s]+)\.([^.\s]+)\.\.\.\)/.exec(err.message);
  if (joinKey !== null) return appended(query, [{ source: joinKey[1]!, name: joinKey[2]! }]);
  const keys = /^The query used to build `[^`]+` must include the key columns? .* in its projection \(eg, SELECT (.+)\.\.\.\)\.$/.exec(err.message);
  if (keys === null || query.groupBy !== null || query.partitionBy !== null) return null;
  return appended(
    query,
    keys[1]!.split(', ').map((name) => ({ source: null, name })),
  );
}

function appended(query: Query, refs: readonly { source: string | null; name: string }[]): Query {
  const items: SelectItem[] = refs.map((r) => ({ kind: 'expr', expr: { kind: 'column', source: r.source, name: r.name, pos: query.pos }, alias: null, pos: query.pos }));
  return { ...query, select: [...query.select, ...items] };
}
