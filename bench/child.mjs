// One measurement in its own process, so that its peak RSS is its own: `node --expose-gc bench/child.mjs TASK JSON`.
// Prints one JSON line with the figures. Measurements only: nothing here asserts a time.
// Tasks: workload (a conformance workload through TestDriver), plain (the bookstore plain-loop baseline),
// scenario (runScenario on generated input), property (fast-check runs of the Utopia sold-out invariant on ~1,000-record
// histories).
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import fc from 'fast-check';
import { generateInputs, jsonEqual, runStreamsim, workload } from '../dist/conformance/index.js';
import { StreamsBuilder, TestDriver } from '../dist/index.js';
import { evaluate } from '../dist/assertions/harness/index.js';
import { findScenario } from '../dist/scenarios/registry.js';
import { runScenario } from '../dist/scenarios/common/run-scenario.js';
import { soldOutInputs, soldOutSpec } from '../dist/scenarios/invariants/utopia-sold-out.js';
import { runBookstorePlain } from './baselines/bookstore-plain.mjs';

const SEED = 1;
/** Records run once, untimed, before the timed run, so that V8 has compiled the hot path. */
const WARM_UP_RECORDS = 10_000;

const gc = () => globalThis.gc?.();
const heapUsed = () => process.memoryUsage().heapUsed;
/** The process's peak resident set so far, in MiB (getrusage ru_maxrss). */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Pipes the records through a fresh TestDriver (one partition, trace off, no cache), reading every output after each. */
function pipeThrough(w, input) {
  const builder = new StreamsBuilder();
  w.build(builder);
  const driver = new TestDriver(builder, { partitions: 1, trace: false, cacheMaxBytes: 0 });
  const inputs = new Map(w.inputs.map((t) => [t.topic, driver.createInputTopic(t.topic)]));
  const outputs = w.outputs.map((t) => driver.createOutputTopic(t.topic));
  gc();
  const heapBefore = heapUsed();
  let produced = 0;
  const start = performance.now();
  for (const r of input) {
    inputs.get(r.topic).pipeInput(r.key, r.value, r.timestamp);
    for (const o of outputs) {
      while (!o.isEmpty()) {
        o.readRecord();
        produced++;
      }
    }
  }
  const ms = performance.now() - start;
  gc();
  // Retained, not allocated: state, plus what the in-memory broker keeps of topics (inputs, repartitions, changelogs).
  const retained = heapUsed() - heapBefore;
  driver.close();
  return { ms, produced, retained };
}

function workloadTask({ name, records }) {
  const w = workload(name);
  const input = generateInputs(name, SEED, { records });
  pipeThrough(w, input.slice(0, WARM_UP_RECORDS));
  const { ms, produced, retained } = pipeThrough(w, input);
  return { workload: name, records, outputs: produced, ms, ...rates(records, ms), retainedHeapBytesPerRecord: Math.round(retained / records), peakRssMb: peakRssMb() };
}

/** The plain loop on the bookstore input, first checked record for record against streamsim's outputs. */
function plainTask({ records }) {
  const input = generateInputs('bookstore-pipeline', SEED, { records });
  const expected = runStreamsim(workload('bookstore-pipeline'), input);
  const actual = runBookstorePlain(input).outputs;
  const firstDiff = firstDifference(expected, actual);
  runBookstorePlain(input.slice(0, WARM_UP_RECORDS));
  gc();
  const heapBefore = heapUsed();
  const start = performance.now();
  const run = runBookstorePlain(input);
  const ms = performance.now() - start;
  gc();
  const retained = heapUsed() - heapBefore;
  return {
    workload: 'bookstore-pipeline (plain loop)',
    records,
    outputs: run.outputs.length,
    identical: firstDiff === null,
    comparedOutputs: expected.length,
    ...(firstDiff === null ? {} : { firstDifference: firstDiff }),
    ms,
    ...rates(records, ms),
    // includes the output array the loop returns
    retainedHeapBytesPerRecord: Math.round(retained / records),
    peakRssMb: peakRssMb(),
  };
}

function firstDifference(expected, actual) {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (!jsonEqual(expected[i] ?? null, actual[i] ?? null)) return { index: i, streamsim: expected[i] ?? null, plain: actual[i] ?? null };
  }
  return null;
}

function scenarioTask({ scenario: name, events, seed = SEED }) {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const options = { ...scenario.sizeFor(events), seed };
  const input = scenario.generate({ ...scenario.defaults, ...options });
  gc();
  const heapBefore = heapUsed();
  const start = performance.now();
  const result = runScenario(scenario, { seed, options, input });
  const ms = performance.now() - start;
  gc();
  const retained = heapUsed() - heapBefore;
  let outputs = 0;
  for (const records of result.outputs.values()) outputs += records.length;
  return { scenario: name, events, records: result.inputs, outputs, ms, ...rates(result.inputs, ms), retainedHeapBytesPerRecord: Math.round(retained / result.inputs), peakRssMb: peakRssMb() };
}

/** The history faults of `streamsim check utopia --faults late,reorder,dup`. */
const SOLD_OUT_FAULTS = ['late', 'reorder', 'dup'];

/**
 * The sold-out spec's histories at ~`events` records instead of its own 40 tickets: 1-3 events of capacity up to
 * events/2 (so some sell out and some do not), events-10 to events-3 ticket requests, up to 10 faults on any ticket.
 */
function soldOutHistories(events) {
  return fc.record({
    capacities: fc.array(fc.integer({ min: 1, max: Math.floor(events / 2) }), { minLength: 1, maxLength: 3 }),
    tickets: fc.array(fc.nat({ max: 2 }), { minLength: events - 10, maxLength: events - 3 }),
    faults: fc.array(fc.record({ kind: fc.constantFrom(...SOLD_OUT_FAULTS), at: fc.nat({ max: events - 1 }) }), { maxLength: 10 }),
  });
}

/**
 * fast-check throughput of a real scenario invariant: the Utopia sold-out spec of `streamsim check utopia` (U4
 * PurchaseEventTicket and U5 capacity alerts, each on its own TestDriver, checked against SCENARIOS.md §2.5.3-4)
 * on ~`events`-record histories with late, reordered and duplicated tickets. Each run is evaluate(spec, history):
 * both apps run, then the check.
 */
function propertyTask({ events, numRuns, seed = 42 }) {
  const spec = soldOutSpec({ faults: SOLD_OUT_FAULTS });
  let recordsRun = 0;
  let firstFailure = null;
  const property = fc.property(soldOutHistories(events), (h) => {
    recordsRun += soldOutInputs(h).length;
    const { reason } = evaluate(spec, h);
    firstFailure ??= reason;
    return reason === null;
  });
  const start = performance.now();
  // no shrinking: a failure is reported as is (the spec's own `streamsim check` shrinks and writes a replay file)
  const details = fc.check(property, { numRuns, seed, endOnFailure: true });
  const ms = performance.now() - start;
  return {
    property: `${spec.name} (${spec.topology}), faults ${SOLD_OUT_FAULTS.join(',')}, ~${events}-record histories`,
    invariant: spec.invariant,
    runs: details.numRuns,
    seed,
    passed: !details.failed,
    ...(firstFailure === null ? {} : { failure: firstFailure }),
    meanRecordsPerRun: Math.round(recordsRun / Math.max(1, details.numRuns)),
    ms,
    runsPerSec: round2((details.numRuns / ms) * 1000),
    peakRssMb: peakRssMb(),
  };
}

function rates(records, ms) {
  return { recordsPerSec: Math.round((records / ms) * 1000), nsPerRecord: Math.round((ms * 1e6) / records) };
}

const round2 = (x) => Math.round(x * 100) / 100;

const TASKS = { workload: workloadTask, plain: plainTask, scenario: scenarioTask, property: propertyTask };
const [task, args] = process.argv.slice(2);
if (TASKS[task] === undefined) {
  console.error(`usage: node --expose-gc bench/child.mjs (${Object.keys(TASKS).join('|')}) JSON`);
  process.exit(2);
}
console.log(JSON.stringify(TASKS[task](JSON.parse(args ?? '{}'))));
