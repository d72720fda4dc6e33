import { T, type SqlType } from '../types.js';
import type { TokenCursor } from './parser.js';
import { keywordKey } from './token.js';

const BASE_TYPES: Readonly<Record<string, SqlType>> = {
  BOOLEAN: T.BOOLEAN,
  INT: T.INTEGER,
  INTEGER: T.INTEGER,
  BIGINT: T.BIGINT,
  DOUBLE: T.DOUBLE,
  STRING: T.STRING,
  VARCHAR: T.STRING,
  BYTES: T.BYTES,
  DATE: T.DATE,
  TIME: T.TIME,
  TIMESTAMP: T.TIMESTAMP,
};

/**
 * SqlBase.g4's `type`: ARRAY<T>, MAP<K, V>, STRUCT<name T, ...>, DECIMAL(p, s), a base type name with optional
 * parameters (`VARCHAR(10)`, ignored as ksqlDB does), the postfix `T ARRAY`, or a custom type's name.
 */
export function parseType(p: TokenCursor): SqlType {
  p.enter();
  let type = parseTypeOnce(p);
  while (p.accept(keywordKey('ARRAY'))) type = T.array(type);
  p.leave();
  p.endRule();
  return type;
}

function parseTypeOnce(p: TokenCursor): SqlType {
  if (p.is(keywordKey('ARRAY')) && p.is("'<'", 1)) {
    p.next();
    p.next();
    const element = parseType(p);
    p.expect("'>'");
    return T.array(element);
  }
  if (p.is(keywordKey('MAP')) && p.is("'<'", 1)) {
    p.next();
    p.next();
    const key = parseType(p);
    p.expect("','");
    const value = parseType(p);
    p.expect("'>'");
    return T.map(key, value);
  }
  if (p.is(keywordKey('STRUCT')) && p.is("'<'", 1)) {
    p.next();
    p.next();
    const fields: { name: string; type: SqlType }[] = [];
    if (!p.check("'>'")) {
      do {
        const name = p.identifier().name;
        fields.push({ name, type: parseType(p) });
      } while (p.accept("','"));
    }
    p.expect("'>'");
    return T.struct(fields);
  }
  if (p.check(keywordKey('DECIMAL'))) {
    p.next();
    p.expect("'('");
    const precision = integerParameter(p);
    p.expect("','");
    const scale = integerParameter(p);
    p.expect("')'");
    return T.decimal(precision, scale);
  }
  const name = p.identifier();
  if (p.accept("'('")) {
    do {
      if (!p.check('INTEGER_VALUE') && !p.check(keywordKey('STRING'))) p.failExpecting();
      p.next();
    } while (p.accept("','"));
    p.expect("')'");
  }
  if (!name.quoted) {
    const base = BASE_TYPES[name.name];
    if (base !== undefined) return base;
  }
  return { base: 'CUSTOM', name: name.name };
}

/** DECIMAL's precision and scale: the grammar takes any number; ksqlDB then insists on an integer. */
function integerParameter(p: TokenCursor): number {
  const minus = p.accept("'-'");
  if (!p.check('INTEGER_VALUE') && !p.check('DECIMAL_VALUE') && !p.check('FLOATING_POINT_VALUE')) p.failExpecting();
  const t = p.next();
  if (t.type !== 'INTEGER_VALUE' || minus !== null) p.invalid('Value must be integer for command: DECIMAL', t);
  return Number(t.text);
}
