/**
 * The syntax tree of ksqlDB statements. The parser produces it; the analyzer resolves names and types
 * over it; the planner turns it into DSL calls. Every node carries its position for error messages.
 */
import type { SqlType } from './types.js';

/** 1-based line and column of a node's first token, as ksqlDB reports them ("line 1:15"). */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

// ---- expressions ----

export type Expr =
  | Literal
  | ColumnRef
  | Dereference
  | Subscript
  | Unary
  | Binary
  | Comparison
  | Logical
  | Not
  | IsNull
  | Like
  | Between
  | InList
  | Case
  | Cast
  | Call
  | ArrayCtor
  | MapCtor
  | StructCtor
  | Lambda
  | TimeUnitArg;

/**
 * A literal. `value` is the JavaScript value: numbers for INTEGER/DOUBLE, bigint for BIGINT beyond 2^53
 * (and `text` always keeps the source text, so DECIMAL keeps its scale: 1.50 has scale 2).
 */
export interface Literal {
  readonly kind: 'literal';
  readonly type: 'NULL' | 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DECIMAL' | 'DOUBLE' | 'STRING' | 'BYTES' | 'TIMESTAMP' | 'DATE' | 'TIME';
  readonly value: unknown;
  readonly text: string;
  readonly pos: Pos;
}

/** `COL`, `S.COL`, `ROWTIME`, `WINDOWSTART`... Names are upper-cased unless they were quoted. */
export interface ColumnRef {
  readonly kind: 'column';
  readonly source: string | null;
  readonly name: string;
  readonly pos: Pos;
}

/**
 * `struct->field`. As a select item only, `field` is `*` for `struct->*` (every field of the struct as its own
 * column, SqlBase.g4 selectStructAll).
 */
export interface Dereference {
  readonly kind: 'deref';
  readonly base: Expr;
  readonly field: string;
  readonly pos: Pos;
}

/** `array[1]` (1-based, negative from the end) or `map['k']` */
export interface Subscript {
  readonly kind: 'subscript';
  readonly base: Expr;
  readonly index: Expr;
  readonly pos: Pos;
}

export interface Unary {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
  readonly pos: Pos;
}

/** Arithmetic; `+` on strings concatenates (the 2018 KSQL dialect), `||` is not ksqlDB syntax. */
export interface Binary {
  readonly kind: 'binary';
  readonly op: '+' | '-' | '*' | '/' | '%';
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM';

export interface Comparison {
  readonly kind: 'comparison';
  /** `!=` is parsed as `<>`. */
  readonly op: ComparisonOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

export interface Logical {
  readonly kind: 'logical';
  readonly op: 'AND' | 'OR';
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

export interface Not {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly pos: Pos;
}

export interface IsNull {
  readonly kind: 'isNull';
  readonly operand: Expr;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface Like {
  readonly kind: 'like';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape: string | null;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface Between {
  readonly kind: 'between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly pos: Pos;
}

export interface InList {
  readonly kind: 'in';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly pos: Pos;
}

/** Searched CASE (`operand` null) or simple CASE (`CASE x WHEN 1 THEN ...`). */
export interface Case {
  readonly kind: 'case';
  readonly operand: Expr | null;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly otherwise: Expr | null;
  readonly pos: Pos;
}

export interface Cast {
  readonly kind: 'cast';
  readonly operand: Expr;
  readonly type: SqlType;
  readonly pos: Pos;
}

/** A function call; `star` for `COUNT(*)`. `name` is upper-cased. */
export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly star: boolean;
  readonly pos: Pos;
}

export interface ArrayCtor {
  readonly kind: 'array';
  readonly elements: readonly Expr[];
  readonly pos: Pos;
}

export interface MapCtor {
  readonly kind: 'map';
  readonly entries: readonly { readonly key: Expr; readonly value: Expr }[];
  readonly pos: Pos;
}

export interface StructCtor {
  readonly kind: 'struct';
  readonly fields: readonly { readonly name: string; readonly value: Expr }[];
  readonly pos: Pos;
}

/** `(x, y) => x + y` or `x => x * 2` inside TRANSFORM, FILTER, REDUCE. */
export interface Lambda {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  readonly body: Expr;
  readonly pos: Pos;
}

/** A bare time unit argument, as in `TIMESTAMPADD(SECONDS, 5, ts)`. */
export interface TimeUnitArg {
  readonly kind: 'timeUnit';
  readonly unit: TimeUnit;
  readonly pos: Pos;
}

export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

// ---- queries ----

export type SelectItem =
  | { readonly kind: 'star'; readonly source: string | null; readonly pos: Pos }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias: string | null; readonly pos: Pos };

export type Relation = SourceRelation | JoinRelation;

export interface SourceRelation {
  readonly kind: 'source';
  readonly name: string;
  readonly alias: string | null;
  readonly pos: Pos;
}

export interface JoinRelation {
  readonly kind: 'join';
  readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly left: Relation;
  readonly right: SourceRelation;
  readonly on: Expr;
  /** `WITHIN 10 SECONDS` or `WITHIN (1 SECOND, 2 SECONDS)`, with an optional `GRACE PERIOD`. */
  readonly within: { readonly beforeMs: number; readonly afterMs: number; readonly graceMs: number | null } | null;
  readonly pos: Pos;
}

export interface WindowExpr {
  readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  /** TUMBLING and HOPPING */
  readonly sizeMs: number | null;
  /** HOPPING */
  readonly advanceMs: number | null;
  /** SESSION */
  readonly gapMs: number | null;
  readonly graceMs: number | null;
  readonly retentionMs: number | null;
  readonly pos: Pos;
}

export interface Query {
  readonly select: readonly SelectItem[];
  readonly from: Relation;
  readonly window: WindowExpr | null;
  readonly where: Expr | null;
  readonly groupBy: readonly Expr[] | null;
  readonly partitionBy: readonly Expr[] | null;
  readonly having: Expr | null;
  /** null: no EMIT clause (a pull query, or a persistent query's default, CHANGES). */
  readonly emit: 'CHANGES' | 'FINAL' | null;
  readonly limit: number | null;
  readonly pos: Pos;
}

// ---- statements ----

/** WITH (...) properties; keys upper-cased, values are literals (strings, numbers, booleans). */
export type Properties = Readonly<Record<string, Literal>>;

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  /** Declared `KEY` (streams). A key column has `key` or `primaryKey`, never both. */
  readonly key: boolean;
  /** Declared `PRIMARY KEY` (tables). */
  readonly primaryKey: boolean;
  /** `HEADERS` or `HEADER('key')` columns */
  readonly header: { readonly key: string | null } | null;
  readonly pos: Pos;
}

interface StatementBase {
  /** The statement's source text, as written (without the trailing semicolon). */
  readonly text: string;
  readonly pos: Pos;
}

export interface CreateSource extends StatementBase {
  readonly kind: 'createSource';
  readonly sourceType: 'STREAM' | 'TABLE';
  readonly name: string;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** CREATE SOURCE TABLE / SOURCE STREAM: read-only, materialized */
  readonly isSource: boolean;
  readonly columns: readonly ColumnDef[];
  readonly properties: Properties;
}

export interface CreateAsSelect extends StatementBase {
  readonly kind: 'createAsSelect';
  readonly sourceType: 'STREAM' | 'TABLE';
  readonly name: string;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly properties: Properties;
  readonly query: Query;
}

export interface InsertInto extends StatementBase {
  readonly kind: 'insertInto';
  readonly target: string;
  readonly properties: Properties;
  readonly query: Query;
}

export interface InsertValues extends StatementBase {
  readonly kind: 'insertValues';
  readonly target: string;
  /** null: all columns in schema order */
  readonly columns: readonly string[] | null;
  readonly values: readonly Expr[];
}

export interface Drop extends StatementBase {
  readonly kind: 'drop';
  readonly sourceType: 'STREAM' | 'TABLE' | 'TYPE';
  readonly name: string;
  readonly ifExists: boolean;
  readonly deleteTopic: boolean;
}

export interface SetProperty extends StatementBase {
  readonly kind: 'set';
  readonly property: string;
  readonly value: string;
}

export interface UnsetProperty extends StatementBase {
  readonly kind: 'unset';
  readonly property: string;
}

export interface Show extends StatementBase {
  readonly kind: 'show';
  readonly what: 'STREAMS' | 'TABLES' | 'TOPICS' | 'QUERIES' | 'PROPERTIES' | 'FUNCTIONS' | 'TYPES';
  readonly extended: boolean;
}

export interface Describe extends StatementBase {
  readonly kind: 'describe';
  /** null with `functions`: DESCRIBE FUNCTION name */
  readonly name: string;
  readonly extended: boolean;
  readonly function: boolean;
}

export interface Print extends StatementBase {
  readonly kind: 'print';
  readonly topic: string;
  readonly fromBeginning: boolean;
  readonly intervalRecords: number | null;
  readonly limit: number | null;
}

/** A transient query: push (EMIT CHANGES / FINAL) or pull (no EMIT, on a materialized table). */
export interface SelectStatement extends StatementBase {
  readonly kind: 'select';
  readonly query: Query;
}

export interface Terminate extends StatementBase {
  readonly kind: 'terminate';
  /** null: TERMINATE ALL */
  readonly queryId: string | null;
}

export interface CreateType extends StatementBase {
  readonly kind: 'createType';
  readonly name: string;
  readonly type: SqlType;
}

export type Statement =
  | CreateSource
  | CreateAsSelect
  | InsertInto
  | InsertValues
  | Drop
  | SetProperty
  | UnsetProperty
  | Show
  | Describe
  | Print
  | SelectStatement
  | Terminate
  | CreateType;
