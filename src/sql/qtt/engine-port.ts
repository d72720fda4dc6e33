import type { ExtraFunctions } from '../functions/index.js';

/**
 * What the QTT runner needs from a SQL engine: the seam between `src/sql/qtt` (the harness) and
 * `src/sql/engine` (which implements it). Records are in *topic representation*, as the test files write
 * them: JSON values for JSON, a string for DELIMITED, a primitive for KAFKA, null for NONE; numbers may
 * arrive as `JsonNumber` (lossless).
 */

export interface QttWindow {
  readonly start: number;
  readonly end: number;
}

export interface QttHeader {
  readonly key: string;
  readonly value: string | null;
}

/** A record a test pipes into a topic. */
export interface QttInputRecord {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp?: number;
  readonly headers?: readonly QttHeader[];
  readonly window?: QttWindow;
}

/** A record some query (or INSERT VALUES) wrote to a topic. */
export interface QttOutputRecord {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly window?: QttWindow | null;
  readonly headers?: readonly { readonly key: string; readonly value: unknown }[];
}

export interface QttSourceDescription {
  readonly name: string;
  readonly type: 'stream' | 'table';
  /** As ksqlDB prints it: "ID INT KEY, COUNT BIGINT". */
  readonly schema: string;
  readonly keyFormat: string;
  readonly valueFormat: string;
}

/** A push query (SELECT ... EMIT CHANGES) and the rows it emitted, for `streamsim sql`. */
export interface QttPushQueryRows {
  /** The statement's text. */
  readonly sql: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * What a statement printed: a push query's rows, or the answer of a pull query, SHOW, DESCRIBE or PRINT.
 * `details` are `label: value` lines shown before the rows; `layout: 'print'` prints each row as a line.
 */
export interface QttStatementResult extends QttPushQueryRows {
  readonly details?: readonly (readonly [string, string])[];
  readonly layout?: 'table' | 'print';
}

export interface QttEngine {
  /**
   * Creates a topic before any statement runs, as ksqlDB's harness does for every topic a test names
   * (its `topics`, the kafka_topic of each CREATE STREAM/TABLE with columns, its inputs and outputs).
   * A topic that exists already is left as it is.
   */
  createTopic(topic: string, partitions: number): void;
  /** Runs statements in order; throws SqlParseError / SqlStatementError / SqlUnsupportedError for bad ones. */
  execute(statementText: string): void;
  /** Appends a record to a topic, creating it if needed (one partition), then runs every query until idle. */
  produce(topic: string, record: QttInputRecord): void;
  /** Every record written to a topic so far, in production order (windowed keys carry `window`). */
  records(topic: string): readonly QttOutputRecord[];
  /** Source metadata for `post` checks, or null when no such source exists. */
  describeSource(name: string): QttSourceDescription | null;
  topicNames(): readonly string[];
  /** Every push query run so far with its rows in emission order. Optional: only `streamsim sql` reads it. */
  pushQueries?(): readonly QttPushQueryRows[];
  /** Push queries and the answers of pull queries, SHOW, DESCRIBE and PRINT, in statement order. Optional. */
  results?(): readonly QttStatementResult[];
}

export interface QttEngineOptions {
  /** Functions on top of the built-in ones: the test UDFs ksqlDB's QTT loads from its classpath (test-udfs.ts). */
  readonly extraFunctions?: ExtraFunctions;
  /** The test's properties ({CONFIG} already substituted), over the harness defaults (ksql.service.id). */
  readonly properties: Readonly<Record<string, string>>;
  readonly seed: number;
  /** 'ksql5' accepts the 2018 KSQL dialect of the bookstore seed (SCENARIOS.md §0.6); default modern ksqlDB. */
  readonly dialect?: 'ksqldb' | 'ksql5';
  /**
   * Throws when the case has used up its time budget. An engine calls it once per round of its
   * run-until-idle loop, so a query that never goes idle fails its case instead of hanging the suite.
   */
  readonly checkBudget?: () => void;
}

export type QttEngineFactory = (options: QttEngineOptions) => QttEngine;
