/** fast-check arbitraries: values from zod schemas, keyed timestamped histories, and fault schedules over them. */
export { zodArbitrary, UnsupportedSchemaError } from './zod-arbitrary.js';
export { historyArbitrary, keyNames, type HistoryOptions, type HistoryRecord } from './history.js';
export {
  reorderFault,
  lateFault,
  duplicateFault,
  faultyHistoryArbitrary,
  appendedRecords,
  appendOrderOf,
  withoutFaults,
  formatHistory,
  type FaultDescription,
  type FaultSpec,
  type FaultyHistory,
  type FaultyHistoryOptions,
  type AppendedRecord,
  type RecordFault,
} from './faults.js';
