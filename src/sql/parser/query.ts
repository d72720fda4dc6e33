import type { Expr, JoinRelation, Query, Relation, SelectItem, SourceRelation, WindowExpr } from '../ast.js';
import { TIME_UNITS, parseExpression, parseValueExpression } from './expressions.js';
import { pos, type TokenCursor } from './parser.js';
import { keywordKey as kw, type Token } from './token.js';

/**
 * SqlBase.g4 `query`: SELECT items FROM relation [WINDOW w] [WHERE e] [GROUP BY g] [PARTITION BY p] [HAVING e]
 * [EMIT CHANGES|FINAL] [LIMIT n].
 */
export function parseQuery(p: TokenCursor): Query {
  const start = p.expect(kw('SELECT'));
  const select: SelectItem[] = [];
  do select.push(selectItem(p));
  while (p.accept("','"));
  p.expect(kw('FROM'));
  const from = relation(p);
  const window = p.accept(kw('WINDOW')) ? windowExpression(p) : null;
  const where = p.accept(kw('WHERE')) ? parseExpression(p) : null;
  let groupBy: Expr[] | null = null;
  if (p.accept(kw('GROUP'))) {
    p.expect(kw('BY'));
    groupBy = expressionList(p);
  }
  let partitionBy: Expr[] | null = null;
  if (p.accept(kw('PARTITION'))) {
    p.expect(kw('BY'));
    partitionBy = expressionList(p);
  }
  const having = p.accept(kw('HAVING')) ? parseExpression(p) : null;
  let emit: Query['emit'] = null;
  if (p.accept(kw('EMIT'))) {
    if (p.accept(kw('CHANGES'))) emit = 'CHANGES';
    else if (p.check(kw('FINAL'))) {
      p.next();
      emit = 'FINAL';
    } else p.failExpecting();
  }
  const limit = p.accept(kw('LIMIT')) ? integer(p, 'LIMIT') : null;
  return { select, from, window, where, groupBy, partitionBy, having, emit, limit, pos: pos(start) };
}

function selectItem(p: TokenCursor): SelectItem {
  const t = p.peek();
  if (p.check("'*'")) {
    p.next();
    p.endRule();
    return { kind: 'star', source: null, pos: pos(t) };
  }
  if (p.isIdentifier() && p.is("'.'", 1) && p.is("'*'", 2)) {
    const source = p.identifier().name;
    p.next();
    p.next();
    p.endRule();
    return { kind: 'star', source, pos: pos(t) };
  }
  const expr = parseExpression(p);
  if (p.is("'->'") && p.is("'*'", 1)) {
    // `struct->*`: every field of a struct (SqlBase.g4 selectStructAll), only on a primary expression.
    const primary = ['column', 'deref', 'subscript', 'call', 'cast', 'case', 'struct', 'map', 'array', 'literal'];
    if (!primary.includes(expr.kind)) p.failExpecting();
    p.next();
    p.next();
    p.endRule();
    return { kind: 'expr', expr: { kind: 'deref', base: expr, field: '*', pos: expr.pos }, alias: null, pos: pos(t) };
  }
  let alias: string | null = null;
  if (p.accept(kw('AS'))) alias = p.identifier().name;
  else if (p.checkIdentifier()) alias = p.identifier().name;
  p.endRule();
  return { kind: 'expr', expr, alias, pos: pos(t) };
}

/** `GROUP BY` / `PARTITION BY`: `a, b` or `(a, b)`; a parenthesised single expression is just that expression. */
function expressionList(p: TokenCursor): Expr[] {
  if (p.is("'('") && parenthesisedList(p)) {
    p.next();
    const list: Expr[] = [];
    if (!p.check("')'")) {
      do list.push(parseValueExpression(p));
      while (p.accept("','"));
    }
    p.expect("')'");
    return list;
  }
  const list: Expr[] = [];
  do list.push(parseValueExpression(p));
  while (p.accept("','"));
  return list;
}

/**
 * Does the '(' here open a list (empty, or with a comma at its top level) rather than one parenthesised
 * expression? ANTLR's prediction takes the expression when both parse.
 */
function parenthesisedList(p: TokenCursor): boolean {
  let depth = 0;
  for (let k = 0; ; k++) {
    const t = p.peek(k);
    if (t.type === 'EOF' || t.key === "';'") return false;
    if (t.key === "'('" || t.key === "'['") depth++;
    else if (t.key === "')'" || t.key === "']'") {
      depth--;
      if (depth === 0) return k === 1;
    } else if (t.key === "','" && depth === 1) return true;
  }
}

function relation(p: TokenCursor): Relation {
  let left: Relation = aliasedRelation(p);
  for (;;) {
    const start = p.peek();
    let type: JoinRelation['type'];
    if (p.accept(kw('JOIN'))) type = 'INNER';
    else if (p.accept(kw('INNER'))) type = 'INNER';
    else if (p.accept(kw('LEFT'))) type = 'LEFT';
    else if (p.accept(kw('RIGHT'))) type = 'RIGHT';
    else if (p.accept(kw('FULL'))) type = 'FULL';
    else return left;
    if (start.key !== kw('JOIN')) {
      if (type !== 'INNER') p.accept(kw('OUTER'));
      p.expect(kw('JOIN'));
    }
    const right = aliasedRelation(p);
    let within: JoinRelation['within'] = null;
    if (p.accept(kw('WITHIN'))) {
      let beforeMs: number;
      let afterMs: number;
      if (p.accept("'('")) {
        beforeMs = duration(p);
        p.expect("','");
        afterMs = duration(p);
        p.expect("')'");
      } else {
        beforeMs = duration(p);
        afterMs = beforeMs;
      }
      const graceMs = p.check(kw('GRACE')) ? gracePeriod(p) : null;
      within = { beforeMs, afterMs, graceMs };
    }
    p.expect(kw('ON'));
    const on = parseExpression(p);
    left = { kind: 'join', type, left, right, on, within, pos: pos(start) };
  }
}

function aliasedRelation(p: TokenCursor): SourceRelation {
  const start = p.peek();
  const name = sourceName(p);
  let alias: string | null = null;
  if (p.accept(kw('AS'))) alias = sourceName(p);
  else if (p.checkIdentifier() && !clauseAhead(p)) alias = sourceName(p);
  p.endRule();
  return { kind: 'source', name, alias, pos: pos(start) };
}

/** Non-reserved words that start the next clause rather than name an alias: `PARTITION BY`, `EMIT CHANGES`. */
function clauseAhead(p: TokenCursor): boolean {
  return (
    (p.is(kw('PARTITION')) && p.is(kw('BY'), 1)) ||
    (p.is(kw('EMIT')) && (p.is(kw('CHANGES'), 1) || p.is(kw('FINAL'), 1)))
  );
}

/**
 * SqlBase.g4 `sourceName`, checked as ParserUtil#getSourceName does: source names must be valid Kafka Streams
 * store names.
 */
export function sourceName(p: TokenCursor): string {
  const id = p.identifier();
  if (!/^[a-zA-Z0-9_-]*$/.test(id.name)) {
    p.invalid(
      `Illegal argument at Line: ${id.token.line}, Col: ${id.token.column}. Source names may only contain ` +
        `alphanumeric values, '_' or '-'. Got: '${id.name}'`,
      id.token,
      { prepare: false },
    );
  }
  return id.name;
}

function windowExpression(p: TokenCursor): WindowExpr {
  // An optional window name (a plain IDENTIFIER) may precede the window type.
  if (p.peek().type === 'IDENTIFIER') p.next();
  const start = p.peek();
  let type: WindowExpr['type'];
  let sizeMs: number | null = null;
  let advanceMs: number | null = null;
  let gapMs: number | null = null;
  if (p.accept(kw('TUMBLING'))) {
    type = 'TUMBLING';
    p.expect("'('");
    p.expect(kw('SIZE'));
    sizeMs = duration(p);
  } else if (p.accept(kw('HOPPING'))) {
    type = 'HOPPING';
    p.expect("'('");
    p.expect(kw('SIZE'));
    sizeMs = duration(p);
    p.expect("','");
    p.expect(kw('ADVANCE'));
    p.expect(kw('BY'));
    advanceMs = duration(p);
  } else if (p.check(kw('SESSION'))) {
    p.next();
    type = 'SESSION';
    p.expect("'('");
    gapMs = duration(p);
  } else {
    p.failExpecting();
  }
  let retentionMs: number | null = null;
  let graceMs: number | null = null;
  if (p.accept("','")) {
    if (p.accept(kw('RETENTION'))) {
      retentionMs = duration(p);
      if (p.accept("','")) graceMs = gracePeriod(p);
    } else {
      graceMs = gracePeriod(p);
    }
  }
  p.expect("')'");
  return { type, sizeMs, advanceMs, gapMs, graceMs, retentionMs, pos: pos(start) };
}

function gracePeriod(p: TokenCursor): number {
  p.expect(kw('GRACE'));
  p.expect(kw('PERIOD'));
  return duration(p);
}

/** `number windowUnit`, in milliseconds. */
function duration(p: TokenCursor): number {
  const n = integer(p, 'window');
  const units = Object.keys(TIME_UNITS);
  for (const unit of units) p.check(kw(unit));
  const t = p.peek();
  const unit = t.type === 'KEYWORD' ? TIME_UNITS[t.text.toUpperCase()] : undefined;
  if (unit === undefined) p.failExpecting();
  p.next();
  return n * unit.ms;
}

/** SqlBase.g4 `number` where ksqlDB then requires an integer (LIMIT, window sizes, PRINT's INTERVAL). */
export function integer(p: TokenCursor, what: string): number {
  const minus = p.accept("'-'");
  if (!p.check('INTEGER_VALUE') && !p.check('DECIMAL_VALUE') && !p.check('FLOATING_POINT_VALUE')) p.failExpecting();
  const t: Token = p.next();
  if (t.type !== 'INTEGER_VALUE') p.invalid(`Value must be integer for command: ${what}`, minus ?? t);
  const value = Number((minus === null ? '' : '-') + t.text);
  if (!Number.isSafeInteger(value)) p.invalid(`Invalid numeric literal: ${t.text}`, minus ?? t);
  return value;
}
