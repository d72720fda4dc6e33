/** Expectations about output topics and stores, with failure messages a person can read. */
export {
  diffRecords,
  type DiffOptions,
  type DiffRow,
  type DiffRowKind,
  type RecordDiff,
  type Mismatch,
  type IndexedRecord,
} from './record-diff.js';
export { formatRecordDiff, type DiffFormatOptions, type KeyColumn } from './diff-format.js';
export type { RecordLike, RecordField } from './record-like.js';
export { ExpectationError } from './expectation-error.js';
export { expectRecords, expectKeyValues, expectFinalValues, type ExpectOptions } from './expect-output.js';
export { expectWindowCounts, type WindowExpectOptions } from './expect-windows.js';
export { expectTable } from './table-view.js';
export type { ExpectedEntries } from './expected-entries.js';
export { latestByKey, toRows, type RecordSource, type OutputTopicReader, type WindowRow } from './read-records.js';
export { elideMiddle, showValue } from './show-value.js';
export * from './arbitraries/index.js';
export * from './harness/index.js';
