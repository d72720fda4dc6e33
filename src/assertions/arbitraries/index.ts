/** fast-check arbitraries: values from zod schemas, keyed timestamped histories, and fault schedules over them. */
export { zodArbitrary, UnsupportedSchemaError } from './zod-arbitrary.js';
export { historyArbitrary, keyNames, type HistoryOptions, type HistoryRecord } from './history.js';
export {
  reorderFault,
  lateFault,
  duplicateFault,
  crashFault,
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
  type CrashSchedule,
} from './faults.js';
export { pipeWithCrashes, crashDriverOptions, type CrashRunReport } from './crash-run.js';
export {
  scenarioHistoryArbitrary,
  scenarioHistoryToJson,
  scenarioHistoryFromJson,
  type HistoryGenerator,
  type HistoryKnobs,
  type ScenarioHistory,
  type ScenarioHistoryJson,
  type ScenarioHistoryParams,
} from './scenario-history.js';
