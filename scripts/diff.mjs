// Differential conformance with Kafka Streams (issue 6, docs/conformance.md), on the built package:
// every workload on N seeds, through streamsim and through the Java reference (Kafka's TopologyTestDriver),
// compared record by record. Prints a table, then the first mismatch of each workload; exit 1 on any.
//   node scripts/diff.mjs [--seeds 100] [--workload NAME]... [--records N] [--stores rocksdb|in-memory] [--jar PATH] [--keep DIR]
import console from 'node:console';
import process from 'node:process';
import {
  WORKLOAD_NAMES,
  formatMismatch,
  formatSummaryTable,
  isWorkloadName,
  referenceUnavailable,
  runDifferential,
} from '../dist/conformance/index.js';

const USAGE = 'usage: node scripts/diff.mjs [--seeds N] [--workload NAME]... [--records N] [--stores rocksdb|in-memory] [--jar PATH] [--keep DIR]';

function parseArgs(argv) {
  const opts = { seeds: 100, workloads: [], records: undefined, stores: 'rocksdb', jar: undefined, dir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') fail(USAGE, 0);
    if (value === undefined) fail(`${flag}: missing value\n${USAGE}`);
    i++;
    if (flag === '--seeds') opts.seeds = positiveInt(flag, value);
    else if (flag === '--records') opts.records = positiveInt(flag, value);
    else if (flag === '--workload') {
      if (!isWorkloadName(value)) fail(`unknown workload '${value}'; known: ${WORKLOAD_NAMES.join(', ')}`);
      opts.workloads.push(value);
    } else if (flag === '--stores') {
      if (value !== 'rocksdb' && value !== 'in-memory') fail(`--stores takes rocksdb or in-memory, got '${value}'`);
      opts.stores = value;
    } else if (flag === '--jar') opts.jar = value;
    else if (flag === '--keep') opts.dir = value;
    else fail(`unknown option ${flag}\n${USAGE}`);
  }
  if (opts.workloads.length === 0) opts.workloads = [...WORKLOAD_NAMES];
  return opts;
}

function positiveInt(flag, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} takes a positive integer, got '${value}'`);
  return n;
}

function fail(message, code = 2) {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}

const opts = parseArgs(process.argv.slice(2));
const missing = referenceUnavailable({ jar: opts.jar });
if (missing !== null) fail(missing);

const seeds = Array.from({ length: opts.seeds }, (_, i) => i + 1);
let report;
try {
  report = runDifferential({ workloads: opts.workloads, seeds, records: opts.records, stores: opts.stores, jar: opts.jar, dir: opts.dir });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
console.log(`Kafka Streams stores: ${opts.stores}\n`);
console.log(formatSummaryTable(report.summaries));
for (const s of report.summaries) {
  if (s.firstMismatch === null) continue;
  console.log(`\n${formatMismatch(s.firstMismatch)}\n  mismatching seeds: ${s.mismatchingSeeds.join(' ')}`);
}
if (opts.dir !== undefined) console.log(`\ncase files (inputs, Kafka outputs, manifest) kept in ${opts.dir}`);
process.exit(report.identical ? 0 : 1);
