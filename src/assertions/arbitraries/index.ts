/** fast-check arbitraries: values from zod schemas, keyed timestamped histories, and fault schedules over them. */
export { zodArbitrary, UnsupportedSchemaError } from './zod-arbitrary.js';
export { historyArbitrary, keyNames, type HistoryOptions, type HistoryRecord } from './history.js';
export {
  reorderFault,
  lateFault,
  duplicateFault,
  crashFault,
  rebalanceFault,
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
  type RebalanceSchedule,
  type MembershipMove,
} from './faults.js';
export { pipeWithCrashes, driveWithCrashes, crashDriverOptions, type CrashRunReport } from './crash-run.js';
export { pipeWithRebalances, rebalanceDriverOptions, driveWithMembershipChanges, membershipChangesOf, crashesAnything, type MembershipChange, type MembershipRunReport } from './rebalance-run.js';
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
