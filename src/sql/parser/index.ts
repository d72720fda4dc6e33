/**
 * ksqlDB's SQL to the AST of `../ast.ts`. Grammar after ksqlDB's SqlBase.g4; errors as ksqlDB reports them
 * ("line 1:32: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}").
 */
import type { Pos, Statement } from '../ast.js';
import { tokenize } from './lexer.js';
import type { Token } from './token.js';
import { TokenCursor, pos } from './parser.js';
import { parseStatement } from './statements.js';

/**
 * Parses every statement of a text. Each statement's `text` is its source without the trailing `;`; the last
 * statement may omit its `;`. Throws `SqlParseError` for a malformed statement and `SqlUnsupportedError` for
 * ksqlDB syntax that streamsim's AST does not have (ALTER, EXPLAIN, connectors, variables, AT TIME ZONE).
 */
export function parseStatements(text: string): Statement[] {
  const p = new TokenCursor(tokenize(text), text);
  const statements: Statement[] = [];
  for (;;) {
    while (p.accept("';'")) {
      // empty statements are skipped
    }
    const first = p.peek();
    if (first.type === 'EOF') return statements;
    p.statementStart = first.start;
    const body = parseStatement(p);
    const last = p.tokens[p.position - 1] ?? first;
    if (!p.check("';'") && p.peek().type !== 'EOF') p.failExpecting();
    statements.push({ ...body, text: text.slice(first.start, last.end) } as Statement);
  }
}

/** One statement's source (without its `;`) and where it starts. */
export interface StatementSource {
  readonly text: string;
  readonly pos: Pos;
}

/** Splits a text at its semicolons, honouring strings, quoted names and comments, without parsing. */
export function splitStatements(text: string): StatementSource[] {
  const tokens = tokenize(text);
  const out: StatementSource[] = [];
  let first: Token | null = null;
  let last: Token | null = null;
  for (const t of tokens) {
    if (t.key === "';'" || t.type === 'EOF') {
      if (first !== null && last !== null) out.push({ text: text.slice(first.start, last.end), pos: pos(first) });
      first = null;
      last = null;
    } else {
      first ??= t;
      last = t;
    }
  }
  return out;
}
