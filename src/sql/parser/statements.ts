import type { ColumnDef, Literal, Properties, Show, Statement } from '../ast.js';
import { parseLiteral, parseValueExpression } from './expressions.js';
import { pos, unquote, type TokenCursor } from './parser.js';
import { integer, parseQuery, sourceName } from './query.js';
import { checkSourceProperties } from './source-properties.js';
import { keywordKey as kw, type Token } from './token.js';
import { parseType } from './type-grammar.js';

type WithoutText<S> = S extends Statement ? Omit<S, 'text'> : never;
/** A statement before its source text is attached. */
export type StatementBody = WithoutText<Statement>;

/** SqlBase.g4 `statement`, for the statements streamsim's AST has; the others are named as unsupported. */
export function parseStatement(p: TokenCursor): StatementBody {
  const start = p.peek();
  const at = pos(start);
  for (const word of ['SELECT', 'CREATE', 'INSERT', 'DROP', 'SET', 'UNSET', 'SHOW', 'LIST', 'DESCRIBE', 'PRINT']) {
    p.check(kw(word));
  }
  p.check(kw('TERMINATE'));
  switch (start.key) {
    case kw('SELECT'):
      return { kind: 'select', query: parseQuery(p), pos: at };
    case kw('CREATE'):
      return create(p);
    case kw('INSERT'):
      return insert(p);
    case kw('DROP'):
      return drop(p);
    case kw('SET'): {
      p.next();
      const property = propertyName(p);
      p.expect("'='");
      const value = propertyName(p);
      return { kind: 'set', property, value, pos: at };
    }
    case kw('UNSET'):
      p.next();
      return { kind: 'unset', property: propertyName(p), pos: at };
    case kw('SHOW'):
    case kw('LIST'):
      return show(p);
    case kw('DESCRIBE'):
      return describe(p);
    case kw('PRINT'):
      return print(p);
    case kw('TERMINATE'): {
      p.next();
      if (p.accept(kw('ALL'))) return { kind: 'terminate', queryId: null, pos: at };
      return { kind: 'terminate', queryId: p.identifier().name, pos: at };
    }
    case kw('ALTER'):
    case kw('EXPLAIN'):
    case kw('ASSERT'):
    case kw('DEFINE'):
    case kw('UNDEFINE'):
      throw p.unsupported(`${start.text.toUpperCase()} statements`, start);
    default:
      return p.failExpecting();
  }
}

/** SET / UNSET take quoted property names and values: `SET 'auto.offset.reset' = 'earliest'`. */
function propertyName(p: TokenCursor): string {
  if (p.peek().type === 'VARIABLE') throw p.unsupported('variable substitution (${...})', p.peek());
  return unquote(p.expect('STRING').text, "'");
}

function create(p: TokenCursor): StatementBody {
  const start = p.next();
  const at = pos(start);
  let orReplace = false;
  if (p.accept(kw('OR'))) {
    p.expect(kw('REPLACE'));
    orReplace = true;
  }
  if (!orReplace && p.check(kw('TYPE'))) {
    p.next();
    ifNotExists(p);
    const name = p.identifier().name;
    p.expect(kw('AS'));
    return { kind: 'createType', name, type: parseType(p), pos: at };
  }
  if (!orReplace && (p.is(kw('SOURCE')) || p.is(kw('SINK'))) && p.is(kw('CONNECTOR'), 1)) {
    throw p.unsupported('connectors', start);
  }
  const isSource = p.accept(kw('SOURCE')) !== null;
  let sourceType: 'STREAM' | 'TABLE';
  if (p.accept(kw('STREAM'))) sourceType = 'STREAM';
  else if (p.accept(kw('TABLE'))) sourceType = 'TABLE';
  else p.failExpecting();
  const notExists = ifNotExists(p);
  const name = sourceName(p);
  let columns: ColumnDef[] | null = null;
  if (p.check("'('")) columns = tableElements(p);
  const properties = p.accept(kw('WITH')) ? tableProperties(p) : {};
  if (columns === null && !isSource && p.check(kw('AS'))) {
    p.next();
    const query = parseQuery(p);
    return { kind: 'createAsSelect', sourceType, name, orReplace, ifNotExists: notExists, properties, query, pos: at };
  }
  checkSourceProperties(p, properties);
  return {
    kind: 'createSource',
    sourceType,
    name,
    orReplace,
    ifNotExists: notExists,
    isSource,
    columns: columns ?? [],
    properties,
    pos: at,
  };
}

function ifNotExists(p: TokenCursor): boolean {
  if (!p.is(kw('IF')) || !p.is(kw('NOT'), 1)) return false;
  p.next();
  p.next();
  p.expect(kw('EXISTS'));
  return true;
}

function tableElements(p: TokenCursor): ColumnDef[] {
  p.expect("'('");
  const columns: ColumnDef[] = [];
  do columns.push(tableElement(p));
  while (p.accept("','"));
  p.expect("')'");
  return columns;
}

/** `name TYPE [KEY | PRIMARY KEY | HEADERS | HEADER('key')]` */
function tableElement(p: TokenCursor): ColumnDef {
  const start = p.peek();
  const name = p.identifier().name;
  const type = parseType(p);
  let key = false;
  let primaryKey = false;
  let header: ColumnDef['header'] = null;
  if (p.accept(kw('PRIMARY'))) {
    p.expect(kw('KEY'));
    primaryKey = true;
  } else if (p.accept(kw('KEY'))) {
    key = true;
  } else if (p.accept(kw('HEADERS'))) {
    header = { key: null };
  } else if (p.accept(kw('HEADER'))) {
    p.expect("'('");
    header = { key: unquote(p.expect('STRING').text, "'") };
    p.expect("')'");
  }
  p.endRule();
  return { name, type, key, primaryKey, header, pos: pos(start) };
}

/** WITH (k = v, ...): keys upper-cased whether written as names or strings. */
function tableProperties(p: TokenCursor): Properties {
  p.expect("'('");
  const properties: Record<string, Literal> = {};
  do {
    let key: string;
    if (p.check('STRING')) key = unquote(p.next().text, "'");
    else key = p.identifier().name;
    p.expect("'='");
    properties[key.toUpperCase()] = parseLiteral(p);
  } while (p.accept("','"));
  p.expect("')'");
  p.endRule();
  return properties;
}

function insert(p: TokenCursor): StatementBody {
  const at = pos(p.next());
  p.expect(kw('INTO'));
  const target = sourceName(p);
  if (p.check("'('") || p.check(kw('VALUES'))) {
    let columns: string[] | null = null;
    if (p.accept("'('")) {
      columns = [];
      do columns.push(p.identifier().name);
      while (p.accept("','"));
      p.expect("')'");
    }
    p.expect(kw('VALUES'));
    p.expect("'('");
    const values = [];
    if (!p.check("')'")) {
      do values.push(parseValueExpression(p));
      while (p.accept("','"));
    }
    p.expect("')'");
    return { kind: 'insertValues', target, columns, values, pos: at };
  }
  const properties = p.accept(kw('WITH')) ? tableProperties(p) : {};
  return { kind: 'insertInto', target, properties, query: parseQuery(p), pos: at };
}

function drop(p: TokenCursor): StatementBody {
  const start = p.next();
  let sourceType: 'STREAM' | 'TABLE' | 'TYPE';
  if (p.accept(kw('STREAM'))) sourceType = 'STREAM';
  else if (p.accept(kw('TABLE'))) sourceType = 'TABLE';
  else if (p.accept(kw('TYPE'))) sourceType = 'TYPE';
  else if (p.check(kw('CONNECTOR'))) throw p.unsupported('connectors', start);
  else p.failExpecting();
  let ifExists = false;
  if (p.accept(kw('IF'))) {
    p.expect(kw('EXISTS'));
    ifExists = true;
  }
  const name = sourceType === 'TYPE' ? p.identifier().name : sourceName(p);
  let deleteTopic = false;
  if (sourceType !== 'TYPE' && p.accept(kw('DELETE'))) {
    p.expect(kw('TOPIC'));
    deleteTopic = true;
  }
  return { kind: 'drop', sourceType, name, ifExists, deleteTopic, pos: pos(start) };
}

function show(p: TokenCursor): StatementBody {
  const start = p.next();
  const at = pos(start);
  const result = (what: Show['what'], extendable: boolean): StatementBody => {
    const extended = extendable && p.accept(kw('EXTENDED')) !== null;
    return { kind: 'show', what, extended, pos: at };
  };
  if (p.accept(kw('PROPERTIES'))) return result('PROPERTIES', false);
  if (p.accept(kw('ALL'))) {
    p.expect(kw('TOPICS'));
    return result('TOPICS', true);
  }
  if (p.accept(kw('TOPICS'))) return result('TOPICS', true);
  if (p.accept(kw('STREAMS'))) return result('STREAMS', true);
  if (p.accept(kw('TABLES'))) return result('TABLES', true);
  if (p.accept(kw('FUNCTIONS'))) return result('FUNCTIONS', false);
  if (p.accept(kw('QUERIES'))) return result('QUERIES', true);
  if (p.accept(kw('TYPES'))) return result('TYPES', false);
  for (const word of ['SOURCE', 'SINK', 'CONNECTORS', 'CONNECTOR', 'VARIABLES']) {
    if (p.check(kw(word))) throw p.unsupported(`${start.text.toUpperCase()} ${word}`, start);
  }
  return p.failExpecting();
}

function describe(p: TokenCursor): StatementBody {
  const start = p.next();
  const at = pos(start);
  if (p.check(kw('STREAMS')) || p.check(kw('TABLES'))) {
    // DESCRIBE STREAMS is SHOW STREAMS EXTENDED.
    const what = p.next().key === kw('STREAMS') ? 'STREAMS' : 'TABLES';
    p.accept(kw('EXTENDED'));
    return { kind: 'show', what, extended: true, pos: at };
  }
  if (p.is(kw('FUNCTION')) && p.isIdentifier(1)) {
    p.next();
    return { kind: 'describe', name: p.identifier().name, extended: false, function: true, pos: at };
  }
  if (p.is(kw('CONNECTOR')) && p.isIdentifier(1)) throw p.unsupported('connectors', start);
  const name = sourceName(p);
  const extended = p.accept(kw('EXTENDED')) !== null;
  return { kind: 'describe', name, extended, function: false, pos: at };
}

/** PRINT topic [FROM BEGINNING] [INTERVAL|SAMPLE n] [LIMIT n]; a topic name keeps its case (PrintTopic). */
function print(p: TokenCursor): StatementBody {
  const at = pos(p.next());
  let topic: string;
  if (p.check('STRING')) topic = unquote(p.next().text, "'");
  else topic = p.identifier(true).name;
  let fromBeginning = false;
  if (p.accept(kw('FROM'))) {
    p.expect(kw('BEGINNING'));
    fromBeginning = true;
  }
  let intervalRecords: number | null = null;
  const interval: Token | null = p.accept(kw('INTERVAL')) ?? p.accept(kw('SAMPLE'));
  if (interval !== null) intervalRecords = integer(p, 'INTERVAL');
  const limit = p.accept(kw('LIMIT')) ? integer(p, 'LIMIT') : null;
  return { kind: 'print', topic, fromBeginning, intervalRecords, limit, pos: at };
}
