/** ksqlDB's SQL types. INT = INTEGER, VARCHAR = STRING. */
export type SqlType =
  | { readonly base: 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'BYTES' | 'DATE' | 'TIME' | 'TIMESTAMP' }
  | { readonly base: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly base: 'ARRAY'; readonly element: SqlType }
  | { readonly base: 'MAP'; readonly key: SqlType; readonly value: SqlType }
  | { readonly base: 'STRUCT'; readonly fields: readonly { readonly name: string; readonly type: SqlType }[] }
  /** A user type from CREATE TYPE, resolved by the analyzer. */
  | { readonly base: 'CUSTOM'; readonly name: string };

export const T = {
  BOOLEAN: { base: 'BOOLEAN' } as SqlType,
  INTEGER: { base: 'INTEGER' } as SqlType,
  BIGINT: { base: 'BIGINT' } as SqlType,
  DOUBLE: { base: 'DOUBLE' } as SqlType,
  STRING: { base: 'STRING' } as SqlType,
  BYTES: { base: 'BYTES' } as SqlType,
  DATE: { base: 'DATE' } as SqlType,
  TIME: { base: 'TIME' } as SqlType,
  TIMESTAMP: { base: 'TIMESTAMP' } as SqlType,
  decimal: (precision: number, scale: number): SqlType => ({ base: 'DECIMAL', precision, scale }),
  array: (element: SqlType): SqlType => ({ base: 'ARRAY', element }),
  map: (key: SqlType, value: SqlType): SqlType => ({ base: 'MAP', key, value }),
  struct: (fields: readonly { name: string; type: SqlType }[]): SqlType => ({ base: 'STRUCT', fields }),
};

/** ksqlDB's display form: `INTEGER`, `DECIMAL(4, 2)`, `ARRAY<STRING>`, `STRUCT<`A` INTEGER>`. */
export function formatType(t: SqlType): string {
  switch (t.base) {
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ARRAY':
      return `ARRAY<${formatType(t.element)}>`;
    case 'MAP':
      return `MAP<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'STRUCT':
      return `STRUCT<${t.fields.map((f) => `\`${f.name}\` ${formatType(f.type)}`).join(', ')}>`;
    case 'CUSTOM':
      return t.name;
    default:
      return t.base;
  }
}
