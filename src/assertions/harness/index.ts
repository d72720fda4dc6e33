/** The property harness: invariants as fast-check properties, shrunk failures, replay files. */
export { evaluate, type Evaluation, type HistoryTable, type InvariantSpec, type JsonValue } from './invariant-spec.js';
export { registerReplayable, replayableSpec, replayableNames, type SpecFactory } from './replay-registry.js';
export {
  checkInvariant,
  replayCommand,
  DEFAULT_NUM_RUNS,
  DEFAULT_SEED,
  type CheckOptions,
  type InvariantCheck,
  type InvariantFailure,
} from './check-invariant.js';
export { replay, replayReport, type ReplayOutcome } from './replay.js';
export {
  historyHash,
  listReplayFiles,
  readReplayFile,
  replayFileName,
  serializeReplayFile,
  streamsimVersion,
  writeReplayFile,
  type ReplayFile,
} from './replay-file.js';
export { historyTable, jsonTable, renderTable } from './history-table.js';
export { FAULT_KINDS, parseFaultKinds, faultScheduleArb, type FaultKind, type ScheduledFault } from './fault-kinds.js';
