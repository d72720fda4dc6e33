import { SqlStatementError } from '../errors.js';
import type { SqlType } from '../types.js';

export interface Column {
  readonly name: string;
  readonly type: SqlType;
}

export interface WindowInfo {
  readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  readonly sizeMs: number | null;
}

/** Format settings of a source's key or value (ksqlDB's FormatInfo + SerdeFeatures). */
export interface FormatInfo {
  readonly format: string;
  readonly wrapSingleValue?: boolean;
  readonly delimiter?: string;
}

/** A stream or table ksqlDB knows (its DataSource): schema, topic, formats. */
export interface DataSource {
  readonly name: string;
  readonly type: 'STREAM' | 'TABLE';
  readonly topic: string;
  readonly keyColumns: readonly Column[];
  readonly valueColumns: readonly Column[];
  readonly keyFormat: FormatInfo;
  readonly valueFormat: FormatInfo;
  /** WITH (TIMESTAMP='col'): the column whose value is the record's event time. */
  readonly timestampColumn: string | null;
  readonly timestampFormat: string | null;
  /** Set for the result of a windowed aggregation: its keys carry windows. */
  readonly window: WindowInfo | null;
  /** CREATE SOURCE STREAM/TABLE: read-only. */
  readonly isSource: boolean;
  /** The statement that created it. */
  readonly sql: string;
  /** The persistent query writing it, for CREATE ... AS SELECT sinks. */
  readonly queryId: string | null;
}

/** ksqlDB's MetaStore: sources by name. Names are compared exactly (the parser upper-cases unquoted ones). */
export class MetaStore {
  private readonly sources = new Map<string, DataSource>();

  get(name: string): DataSource | undefined {
    return this.sources.get(name);
  }

  require(name: string): DataSource {
    const s = this.sources.get(name);
    if (s === undefined) throw new SqlStatementError(`${name} does not exist.`);
    return s;
  }

  add(source: DataSource): void {
    this.sources.set(source.name, source);
  }

  remove(name: string): void {
    this.sources.delete(name);
  }

  all(): DataSource[] {
    return [...this.sources.values()];
  }
}

/**
 * ksqlDB's schema text: "ID INT KEY, COUNT BIGINT" (used by DESCRIBE and QTT `post` checks); `quoteAll` gives
 * LogicalSchema#toString's "`ID` INT KEY, `COUNT` BIGINT" that its error messages print.
 */
export function schemaText(source: Pick<DataSource, 'keyColumns' | 'valueColumns'>, formatType: (t: SqlType) => string, quoteAll = false): string {
  // The schema text ksqlDB's LogicalSchema prints: KEY for streams and tables alike.
  const keyWord = 'KEY';
  const quote = quoteAll ? (n: string) => `\`${n}\`` : quoteIfNeeded;
  return [
    ...source.keyColumns.map((c) => `${quote(c.name)} ${formatType(c.type)} ${keyWord}`),
    ...source.valueColumns.map((c) => `${quote(c.name)} ${formatType(c.type)}`),
  ].join(', ');
}

function quoteIfNeeded(name: string): string {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : `\`${name}\``;
}
