import type { Pos } from '../ast.js';
import { SqlParseError, SqlUnsupportedError } from '../errors.js';
import { IDENTIFIER_KEYS, NON_RESERVED, displayToken, formatExpected, type Token } from './token.js';

/** An identifier as ksqlDB reads it: unquoted ones upper-cased, quoted ones (`"x"`, `` `x` ``) kept as written. */
export interface Identifier {
  readonly name: string;
  readonly quoted: boolean;
  readonly token: Token;
}

/** Deeper nesting than this is refused with a parse error rather than a stack overflow. */
const MAX_DEPTH = 200;

/**
 * The token cursor the grammar functions share. It remembers which token kinds were tried at the current
 * token, so that a failure can say what was expected, as ANTLR does ("Expecting {',', ')'}").
 */
export class TokenCursor {
  private index = 0;
  /** Token kinds tried since the last consumed token (cleared when a grammar rule returns). */
  private tried: string[] = [];
  private depth = 0;
  /** Offset where the statement being parsed starts, to quote it in errors. */
  statementStart = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly source: string,
  ) {}

  peek(ahead = 0): Token {
    const t = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (t === undefined) throw new Error('token list without EOF');
    return t;
  }

  get position(): number {
    return this.index;
  }

  next(): Token {
    const t = this.peek();
    if (t.type !== 'EOF') this.index++;
    this.tried = [];
    return t;
  }

  /** Is the current token of this kind (`"'SELECT'"`, `"','"`, `'STRING'`...)? Remembers the kind as expected. */
  check(key: string): boolean {
    this.tried.push(key);
    return this.peek().key === key;
  }

  /** Like check, without remembering: for lookahead past the current token. */
  is(key: string, ahead = 0): boolean {
    return this.peek(ahead).key === key;
  }

  accept(key: string): Token | null {
    return this.check(key) ? this.next() : null;
  }

  expect(key: string): Token {
    if (this.check(key)) return this.next();
    const t = this.peek();
    if (t.type !== 'EOF' && this.is(key, 1)) {
      // ANTLR's single-token deletion: the wanted token is right behind an unwanted one.
      if (isReserved(t)) this.fail(reservedKeyword(t));
      this.fail(`extraneous input ${displayToken(t)} expecting ${key}`);
    }
    if ((key === "')'" || key === "']'" || key === "'>'") && [",", ";", ")", ""].includes(t.text)) {
      // ANTLR's single-token insertion: the closing token is missing before what may follow it.
      this.fail(`missing ${key} at ${displayToken(t)}`);
    }
    this.failExpecting();
  }

  /** Forget the kinds tried so far: a grammar rule returned, so they no longer count as expected here. */
  endRule(): void {
    this.tried = [];
  }

  isIdentifier(ahead = 0): boolean {
    const t = this.peek(ahead);
    switch (t.type) {
      case 'IDENTIFIER':
      case 'QUOTED_IDENTIFIER':
      case 'BACKQUOTED_IDENTIFIER':
      case 'DIGIT_IDENTIFIER':
      case 'VARIABLE':
        return true;
      case 'KEYWORD':
        return NON_RESERVED.has(t.text.toUpperCase());
      default:
        return false;
    }
  }

  checkIdentifier(): boolean {
    this.tried.push(...IDENTIFIER_KEYS);
    return this.isIdentifier();
  }

  /** ksqlDB's ParserUtil.getIdentifierText: quotes removed (doubled quotes unescaped), unquoted upper-cased. */
  identifier(keepCase = false): Identifier {
    if (!this.checkIdentifier()) {
      const t = this.peek();
      if (isReserved(t)) this.fail(reservedKeyword(t));
      this.failExpecting();
    }
    const token = this.next();
    switch (token.type) {
      case 'QUOTED_IDENTIFIER':
        return { name: unquote(token.text, '"'), quoted: true, token };
      case 'BACKQUOTED_IDENTIFIER':
        return { name: unquote(token.text, '`'), quoted: true, token };
      case 'VARIABLE':
        throw this.unsupported('variable substitution (${...})', token);
      default:
        return { name: keepCase ? token.text : token.text.toUpperCase(), quoted: false, token };
    }
  }

  /** Guards recursion through nested expressions and types. */
  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('Syntax Error\nnesting too deep');
  }

  leave(): void {
    this.depth--;
  }

  failExpecting(): never {
    this.fail(`Expecting ${formatExpected(this.tried)}`);
  }

  /** A syntax error at the current token. */
  fail(detail: string, at: Token = this.peek()): never {
    const reason = detail.startsWith('Syntax Error') ? detail : `Syntax Error\n${detail}`;
    throw new SqlParseError(at.line, at.column, reason, this.statementText(at));
  }

  /**
   * An error found while building the tree (a bad literal, an illegal name, a bad property). ksqlDB reports
   * these from DefaultKsqlParser#prepare, prefixed "Failed to prepare statement: ", and one column further right
   * than syntax errors (its NodeLocation is 1-based and ParsingException adds one again).
   */
  invalid(reason: string, at: Token | Pos, options: { prepare?: boolean; shift?: number } = {}): never {
    const { prepare = true, shift = 1 } = options;
    const error = new SqlParseError(at.line, at.column + shift, reason, this.statementText(this.peek()));
    if (prepare) error.message = `Failed to prepare statement: ${error.message}`;
    throw error;
  }

  unsupported(feature: string, at: Token): SqlUnsupportedError {
    return new SqlUnsupportedError(feature, pos(at));
  }

  /** The statement around a token: from its start through its ';' (or the end of the text). */
  private statementText(at: Token): string {
    let k = Math.max(this.tokens.indexOf(at), this.index);
    while (k < this.tokens.length - 1 && this.tokens[k]?.key !== "';'") k++;
    const end = this.tokens[k]?.end ?? this.source.length;
    return this.source.slice(this.statementStart, end).trim();
  }
}

export function pos(t: Token): Pos {
  return { line: t.line, column: t.column };
}

export function unquote(text: string, quote: string): string {
  return text.slice(1, -1).split(quote + quote).join(quote);
}

function isReserved(t: Token): boolean {
  return t.type === 'KEYWORD' && !NON_RESERVED.has(t.text.toUpperCase());
}

/** ksqlDB's DefaultKsqlParser message for a reserved word where a name was expected. */
function reservedKeyword(t: Token): string {
  return (
    `"${t.text}" is a reserved keyword and it can't be used as an identifier. ` +
    `You can use it as an identifier by escaping it as '${t.text}' `
  );
}
