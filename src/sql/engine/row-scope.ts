import type { Pos } from '../ast.js';
import { SqlStatementError } from '../errors.js';
import type { ColumnBinding, Scope } from '../expressions/index.js';
import type { Row } from '../values.js';
import type { SqlType } from '../types.js';

/** A column a query can reference: which relation it belongs to, and where it sits in the row object. */
export interface ScopeColumn {
  /** The relation's alias (the source name when it has none); null for columns a query computed. */
  readonly source: string | null;
  readonly name: string;
  readonly type: SqlType;
  /** Property of the row object holding the value. */
  readonly field: string;
  readonly isKey: boolean;
}

/**
 * Resolves column references for one stage of a query. In a join, rows hold each side's columns under
 * `ALIAS.NAME`, so `L.A` and `R.A` never collide; an unqualified name must belong to one side only.
 */
export class RowScope implements Scope {
  constructor(readonly columns: readonly ScopeColumn[]) {}

  resolveColumn(source: string | null, name: string, pos: Pos): ColumnBinding {
    const c = this.find(source, name, pos);
    const field = c.field;
    return { type: c.type, read: (row: Row) => row[field] ?? null };
  }

  find(source: string | null, name: string, pos?: Pos): ScopeColumn {
    const matches = this.columns.filter((c) => c.name === name && (source === null || c.source === source));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const options = matches.map((c) => `${c.source}.${c.name}`);
      throw new SqlStatementError(`Column '${name}' is ambiguous. Could be ${options.slice(0, -1).join(', ')} or ${options.at(-1)}.`, pos);
    }
    const shown = source === null ? name : `${source}.${name}`;
    throw new SqlStatementError(`Column '${shown}' cannot be resolved.`, pos);
  }
}
