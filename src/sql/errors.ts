import type { Pos } from './ast.js';

/**
 * A statement that does not parse. The message reads as ksqlDB's ParseFailedException
 * ("line 1:32: Syntax Error\nExpecting {...}"), since its test cases match message substrings.
 */
export class SqlParseError extends Error {
  override readonly name = 'SqlParseError';
  constructor(
    readonly line: number,
    readonly column: number,
    /** What went wrong, e.g. "Syntax Error\nExpecting {'STRING', INTEGER_VALUE}" or "mismatched input 'FROM'". */
    readonly reason: string,
    /** The statement text, when known. */
    readonly statement?: string,
  ) {
    super(`line ${line}:${column}: ${reason}${statement === undefined ? '' : `\nStatement: ${statement}`}`);
  }
}

/**
 * A statement that parses but cannot run: unknown column, type mismatch, unsupported feature. Messages use
 * ksqlDB's wording (KsqlStatementException), e.g. "Non-aggregate SELECT expression(s) not part of GROUP BY: D1".
 */
export class SqlStatementError extends Error {
  override readonly name: string = 'SqlStatementError';
  constructor(
    message: string,
    readonly pos?: Pos,
    readonly statement?: string,
  ) {
    super(message);
  }
}

/** A feature ksqlDB has and streamsim does not yet: the QTT runner counts these as skips, naming the feature. */
export class SqlUnsupportedError extends SqlStatementError {
  override readonly name: string = 'SqlUnsupportedError';
  constructor(
    readonly feature: string,
    pos?: Pos,
  ) {
    super(`not supported by streamsim yet: ${feature}`, pos);
  }
}

/** An error evaluating an expression for one record (ksqlDB logs these to its processing log and emits null). */
export class SqlEvaluationError extends Error {
  override readonly name = 'SqlEvaluationError';
}
