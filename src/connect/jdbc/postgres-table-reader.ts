import pg from 'pg';
import { buildStatement, naiveUtc, type SqlDialect, type SqlStatement } from './criteria.js';
import { convertSqlValue, type SqlValueKind } from './sql-values.js';
import type { ColumnMeta, IncrementalQuery, Row, TableReader } from './table-reader.js';

/** PostgreSQL type oids the reader converts (pg_type.oid). */
const OID = { int8: 20, int2: 21, int4: 23, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

export const POSTGRES_DIALECT: SqlDialect = {
  quote: (id) => `"${id.replaceAll('"', '""')}"`,
  placeholder: (n) => `$${n}`,
  timestamp: naiveUtc,
};

export interface PostgresConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** Connection timeout; default 2000 ms. */
  readonly connectionTimeoutMillis?: number;
}

function kindOf(oid: number): SqlValueKind {
  if (oid === OID.timestamp || oid === OID.timestamptz) return 'timestamp';
  if (oid === OID.date) return 'date';
  if (oid === OID.int8 || oid === OID.int2 || oid === OID.int4) return 'integer';
  return 'other';
}

/** Dates and 64-bit integers come back as text; {@link convertSqlValue} turns them into Connect values. */
const rawText = {
  getTypeParser(oid: number, format?: string) {
    const kind = kindOf(oid);
    if (kind === 'timestamp' || kind === 'date' || oid === OID.int8) return (text: string) => text;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** The JDBC source's table port over a PostgreSQL connection (tables in the connection's current schema). */
export class PostgresTableReader implements TableReader {
  /** The statements sent so far, for tests that pin the SQL. */
  readonly statements: SqlStatement[] = [];

  private constructor(private readonly client: pg.Client) {}

  static async connect(o: PostgresConnectionOptions): Promise<PostgresTableReader> {
    const client = new pg.Client({
      host: o.host,
      port: o.port,
      user: o.user,
      password: o.password,
      database: o.database,
      connectionTimeoutMillis: o.connectionTimeoutMillis ?? 2000,
      types: rawText,
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return new PostgresTableReader(client);
  }

  async columns(table: string): Promise<readonly ColumnMeta[]> {
    const r = await this.client.query<{ column_name: string; is_nullable: string }>(
      'SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
      [table],
    );
    return r.rows.map((c) => ({ name: c.column_name, nullable: c.is_nullable === 'YES' }));
  }

  async select(query: IncrementalQuery): Promise<readonly Row[]> {
    const stmt = buildStatement(query, POSTGRES_DIALECT);
    this.statements.push(stmt);
    const r = await this.client.query({ text: stmt.text, values: [...stmt.params] });
    const kinds = r.fields.map((f) => [f.name, kindOf(f.dataTypeID)] as const);
    return r.rows.map((raw: Record<string, unknown>) => Object.fromEntries(kinds.map(([name, kind]) => [name, convertSqlValue(kind, raw[name])])));
  }

  /** Runs any statement (for setting up and cleaning test tables). */
  async exec(text: string, params: readonly unknown[] = []): Promise<void> {
    await this.client.query(text, [...params]);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
