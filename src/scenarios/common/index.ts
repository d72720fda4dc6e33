export { T0, componentSeed, SeededFaker, SeededFakers, checkProbability } from './seeded-faker.js';
export { checkSkew, MAX_SKEW, SkewedPicker, SkewSchema } from './skew.js';
export {
  type GeneratedRecord,
  type NewRecord,
  appendOrder,
  compareAppendOrder,
  compareSeq,
  RecordSequencer,
} from './generated-record.js';
export {
  type CommonFaults,
  type DelayFault,
  type DropFault,
  type DuplicateFault,
  type FaultScope,
  applyFaults,
  CommonFaultsSchema,
  FAULTS_LABEL,
  NO_FAULTS,
} from './faults.js';
export { type CronFiring, type CronJob, type CronWindow, cronTimeline } from './timeline.js';
export type { AnyScenario, Scenario, ScenarioApp, ScenarioContext, ScenarioOutputRecord, ScenarioTopic, SummaryTable, TopicKind } from './scenario.js';
export {
  type RunScenarioOptions,
  type ScenarioInputRecord,
  type ScenarioRunResult,
  brokerHash,
  createInputTopics,
  DLQ_SUFFIX,
  runScenario,
  topicRecords,
  zodValidator,
} from './run-scenario.js';
export { ProcessorGroup } from './processor-group.js';
export { type Cell, type WindowedKey, cellOf, fieldOf, isWindowedKey, latestPerKey, numberOf } from './output-values.js';
export { addKeyValueStore } from './stores.js';
