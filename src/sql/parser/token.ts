/**
 * Tokens of ksqlDB's SQL, after SqlBase.g4's lexer rules. The lexer matches case-insensitively (ksqlDB's
 * CaseInsensitiveStream) while tokens keep their source text.
 */

export type TokenType =
  | 'KEYWORD'
  | 'SYMBOL'
  | 'IDENTIFIER'
  | 'DIGIT_IDENTIFIER'
  | 'QUOTED_IDENTIFIER'
  | 'BACKQUOTED_IDENTIFIER'
  | 'STRING'
  | 'INTEGER_VALUE'
  | 'DECIMAL_VALUE'
  | 'FLOATING_POINT_VALUE'
  | 'VARIABLE'
  | 'UNRECOGNIZED'
  | 'EOF';

export interface Token {
  readonly type: TokenType;
  /** Source text, as written. */
  readonly text: string;
  /**
   * What the parser matches on, and how ANTLR displays the token kind in "Expecting {...}":
   * `'SELECT'` and `','` for keywords and symbols, the rule name (`IDENTIFIER`, `STRING`...) otherwise.
   */
  readonly key: string;
  readonly line: number;
  /** 1-based, as ksqlDB reports it (ANTLR's charPositionInLine + 1). */
  readonly column: number;
  /** Offsets into the source: [start, end). */
  readonly start: number;
  readonly end: number;
}

/** Keywords in SqlBase.g4's token order (the order ANTLR lists them in expected-token sets). */
const KEYWORD_ORDER = [
  'EMIT', 'CHANGES', 'FINAL', 'SELECT', 'FROM', 'AS', 'ALL', 'DISTINCT', 'WHERE', 'WITHIN', 'WINDOW', 'GROUP',
  'BY', 'HAVING', 'LIMIT', 'AT', 'OR', 'AND', 'IN', 'NOT', 'EXISTS', 'BETWEEN', 'LIKE', 'ESCAPE', 'IS', 'NULL',
  'TRUE', 'FALSE', 'INTEGER', 'DATE', 'TIME', 'TIMESTAMP', 'INTERVAL', 'YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE',
  'SECOND', 'MILLISECOND', 'YEARS', 'MONTHS', 'DAYS', 'HOURS', 'MINUTES', 'SECONDS', 'MILLISECONDS', 'ZONE',
  'TUMBLING', 'HOPPING', 'SIZE', 'ADVANCE', 'RETENTION', 'GRACE', 'PERIOD', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END',
  'JOIN', 'FULL', 'OUTER', 'INNER', 'LEFT', 'RIGHT', 'ON', 'PARTITION', 'STRUCT', 'WITH', 'VALUES', 'CREATE',
  'TABLE', 'TOPIC', 'STREAM', 'STREAMS', 'INSERT', 'DELETE', 'INTO', 'DESCRIBE', 'EXTENDED', 'PRINT', 'EXPLAIN',
  'ANALYZE', 'TYPE', 'TYPES', 'CAST', 'SHOW', 'LIST', 'TABLES', 'TOPICS', 'QUERY', 'QUERIES', 'TERMINATE', 'LOAD',
  'COLUMNS', 'COLUMN', 'PARTITIONS', 'FUNCTIONS', 'FUNCTION', 'DROP', 'TO', 'RENAME', 'ARRAY', 'MAP', 'SET',
  'DEFINE', 'UNDEFINE', 'RESET', 'SESSION', 'SAMPLE', 'EXPORT', 'CATALOG', 'PROPERTIES', 'BEGINNING', 'UNSET',
  'RUN', 'SCRIPT', 'DECIMAL', 'KEY', 'CONNECTOR', 'CONNECTORS', 'SINK', 'SOURCE', 'NAMESPACE', 'MATERIALIZED',
  'VIEW', 'PRIMARY', 'REPLACE', 'ASSERT', 'ADD', 'ALTER', 'VARIABLES', 'PLUGINS', 'HEADERS', 'HEADER', 'SYSTEM',
  'TIMEOUT', 'SCHEMA', 'SUBJECT', 'ID', 'IF',
] as const;

/** `STRING` is a keyword too: an implicit token of the grammar (typeParameter, nonReserved). */
export const KEYWORDS: ReadonlySet<string> = new Set<string>([...KEYWORD_ORDER, 'STRING']);

/** SqlBase.g4's `nonReserved`: keywords that still work as identifiers. */
export const NON_RESERVED: ReadonlySet<string> = new Set([
  'SHOW', 'TABLES', 'COLUMNS', 'COLUMN', 'PARTITIONS', 'FUNCTIONS', 'FUNCTION', 'SESSION', 'STRUCT', 'MAP',
  'ARRAY', 'PARTITION', 'INTEGER', 'DATE', 'TIME', 'TIMESTAMP', 'INTERVAL', 'ZONE', 'STRING', 'YEAR', 'MONTH',
  'DAY', 'HOUR', 'MINUTE', 'SECOND', 'EXPLAIN', 'ANALYZE', 'TYPE', 'TYPES', 'SET', 'RESET', 'IF', 'SOURCE', 'SINK',
  'PRIMARY', 'KEY', 'EMIT', 'CHANGES', 'FINAL', 'ESCAPE', 'REPLACE', 'ASSERT', 'ALTER', 'ADD', 'HEADER', 'HEADERS',
  'GRACE', 'PERIOD', 'DEFINE', 'UNDEFINE', 'VARIABLES', 'PLUGINS', 'SYSTEM', 'TIMEOUT', 'SCHEMA', 'SUBJECT', 'ID',
]);

/** Symbols, longest first so that the lexer can take the first match. */
export const SYMBOLS = [
  '<>', '!=', '<=', '>=', '||', ':=', '->', '=>',
  '=', '<', '>', '+', '-', '*', '/', '%', ',', '(', ')', '.', '[', ']', ';',
] as const;

export function keywordKey(word: string): string {
  return `'${word}'`;
}

/** Display order of token kinds in ANTLR's expected sets: implicit literals, keywords, operators, the rest. */
const DISPLAY_ORDER: ReadonlyMap<string, number> = new Map(
  [
    "';'", "','", "'('", "')'", "'.'", "'['", "']'", "'STRING'",
    ...KEYWORD_ORDER.map(keywordKey),
    "'='", "'<>'", "'<'", "'<='", "'>'", "'>='", "'+'", "'-'", "'*'", "'/'", "'%'", "'||'", "':='", "'->'", "'=>'",
    'STRING', 'INTEGER_VALUE', 'DECIMAL_VALUE', 'FLOATING_POINT_VALUE', 'IDENTIFIER', 'DIGIT_IDENTIFIER',
    'QUOTED_IDENTIFIER', 'BACKQUOTED_IDENTIFIER', 'VARIABLE',
  ].map((k, i) => [k, i]),
);

/** ANTLR's IntervalSet#toString(vocabulary): `X` alone, or `{X, Y}` in token order. */
export function formatExpected(keys: Iterable<string>): string {
  const sorted = [...new Set(keys)].sort(
    (a, b) => (DISPLAY_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER) - (DISPLAY_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
  return sorted.length === 1 ? (sorted[0] ?? '') : `{${sorted.join(', ')}}`;
}

/** How ANTLR shows an offending token: `'text'`, or `<EOF>`. */
export function displayToken(t: Token): string {
  if (t.type === 'EOF') return '<EOF>';
  return `'${t.text.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** Every token kind that the grammar's `identifier` rule accepts. */
export const IDENTIFIER_KEYS: readonly string[] = [
  'IDENTIFIER', 'QUOTED_IDENTIFIER', 'BACKQUOTED_IDENTIFIER', 'DIGIT_IDENTIFIER', 'VARIABLE',
  ...[...NON_RESERVED].map(keywordKey),
];
