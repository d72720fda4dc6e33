/**
 * Differential conformance with Kafka Streams (issue 6, docs/conformance.md). Not part of the library's
 * public surface: scripts/diff.mjs imports dist/conformance/index.js, the specs import it from src.
 */
export type { InputRecord, Json, OutputRecord, OutputWindow } from './records.js';
export { parseOutputNdjson, toNdjson } from './records.js';
export { WORKLOADS, WORKLOAD_NAMES, isWorkloadName, workload, type InputTopic, type OutputTopic, type Workload, type WorkloadName } from './workloads.js';
export { bookstoreInputStream, generateInputs, type InputOptions } from './inputs.js';
export { BASE_TIMESTAMP, EventTime, type TimeMix } from './event-time.js';
export { runStreamsim } from './run.js';
export { compareCase, compareOutputs, formatMismatch, jsonEqual, type CaseComparison, type Mismatch } from './compare.js';
export {
  DEFAULT_REFERENCE_JAR,
  REFERENCE_BUILD_COMMAND,
  referenceJar,
  referenceUnavailable,
  runKafkaReference,
  type ReferenceCase,
  type ReferenceOptions,
  type ReferenceResult,
} from './java-reference.js';
export { formatSummaryTable, runDifferential, type DifferentialOptions, type DifferentialReport, type WorkloadSummary } from './differential.js';
