import type { ComparisonOp, Expr, Literal, TimeUnit } from '../ast.js';
import { Decimal } from '../values.js';
import { pos, unquote, type TokenCursor } from './parser.js';
import { keywordKey as kw, type Token } from './token.js';
import { parseType } from './type-grammar.js';

/**
 * ksqlDB's expression grammar (SqlBase.g4 `expression` down to `primaryExpression`), by precedence:
 * OR < AND < NOT < one predicate (comparison, [NOT] BETWEEN / IN / LIKE, IS [NOT] NULL, IS [NOT] DISTINCT FROM)
 * < `||` < `+ -` < `* / %` < unary sign < postfix `[i]` and `->field` on a primary expression.
 */
export function parseExpression(p: TokenCursor): Expr {
  p.enter();
  const e = orExpression(p);
  p.leave();
  p.endRule();
  return e;
}

/** SqlBase.g4 `valueExpression`: arithmetic without predicates or boolean operators (GROUP BY, VALUES, ...). */
export function parseValueExpression(p: TokenCursor): Expr {
  p.enter();
  const e = concatenation(p);
  p.leave();
  p.endRule();
  return e;
}

/** The windowUnit keywords; MILLISECOND(S) and the plurals are reserved, DAY..SECOND are not. */
export const TIME_UNITS: Readonly<Record<string, { unit: TimeUnit; ms: number }>> = {
  MILLISECOND: { unit: 'MILLISECONDS', ms: 1 },
  MILLISECONDS: { unit: 'MILLISECONDS', ms: 1 },
  SECOND: { unit: 'SECONDS', ms: 1000 },
  SECONDS: { unit: 'SECONDS', ms: 1000 },
  MINUTE: { unit: 'MINUTES', ms: 60_000 },
  MINUTES: { unit: 'MINUTES', ms: 60_000 },
  HOUR: { unit: 'HOURS', ms: 3_600_000 },
  HOURS: { unit: 'HOURS', ms: 3_600_000 },
  DAY: { unit: 'DAYS', ms: 86_400_000 },
  DAYS: { unit: 'DAYS', ms: 86_400_000 },
};

const RESERVED_UNITS = ['MILLISECOND', 'MILLISECONDS', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS'];

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  "'='": '=',
  "'<>'": '<>',
  "'!='": '<>',
  "'<'": '<',
  "'<='": '<=',
  "'>'": '>',
  "'>='": '>=',
};

function orExpression(p: TokenCursor): Expr {
  let left = andExpression(p);
  while (p.accept(kw('OR'))) {
    const right = andExpression(p);
    left = { kind: 'logical', op: 'OR', left, right, pos: left.pos };
  }
  return left;
}

function andExpression(p: TokenCursor): Expr {
  let left = notExpression(p);
  while (p.accept(kw('AND'))) {
    const right = notExpression(p);
    left = { kind: 'logical', op: 'AND', left, right, pos: left.pos };
  }
  return left;
}

function notExpression(p: TokenCursor): Expr {
  const not = p.accept(kw('NOT'));
  if (not === null) return predicated(p);
  p.enter();
  const operand = notExpression(p);
  p.leave();
  return { kind: 'not', operand, pos: pos(not) };
}

/** A value expression and at most one predicate on it. */
function predicated(p: TokenCursor): Expr {
  const operand = concatenation(p);
  const at = operand.pos;
  for (const key of Object.keys(COMPARISONS)) {
    if (p.check(key)) {
      const op = COMPARISONS[key] ?? '=';
      p.next();
      return { kind: 'comparison', op, left: operand, right: concatenation(p), pos: at };
    }
  }
  if (p.check(kw('IS'))) {
    p.next();
    const negated = p.accept(kw('NOT')) !== null;
    if (p.accept(kw('NULL'))) return { kind: 'isNull', operand, negated, pos: at };
    p.expect(kw('DISTINCT'));
    p.expect(kw('FROM'));
    const right = concatenation(p);
    return { kind: 'comparison', op: negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', left: operand, right, pos: at };
  }
  const negatedPredicate =
    p.is(kw('NOT')) && (p.is(kw('BETWEEN'), 1) || p.is(kw('IN'), 1) || p.is(kw('LIKE'), 1));
  if (negatedPredicate) p.next();
  const negated = negatedPredicate;
  if (p.check(kw('BETWEEN'))) {
    p.next();
    const low = concatenation(p);
    p.expect(kw('AND'));
    const high = concatenation(p);
    return { kind: 'between', operand, low, high, negated, pos: at };
  }
  if (p.check(kw('IN'))) {
    p.next();
    p.expect("'('");
    const list: Expr[] = [];
    do list.push(parseExpression(p));
    while (p.accept("','"));
    p.expect("')'");
    return { kind: 'in', operand, list, negated, pos: at };
  }
  if (p.check(kw('LIKE'))) {
    p.next();
    const pattern = concatenation(p);
    let escape: string | null = null;
    if (p.accept(kw('ESCAPE'))) {
      const t = p.expect('STRING');
      escape = unquote(t.text, "'");
      // AstBuilder#visitLike: "Expected single character escape but got: ..."
      if (escape.length !== 1) p.invalid(`Expected single character escape but got: ${escape}`, t);
    }
    return { kind: 'like', operand, pattern, escape, negated, pos: at };
  }
  if (negated) p.failExpecting();
  return operand;
}

/** `a || b` is ksqlDB's CONCAT(a, b) (AstBuilder#visitConcatenation). */
function concatenation(p: TokenCursor): Expr {
  let left = additive(p);
  while (p.check("'||'")) {
    const op = p.next();
    const right = additive(p);
    left = { kind: 'call', name: 'CONCAT', args: [left, right], star: false, pos: pos(op) };
  }
  return left;
}

function additive(p: TokenCursor): Expr {
  let left = multiplicative(p);
  for (;;) {
    const op = p.accept("'+'") ?? p.accept("'-'");
    if (op === null) return left;
    const right = multiplicative(p);
    left = { kind: 'binary', op: op.text as '+' | '-', left, right, pos: left.pos };
  }
}

function multiplicative(p: TokenCursor): Expr {
  let left = unary(p);
  for (;;) {
    const op = p.accept("'*'") ?? p.accept("'/'") ?? p.accept("'%'");
    if (op === null) return left;
    const right = unary(p);
    left = { kind: 'binary', op: op.text as '*' | '/' | '%', left, right, pos: left.pos };
  }
}

function isNumberToken(t: Token): boolean {
  return t.type === 'INTEGER_VALUE' || t.type === 'DECIMAL_VALUE' || t.type === 'FLOATING_POINT_VALUE';
}

function unary(p: TokenCursor): Expr {
  // `-5` is a negative literal (the grammar's `number: MINUS? INTEGER_VALUE` wins over the unary minus).
  if (p.check("'-'") && isNumberToken(p.peek(1))) return postfix(p, numberLiteral(p));
  const sign = p.accept("'-'") ?? p.accept("'+'");
  if (sign === null) return timeZone(p);
  p.enter();
  const operand = unary(p);
  p.leave();
  return { kind: 'unary', op: sign.text as '-' | '+', operand, pos: pos(sign) };
}

function timeZone(p: TokenCursor): Expr {
  const e = postfix(p, primary(p));
  if (p.check(kw('AT'))) throw p.unsupported('AT TIME ZONE', p.peek());
  return e;
}

/** `[index]` subscripts and `->field` dereferences; `->*` is left for the select list. */
function postfix(p: TokenCursor, base: Expr): Expr {
  let e = base;
  for (;;) {
    if (p.check("'['")) {
      p.next();
      const index = parseValueExpression(p);
      p.expect("']'");
      e = { kind: 'subscript', base: e, index, pos: e.pos };
    } else if (p.check("'->'") && !p.is("'*'", 1)) {
      p.next();
      e = { kind: 'deref', base: e, field: p.identifier().name, pos: e.pos };
    } else {
      return e;
    }
  }
}

/** A numeric literal with its optional minus: INTEGER when it fits 32 bits, BIGINT, DECIMAL or DOUBLE. */
function numberLiteral(p: TokenCursor): Literal {
  const minus = p.accept("'-'");
  const t = p.next();
  const at = minus ?? t;
  const text = (minus === null ? '' : '-') + t.text;
  if (t.type === 'INTEGER_VALUE') {
    const value = BigInt(text);
    // ParserUtil#visitIntegerLiteral: Long.parseLong, INTEGER when it fits an int.
    if (value > 9223372036854775807n || value < -9223372036854775808n) p.invalid(`Invalid numeric literal: ${text}`, at);
    if (value >= -2147483648n && value <= 2147483647n) return lit('INTEGER', Number(value), text, at);
    return lit('BIGINT', value, text, at);
  }
  if (t.type === 'DECIMAL_VALUE') return lit('DECIMAL', Decimal.parse(text), text, at);
  const value = Number(text);
  if (!Number.isFinite(value)) p.invalid(`Number overflows DOUBLE: ${text}`, at);
  return lit('DOUBLE', value, text, at);
}

function lit(type: Literal['type'], value: unknown, text: string, at: Token): Literal {
  return { kind: 'literal', type, value, text, pos: pos(at) };
}

/** SqlBase.g4 `literal`, for WITH properties: NULL, a signed number, a boolean or a string. */
export function parseLiteral(p: TokenCursor): Literal {
  if (p.check("'-'") || isNumberToken(p.peek())) {
    if (p.is("'-'") && !isNumberToken(p.peek(1))) {
      p.next();
      p.check('INTEGER_VALUE');
      p.check('DECIMAL_VALUE');
      p.check('FLOATING_POINT_VALUE');
      p.failExpecting();
    }
    return numberLiteral(p);
  }
  for (const key of ['NULL', 'TRUE', 'FALSE']) p.check(kw(key));
  p.check('INTEGER_VALUE');
  p.check('DECIMAL_VALUE');
  p.check('FLOATING_POINT_VALUE');
  p.check('STRING');
  const t = p.peek();
  if (t.type === 'VARIABLE') throw p.unsupported('variable substitution (${...})', t);
  const literal = simpleLiteral(p);
  if (literal === null) p.failExpecting();
  return literal;
}

function simpleLiteral(p: TokenCursor): Literal | null {
  const t = p.peek();
  switch (t.key) {
    case 'STRING':
      p.next();
      return lit('STRING', unquote(t.text, "'"), t.text, t);
    case kw('NULL'):
      p.next();
      return lit('NULL', null, t.text, t);
    case kw('TRUE'):
    case kw('FALSE'):
      p.next();
      return lit('BOOLEAN', t.key === kw('TRUE'), t.text, t);
    default:
      return null;
  }
}

function primary(p: TokenCursor): Expr {
  for (const key of ["'('", kw('CASE'), kw('CAST'), kw('NULL'), kw('TRUE'), kw('FALSE'), 'STRING']) p.check(key);
  for (const key of ['INTEGER_VALUE', 'DECIMAL_VALUE', 'FLOATING_POINT_VALUE', "'-'", "'+'"]) p.check(key);
  const t = p.peek();
  if (isNumberToken(t)) return numberLiteral(p);
  const literal = simpleLiteral(p);
  if (literal !== null) return literal;
  switch (t.key) {
    case "'('": {
      p.next();
      const e = parseExpression(p);
      p.expect("')'");
      return e;
    }
    case kw('CASE'):
      return caseExpression(p);
    case kw('CAST'): {
      p.next();
      p.expect("'('");
      const operand = parseExpression(p);
      p.expect(kw('AS'));
      const type = parseType(p);
      p.expect("')'");
      return { kind: 'cast', operand, type, pos: pos(t) };
    }
    default:
      break;
  }
  if (t.type === 'VARIABLE') throw p.unsupported('variable substitution (${...})', t);
  if (t.key === kw('ARRAY') && p.is("'['", 1)) return arrayConstructor(p);
  if (t.key === kw('MAP') && p.is("'('", 1)) return mapConstructor(p);
  if (t.key === kw('STRUCT') && p.is("'('", 1) && (p.is("')'", 2) || (p.isIdentifier(2) && p.is("':='", 3)))) {
    return structConstructor(p);
  }
  if (!p.checkIdentifier()) p.failExpecting();
  const id = p.identifier();
  if (p.is('STRING')) {
    // SqlBase.g4 `identifier STRING` (typeConstructor): only DECIMAL '1.0' means anything (AstBuilder).
    const value = p.next();
    if (id.name !== 'DECIMAL') p.invalid(`Unknown type: ${id.name}`, t);
    const text = unquote(value.text, "'");
    try {
      return lit('DECIMAL', Decimal.parse(text), text, t);
    } catch {
      return p.invalid(`Invalid numeric literal: ${text}`, t);
    }
  }
  if (p.is("'('")) return functionCall(p, id.name, t);
  if (p.is("'.'") && p.isIdentifier(1)) {
    p.next();
    const name = p.identifier().name;
    return { kind: 'column', source: id.name, name, pos: pos(t) };
  }
  return { kind: 'column', source: null, name: id.name, pos: pos(t) };
}

function caseExpression(p: TokenCursor): Expr {
  const start = p.next();
  const operand = p.check(kw('WHEN')) ? null : parseValueExpression(p);
  const whens: { when: Expr; then: Expr }[] = [];
  do {
    p.expect(kw('WHEN'));
    const when = parseExpression(p);
    p.expect(kw('THEN'));
    whens.push({ when, then: parseExpression(p) });
  } while (p.check(kw('WHEN')));
  const otherwise = p.accept(kw('ELSE')) ? parseExpression(p) : null;
  p.expect(kw('END'));
  return { kind: 'case', operand, whens, otherwise, pos: pos(start) };
}

function arrayConstructor(p: TokenCursor): Expr {
  const start = p.next();
  p.next();
  const elements: Expr[] = [];
  if (!p.check("']'")) {
    do elements.push(parseExpression(p));
    while (p.accept("','"));
  }
  p.expect("']'");
  return { kind: 'array', elements, pos: pos(start) };
}

/** MAP(k := v, ...); without `:=` after the first entry it is a call of a function named MAP. */
function mapConstructor(p: TokenCursor): Expr {
  const start = p.next();
  p.next();
  const entries: { key: Expr; value: Expr }[] = [];
  if (!p.check("')'")) {
    const first = parseExpression(p);
    if (!p.check("':='")) return functionArguments(p, 'MAP', start, [first]);
    p.next();
    entries.push({ key: first, value: parseExpression(p) });
    while (p.accept("','")) {
      const key = parseExpression(p);
      p.expect("':='");
      entries.push({ key, value: parseExpression(p) });
    }
  }
  p.expect("')'");
  return { kind: 'map', entries, pos: pos(start) };
}

function structConstructor(p: TokenCursor): Expr {
  const start = p.next();
  p.next();
  const fields: { name: string; value: Expr }[] = [];
  if (!p.check("')'")) {
    do {
      const name = p.identifier().name;
      p.expect("':='");
      fields.push({ name, value: parseExpression(p) });
    } while (p.accept("','"));
  }
  p.expect("')'");
  return { kind: 'struct', fields, pos: pos(start) };
}

/** name(*), name(), name(args...) with lambdas allowed after the first argument. */
function functionCall(p: TokenCursor, name: string, start: Token): Expr {
  p.next();
  if (p.check("'*'")) {
    p.next();
    p.expect("')'");
    return { kind: 'call', name, args: [], star: true, pos: pos(start) };
  }
  if (p.check("')'")) {
    p.next();
    return { kind: 'call', name, args: [], star: false, pos: pos(start) };
  }
  return functionArguments(p, name, start, [functionArgument(p)]);
}

/** The rest of an argument list, after its first argument, through the closing parenthesis. */
function functionArguments(p: TokenCursor, name: string, start: Token, args: Expr[]): Expr {
  let lambdas = false;
  while (p.accept("','")) {
    if (lambdaAhead(p)) {
      lambdas = true;
      args.push(lambda(p));
    } else if (lambdas) {
      p.failExpecting();
    } else {
      args.push(functionArgument(p));
    }
  }
  p.expect("')'");
  return { kind: 'call', name, args, star: false, pos: pos(start) };
}

/**
 * SqlBase.g4 `functionArgument: expression | windowUnit`. A reserved unit (SECONDS, MILLISECOND...) can only be
 * a unit; DAY, HOUR, MINUTE and SECOND are also identifiers, and ANTLR resolves that ambiguity to the expression.
 */
function functionArgument(p: TokenCursor): Expr {
  const t = p.peek();
  const upper = t.text.toUpperCase();
  if (t.type === 'KEYWORD' && RESERVED_UNITS.includes(upper)) {
    p.next();
    const unit = TIME_UNITS[upper]?.unit ?? 'MILLISECONDS';
    return { kind: 'timeUnit', unit, pos: pos(t) };
  }
  return parseExpression(p);
}

function lambdaAhead(p: TokenCursor): boolean {
  if (p.isIdentifier() && p.is("'=>'", 1)) return true;
  if (!p.is("'('")) return false;
  let k = 1;
  for (;;) {
    if (!p.isIdentifier(k)) return false;
    k++;
    if (!p.is("','", k)) break;
    k++;
  }
  return p.is("')'", k) && p.is("'=>'", k + 1);
}

function lambda(p: TokenCursor): Expr {
  const start = p.peek();
  const params: string[] = [];
  if (p.accept("'('")) {
    do params.push(p.identifier().name);
    while (p.accept("','"));
    p.expect("')'");
  } else {
    params.push(p.identifier().name);
  }
  p.expect("'=>'");
  const body = parseExpression(p);
  return { kind: 'lambda', params, body, pos: pos(start) };
}
