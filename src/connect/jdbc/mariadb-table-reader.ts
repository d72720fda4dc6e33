import mysql from 'mysql2/promise';
import { buildStatement, naiveUtc, type SqlDialect, type SqlStatement } from './criteria.js';
import { convertSqlValue, type SqlValueKind } from './sql-values.js';
import type { ColumnMeta, IncrementalQuery, Row, TableReader } from './table-reader.js';

/** MySQL protocol column types the reader converts. */
const TYPE = { tiny: 1, short: 2, long: 3, longlong: 8, int24: 9, timestamp: 7, date: 10, datetime: 12, newdate: 14 } as const;

export const MARIADB_DIALECT: SqlDialect = {
  quote: (id) => `\`${id.replaceAll('`', '``')}\``,
  placeholder: () => '?',
  timestamp: naiveUtc,
};

export interface MariaDbConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** Connection timeout; default 2000 ms. */
  readonly connectTimeout?: number;
}

function kindOf(type: number | undefined): SqlValueKind {
  switch (type) {
    case TYPE.timestamp:
    case TYPE.datetime:
      return 'timestamp';
    case TYPE.date:
    case TYPE.newdate:
      return 'date';
    case TYPE.tiny:
    case TYPE.short:
    case TYPE.long:
    case TYPE.longlong:
    case TYPE.int24:
      return 'integer';
    default:
      return 'other';
  }
}

/** The JDBC source's table port over a MariaDB (or MySQL) connection, tables in the connection's database. */
export class MariaDbTableReader implements TableReader {
  readonly statements: SqlStatement[] = [];

  private constructor(private readonly conn: mysql.Connection) {}

  static async connect(o: MariaDbConnectionOptions): Promise<MariaDbTableReader> {
    const conn = await mysql.createConnection({
      host: o.host,
      port: o.port,
      user: o.user,
      password: o.password ?? '',
      database: o.database,
      connectTimeout: o.connectTimeout ?? 2000,
      dateStrings: true, // naive text, read as UTC by convertSqlValue (no local-timezone shift)
      timezone: 'Z',
    });
    return new MariaDbTableReader(conn);
  }

  async columns(table: string): Promise<readonly ColumnMeta[]> {
    const [rows] = await this.conn.query<mysql.RowDataPacket[]>(
      'SELECT COLUMN_NAME AS name, IS_NULLABLE AS nullable FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
      [table],
    );
    return rows.map((c) => ({ name: String(c['name']), nullable: c['nullable'] === 'YES' }));
  }

  async select(query: IncrementalQuery): Promise<readonly Row[]> {
    const stmt = buildStatement(query, MARIADB_DIALECT);
    this.statements.push(stmt);
    const [rows, fields] = await this.conn.execute<mysql.RowDataPacket[]>(stmt.text, [...stmt.params]);
    const kinds = fields.map((f) => [f.name, kindOf(f.columnType ?? f.type)] as const);
    return rows.map((raw) => Object.fromEntries(kinds.map(([name, kind]) => [name, convertSqlValue(kind, raw[name])])));
  }

  async exec(text: string, params: readonly unknown[] = []): Promise<void> {
    await this.conn.query(text, [...params]);
  }

  async close(): Promise<void> {
    await this.conn.end();
  }
}
