/**
 * The shape of a ksqlDB query-validation-test file (ksqldb-functional-tests: TestCaseNode, RecordNode,
 * PostConditionsNode), as far as the runner reads it. Numbers come from the lossless parser, so any
 * number may be a `JsonNumber`.
 */

export interface QttRecordNode {
  readonly topic: string;
  readonly key?: unknown;
  readonly value?: unknown;
  readonly timestamp?: unknown;
  readonly window?: { readonly start: unknown; readonly end: unknown; readonly type?: unknown } | null;
  readonly headers?: readonly { readonly KEY?: unknown; readonly key?: unknown; readonly VALUE?: unknown; readonly value?: unknown }[];
}

export interface QttExpectedException {
  /** A Java class name, e.g. io.confluent.ksql.util.KsqlStatementException. */
  readonly type?: string;
  readonly message?: string;
  readonly cause?: string;
  readonly causeMessage?: string;
}

export interface QttPostSource {
  readonly name: string;
  readonly type?: string;
  readonly schema?: string;
  readonly keyFormat?: unknown;
  readonly valueFormat?: unknown;
}

export interface QttPostConditions {
  readonly sources?: readonly QttPostSource[];
  readonly topics?: { readonly blacklist?: string; readonly topics?: readonly { readonly name: string }[] };
}

export interface QttTopicNode {
  readonly name: string;
  readonly partitions?: unknown;
  readonly format?: string;
  readonly keyFormat?: string;
  readonly valueFormat?: string;
}

export interface QttTestNode {
  readonly name: string;
  readonly enabled?: boolean;
  readonly format?: readonly string[];
  readonly config?: readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly statements: readonly string[];
  readonly topics?: readonly QttTopicNode[];
  readonly inputs?: readonly QttRecordNode[];
  readonly outputs?: readonly QttRecordNode[];
  readonly expectedException?: QttExpectedException;
  readonly post?: QttPostConditions;
}

/** One test file: its tests, or why it could not be read. */
export type QttFile =
  | { readonly path: string; readonly file: string; readonly tests: readonly QttTestNode[] }
  | { readonly path: string; readonly file: string; readonly error: string };
