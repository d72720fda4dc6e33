export type { QttEngine, QttEngineFactory, QttEngineOptions, QttInputRecord, QttOutputRecord, QttSourceDescription, QttWindow, QttHeader, QttPushQueryRows } from './engine-port.js';
export type { QttFile, QttTestNode, QttRecordNode, QttExpectedException, QttPostConditions } from './model.js';
export { loadQttFiles, loadQttFile, listQttFiles } from './loader.js';
export { expandTest, expandFile, formatsNeeded, caseLabel, variantOf, KNOWN_FORMATS, type QttCase, type Expansion, type ExpandOptions } from './expand.js';
export { diffValues, numbersMatch, show } from './compare.js';
export {
  runCase,
  topicsToCreate,
  diffOutputs,
  diffPost,
  normalizeSchema,
  exceptionMismatch,
  QttBudgetExceeded,
  DEFAULT_BUDGET_MS,
  HARNESS_PROPERTIES,
  type CaseResult,
  type CaseStatus,
  type RunCaseOptions,
} from './run-case.js';
export { formatReport, failureLine, skipLine, summaryLine, totals, perFile, jsonReport, type QttTotals, type ReportOptions } from './report.js';
export { runQttPaths, runQttFiles, parseFormatList, type QttRun, type RunQttOptions } from './runner.js';
export { loadEngineFactory } from './load-engine.js';
