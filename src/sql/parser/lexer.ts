import { KEYWORDS, SYMBOLS, keywordKey, type Token, type TokenType } from './token.js';

/**
 * Splits SQL text into tokens, after the lexer rules of ksqlDB's SqlBase.g4: longest match wins, the earlier
 * rule breaks ties (so `1E5` is a FLOATING_POINT_VALUE, `1E5X` a DIGIT_IDENTIFIER), keywords and identifiers
 * match case-insensitively. Whitespace and comments are dropped. Never throws: what no rule matches becomes an
 * UNRECOGNIZED token (as in the grammar's catch-all rule), which the parser reports with its position.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (type: TokenType, start: number, end: number, key: string): void => {
    tokens.push({ type, text: text.slice(start, end), key, line, column: start - lineStart + 1, start, end });
  };
  /** Advances over text[from, to), counting lines ('\n' only, as ANTLR does). */
  const skip = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < text.length) {
    const c = text[i] ?? '';
    const start = i;

    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      let j = i + 1;
      while (j < text.length && ' \t\r\n'.includes(text[j] ?? 'x')) j++;
      skip(i, j);
      i = j;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      let j = i + 2;
      while (j < text.length && text[j] !== '\n') j++;
      skip(i, j);
      i = j;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close >= 0) {
        skip(i, close + 2);
        i = close + 2;
        continue;
      }
      // An unterminated comment is no comment: '/' and '*' lex as operators.
    }
    if (c === "'" || c === '"' || c === '`') {
      const end = quotedEnd(text, i, c);
      if (end < 0) {
        push('UNRECOGNIZED', i, i + 1, 'UNRECOGNIZED');
        i++;
        continue;
      }
      const type: TokenType = c === "'" ? 'STRING' : c === '"' ? 'QUOTED_IDENTIFIER' : 'BACKQUOTED_IDENTIFIER';
      push(type, i, end, type);
      skip(i, end);
      i = end;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      const [type, end] = number(text, i);
      push(type, i, end, type);
      i = end;
      continue;
    }
    if (isLetter(c) || c === '_') {
      let j = i + 1;
      while (j < text.length && isIdentifierPart(text[j])) j++;
      const upper = text.slice(i, j).toUpperCase();
      if (KEYWORDS.has(upper)) push('KEYWORD', i, j, keywordKey(upper));
      else push('IDENTIFIER', i, j, 'IDENTIFIER');
      i = j;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      let j = i + 2;
      if (isLetter(text[j]) || text[j] === '_') {
        while (j < text.length && isIdentifierPart(text[j])) j++;
        if (text[j] === '}') {
          push('VARIABLE', i, j + 1, 'VARIABLE');
          i = j + 1;
          continue;
        }
      }
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol !== undefined) {
      push('SYMBOL', i, i + symbol.length, `'${symbol}'`);
      i += symbol.length;
      continue;
    }
    push('UNRECOGNIZED', start, start + 1, 'UNRECOGNIZED');
    i++;
  }
  tokens.push({ type: 'EOF', text: '', key: 'EOF', line, column: text.length - lineStart + 1, start: i, end: i });
  return tokens;
}

/** End offset (exclusive) of a quoted token opened at `start`, where a doubled quote escapes it; -1 if unterminated. */
function quotedEnd(text: string, start: number, quote: string): number {
  let j = start + 1;
  for (;;) {
    const k = text.indexOf(quote, j);
    if (k < 0) return -1;
    if (text[k + 1] === quote) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

/** INTEGER_VALUE, DECIMAL_VALUE, FLOATING_POINT_VALUE or DIGIT_IDENTIFIER, by longest match. */
function number(text: string, start: number): [TokenType, number] {
  let j = start;
  while (isDigit(text[j])) j++;
  const intEnd = j;
  let type: TokenType = 'INTEGER_VALUE';
  let end = intEnd;
  if (text[j] === '.') {
    j++;
    while (isDigit(text[j])) j++;
    type = 'DECIMAL_VALUE';
    end = j;
  }
  const exponentEnd = exponent(text, end);
  if (exponentEnd > end) {
    type = 'FLOATING_POINT_VALUE';
    end = exponentEnd;
  }
  // DIGIT_IDENTIFIER: DIGIT (LETTER | DIGIT | '_' | '@')+, declared after the number rules (loses ties).
  if (intEnd > start) {
    let k = start + 1;
    while (k < text.length && isIdentifierPart(text[k])) k++;
    if (k - start >= 2 && k > end) return ['DIGIT_IDENTIFIER', k];
  }
  return [type, end];
}

function exponent(text: string, at: number): number {
  if (text[at] !== 'E' && text[at] !== 'e') return at;
  let j = at + 1;
  if (text[j] === '+' || text[j] === '-') j++;
  if (!isDigit(text[j])) return at;
  while (isDigit(text[j])) j++;
  return j;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
}

function isIdentifierPart(c: string | undefined): boolean {
  return isLetter(c) || isDigit(c) || c === '_' || c === '@';
}
