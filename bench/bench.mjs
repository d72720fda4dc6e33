// `npm run bench` (issue 6, "Benchmarks"): the conformance workloads through streamsim's TestDriver and through
// Kafka Streams' TopologyTestDriver (RocksDB and in-memory stores) on the same generated records, the bookstore
// plain-loop baseline, the bookstore pipeline at 10^4..10^7 events (scaling), full scenario runs, the QTT suite's
// wall time, property-test throughput and the micro workloads of throughput.mjs. Prints tables; a full run writes bench/results.json. Measurements only: nothing
// here asserts a time. Each streamsim figure comes from its own process (bench/child.mjs, bench/scaling.mjs) so that
// peak RSS is its own.
// Usage and the meaning of each figure: bench/README.md.
import { execFileSync, spawnSync } from 'node:child_process';
import console from 'node:console';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { WORKLOAD_NAMES, generateInputs } from '../dist/conformance/index.js';
import { scalingSettings } from './scaling.mjs';
import { runTopologyTestDriver } from './ttd.mjs';

const SECTIONS = ['workloads', 'ttd-rocksdb', 'ttd-in-memory', 'plain', 'scaling', 'scenarios', 'qtt', 'property', 'micro', 'serdes'];
const USAGE = `usage: node --expose-gc bench/bench.mjs [--only NAME]... [--skip SECTION]... [--records N] [--rocksdb-records N] [--out FILE]
  NAME: a section (${SECTIONS.join(', ')}) or a conformance workload (${WORKLOAD_NAMES.join(', ')})
  env: BENCH_RECORDS (default 100000), BENCH_ROCKSDB_RECORDS (2000), BENCH_SCALING_MAX (1e7),
       BENCH_SCALING_CHANGELOG_EXTRA_MS (86400000), BENCH_SCENARIO_EVENTS (30000), BENCH_PROPERTY_RUNS (100),
       BENCH_MICRO_RECORDS (200000), BENCH_SERDE_RECORDS (100000)`;

function parseArgs(argv) {
  const o = { only: [], skip: [], records: envNumber('BENCH_RECORDS', 100_000), rocksdbRecords: envNumber('BENCH_ROCKSDB_RECORDS', 2_000), out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (argv[i + 1] === undefined) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only') o.only.push(...value().split(','));
    else if (a === '--skip') o.skip.push(...value().split(','));
    else if (a === '--records') o.records = Number(value());
    else if (a === '--rocksdb-records') o.rocksdbRecords = Number(value());
    else if (a === '--out') o.out = value();
    else if (a === '--help' || a === '-h') fail(null);
    else fail(`unknown argument ${a}`);
  }
  for (const n of [...o.only, ...o.skip]) if (!SECTIONS.includes(n) && !WORKLOAD_NAMES.includes(n)) fail(`unknown section or workload '${n}'`);
  for (const n of [o.records, o.rocksdbRecords]) if (!Number.isInteger(n) || n < 1) fail(`record counts must be positive integers`);
  return o;
}

function envNumber(name, fallback) {
  return process.env[name] === undefined ? fallback : Number(process.env[name]);
}

function fail(message) {
  if (message !== null) console.error(message);
  console.error(USAGE);
  process.exit(message === null ? 0 : 2);
}

const args = parseArgs(process.argv.slice(2));
const onlyWorkloads = args.only.filter((n) => WORKLOAD_NAMES.includes(n));
const onlySections = args.only.filter((n) => SECTIONS.includes(n));
const subset = args.only.length > 0 || args.skip.length > 0;
/** Naming only workloads runs the workload sections for them (and the plain loop, for the bookstore). */
const sectionOn = (s) =>
  !args.skip.includes(s) &&
  (args.only.length === 0 || onlySections.includes(s) || (onlySections.length === 0 && (['workloads', 'ttd-rocksdb', 'ttd-in-memory'].includes(s) || (s === 'plain' && onlyWorkloads.includes('bookstore-pipeline')))));
const workloads = (onlyWorkloads.length > 0 ? onlyWorkloads : [...WORKLOAD_NAMES]).filter((n) => !args.skip.includes(n));
const SEED = 1;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const root = here('..');

function child(task, params) {
  const run = spawnSync(process.execPath, ['--expose-gc', here('./child.mjs'), task, JSON.stringify(params)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`bench/child.mjs ${task} ${JSON.stringify(params)} failed: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const log = (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const startedAt = new Date();
const loadAverageAtStart = os.loadavg().map(round2);
const results = { workloads: [], plain: null, scaling: null, scenarios: [], qtt: null, property: null, micro: null, serdes: null };

// 1. streamsim per workload
const streamsim = new Map();
if (sectionOn('workloads')) {
  for (const name of workloads) {
    log(`streamsim ${name} (${args.records} records)`);
    streamsim.set(name, child('workload', { name, records: args.records }));
  }
}

// 2. TopologyTestDriver, one JVM per store kind (in-memory on the same records, RocksDB on their first K)
const ttd = { 'in-memory': new Map(), rocksdb: new Map() };
for (const [section, stores, n] of [['ttd-in-memory', 'in-memory', args.records], ['ttd-rocksdb', 'rocksdb', Math.min(args.records, args.rocksdbRecords)]]) {
  if (!sectionOn(section)) continue;
  log(`TopologyTestDriver, ${stores} stores, ${workloads.length} workloads x ${n} records, each twice`);
  ttd[stores] = runTopologyTestDriver(new Map(workloads.map((w) => [w, generateInputs(w, SEED, { records: args.records }).slice(0, n)])), stores);
}

for (const name of workloads) {
  const s = streamsim.get(name);
  const mem = ttd['in-memory'].get(name);
  const rocks = ttd.rocksdb.get(name);
  if (s === undefined && mem === undefined && rocks === undefined) continue;
  results.workloads.push({
    workload: name,
    streamsim: s ?? null,
    ttdInMemory: mem ?? null,
    ttdRocksdb: rocks ?? null,
    ratioVsTtdInMemory: s && mem ? round2(s.recordsPerSec / mem.recordsPerSec) : null,
    ratioVsTtdRocksdb: s && rocks ? round2(s.recordsPerSec / rocks.recordsPerSec) : null,
    // the same records give the same number of outputs on both sides (the conformance specs compare them in full)
    sameOutputCount: s && mem ? s.outputs === mem.outputs : null,
  });
}

// 3. the plain loop
if (sectionOn('plain')) {
  log(`plain loop, bookstore-pipeline (${args.records} records)`);
  const plain = child('plain', { records: args.records });
  const s = streamsim.get('bookstore-pipeline');
  results.plain = { ...plain, ratioStreamsimVsPlain: s ? round2(s.recordsPerSec / plain.recordsPerSec) : null };
}

// 4. scaling: the bookstore pipeline at 10^4 .. BENCH_SCALING_MAX events, one process per size
const scalingMax = envNumber('BENCH_SCALING_MAX', 1e7);
if (sectionOn('scaling')) {
  const rows = [];
  for (const n of [1e4, 1e5, 1e6, 1e7].filter((size) => size <= scalingMax)) {
    log(`scaling: bookstore-pipeline, ${n.toLocaleString('en-US')} events`);
    const run = spawnSync(process.execPath, ['--expose-gc', here('./scaling.mjs'), String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`bench/scaling.mjs ${n} failed: ${run.stderr.trim()}`);
    const row = JSON.parse(run.stdout.trim().split('\n').at(-1));
    // against the size ten times smaller: linear time gives ~10, memory bounded by state ~1
    const previous = rows.at(-1);
    rows.push({ ...row, timeRatio: previous ? round2(row.seconds / previous.seconds) : null, peakRssRatio: previous ? round2(row.peakRssMb / previous.peakRssMb) : null });
  }
  results.scaling = { settings: scalingSettings(), rows };
}

// 5. scenarios, QTT, property
const scenarioEvents = envNumber('BENCH_SCENARIO_EVENTS', 30_000);
if (sectionOn('scenarios')) {
  for (const [scenario, path] of [['utopia', 'DSL: eight Kafka Streams apps'], ['bookstore', 'SQL: ksqlDB statements']]) {
    log(`scenario ${scenario} (~${scenarioEvents} events)`);
    results.scenarios.push({ path, ...child('scenario', { scenario, events: scenarioEvents }) });
  }
}
if (sectionOn('qtt')) {
  const qttArgs = ['dist/cli/main.js', 'qtt', '--only-formats', 'JSON,KAFKA,DELIMITED,NONE', '../shared/qtt'];
  log(`QTT: node ${qttArgs.join(' ')}`);
  const start = performance.now();
  const run = spawnSync(process.execPath, qttArgs, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  const summary = run.stdout.trim().split('\n').at(-1) ?? '';
  results.qtt = { command: `node ${qttArgs.join(' ')}`, ms: Math.round(ms), exitStatus: run.status, summary };
}
if (sectionOn('property')) {
  const numRuns = envNumber('BENCH_PROPERTY_RUNS', 100);
  log(`property: ${numRuns} runs of the utopia sold-out invariant on ~1,000-record histories`);
  results.property = child('property', { events: 1000, numRuns });
}
if (sectionOn('micro')) {
  log('micro workloads (bench/throughput.mjs)');
  const out = execFileSync(process.execPath, ['--expose-gc', here('./throughput.mjs'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  results.micro = JSON.parse(out.trim().split('\n').at(-1));
}
if (sectionOn('serdes')) {
  log('registry formats at the edges (bench/serdes.mjs)');
  const out = execFileSync(process.execPath, [here('./serdes.mjs'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  results.serdes = JSON.parse(out.trim().split('\n').at(-1));
}

printTables(results);

const outPath = args.out ?? (subset ? undefined : here('./results.json'));
if (outPath !== undefined) {
  writeFileSync(outPath, JSON.stringify({ ...machine(), date: startedAt.toISOString(), wallSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000), command: commandLine(), settings: settings(), ...results }, null, 2) + '\n');
  log(`wrote ${outPath}`);
}

function settings() {
  return { records: args.records, rocksdbRecords: Math.min(args.records, args.rocksdbRecords), seed: SEED, scalingMax, scenarioEvents, only: args.only, skip: args.skip };
}

function machine() {
  const cpus = os.cpus();
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: round2(os.totalmem() / 2 ** 30), loadAverageAtStart, loadAverageAtEnd: os.loadavg().map(round2), platform: `${os.platform()} ${os.release()}` },
    node: process.version,
    java: (java.stderr ?? '').trim().split('\n').join('; ') || 'unavailable',
  };
}

function commandLine() {
  const cli = process.argv.slice(2).join(' ');
  return process.env.npm_lifecycle_event === 'bench' ? `npm run bench${cli ? ` -- ${cli}` : ''}` : `node --expose-gc bench/bench.mjs${cli ? ` ${cli}` : ''}`;
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

/** Rows of equal keys as a Markdown table (numbers right-aligned), for the terminal and for pasting into docs. */
function markdownTable(rows) {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const cells = rows.map((row) => cols.map((c) => (typeof row[c] === 'number' ? row[c].toLocaleString('en-US') : String(row[c]))));
  const right = cols.map((_, j) => cells.every((line) => /^[-\d.,]+$/.test(line[j])));
  console.log(`| ${cols.join(' | ')} |`);
  console.log(`|${right.map((r) => (r ? '---:' : '---')).join('|')}|`);
  for (const line of cells) console.log(`| ${line.join(' | ')} |`);
}

function printTables(r) {
  const num = (x) => (x === null || x === undefined ? '-' : typeof x === 'number' ? x.toLocaleString('en-US') : String(x));
  if (r.workloads.length > 0) {
    console.log('\nConformance workloads: streamsim TestDriver vs Kafka TopologyTestDriver (same records, warm runs)');
    markdownTable(
      r.workloads.map((w) => ({
        workload: w.workload,
        records: num(w.streamsim?.records ?? w.ttdInMemory?.records),
        'streamsim rec/s': num(w.streamsim?.recordsPerSec),
        'ns/rec': num(w.streamsim?.nsPerRecord),
        'peak RSS MB': num(w.streamsim?.peakRssMb),
        'heap B/rec': num(w.streamsim?.retainedHeapBytesPerRecord),
        'TTD in-mem rec/s': num(w.ttdInMemory?.recordsPerSec),
        [`TTD rocksdb rec/s (${num(w.ttdRocksdb?.records)} rec)`]: num(w.ttdRocksdb?.recordsPerSec),
        'x TTD in-mem': num(w.ratioVsTtdInMemory),
        'x TTD rocksdb': num(w.ratioVsTtdRocksdb),
        'same #out': num(w.sameOutputCount),
      })),
    );
  }
  if (r.plain !== null) {
    console.log('\nBookstore pipeline: plain JavaScript loop (bench/baselines/bookstore-plain.mjs)');
    markdownTable([{ records: num(r.plain.records), 'outputs identical to streamsim': r.plain.identical, 'plain rec/s': num(r.plain.recordsPerSec), 'ns/rec': num(r.plain.nsPerRecord), 'streamsim / plain': num(r.plain.ratioStreamsimVsPlain) }]);
  }
  if (r.scaling !== null) {
    const s = r.scaling.settings;
    console.log('\nScaling: the bookstore pipeline on lazily generated events, one process per size (bench/scaling.mjs)');
    console.log(
      `settings: retention.ms ${num(s.topicRetentionMs)} on the input and output topics, windowstore.changelog.additional.retention.ms ${num(s.windowStoreChangelogAdditionalRetentionMs)}, ` +
        `commit.interval.ms ${num(s.commitIntervalMs)}, repartition.purge.interval.ms ${num(s.repartitionPurgeIntervalMs)}, wall clock ${s.wallClock}, trace off, 1 partition, seed ${s.seed}`,
    );
    markdownTable(
      r.scaling.rows.map((x) => ({
        events: num(x.records),
        seconds: num(x.seconds),
        'rec/s': num(x.recordsPerSec),
        'ns/rec': num(x.nsPerRecord),
        'heap after GC MB': num(x.heapUsedAfterGcMb),
        'peak RSS MB': num(x.peakRssMb),
        'records held': num(x.recordsHeld),
        'event-time days': num(x.eventTimeDays),
        'x time': num(x.timeRatio),
        'x peak RSS': num(x.peakRssRatio),
      })),
    );
    const top = r.scaling.rows.at(-1);
    if (r.scaling.rows.length > 1) console.log(`${num(top.records)} / ${num(r.scaling.rows.at(-2).records)} events: time x${top.timeRatio}, peak RSS x${top.peakRssRatio}`);
  }
  if (r.scenarios.length > 0) {
    console.log('\nFull scenario runs (runScenario on generated input)');
    markdownTable(r.scenarios.map((s) => ({ scenario: s.scenario, path: s.path, records: num(s.records), outputs: num(s.outputs), 'wall ms': num(Math.round(s.ms)), 'rec/s': num(s.recordsPerSec), 'peak RSS MB': num(s.peakRssMb), 'heap B/rec': num(s.retainedHeapBytesPerRecord) })));
  }
  if (r.qtt !== null) console.log(`\nQTT suite: ${num(r.qtt.ms)} ms wall (exit ${r.qtt.exitStatus}; ${r.qtt.summary})`);
  if (r.property !== null) {
    const p = r.property;
    console.log(`\nProperty: ${p.property}, seed ${p.seed}: ${p.runs} runs (~${p.meanRecordsPerRun} records each) in ${num(Math.round(p.ms))} ms = ${p.runsPerSec} runs/s (passed: ${p.passed}${p.failure ? `: ${p.failure}` : ''})`);
    console.log(`invariant: ${p.invariant}`);
  }
  if (r.micro !== null) {
    console.log('\nMicro workloads (bench/throughput.mjs, synthetic keys; RSS MB is the RSS at the end of each run)');
    markdownTable(r.micro);
  }
  if (r.serdes !== null && r.serdes !== undefined) {
    console.log(`\nRegistry formats at the edges (bench/serdes.mjs): ${num(r.serdes.purchases)} bookstore purchase values, framed as Confluent's serializers write them`);
    markdownTable(r.serdes.results);
  }
}
