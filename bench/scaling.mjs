// The bookstore pipeline at one input size, in this process alone (so that its peak RSS is that size's):
// `node --expose-gc bench/scaling.mjs N` prints one JSON line. bench.mjs runs it once per size (section `scaling`).
// The input is generated lazily, record by record, so that 10^7 events never exist as one array, and the virtual
// wall clock follows event time (as in a live deployment), so that commits, repartition purges, changelog
// compaction and retention run as they would on a broker. Measurements only: nothing here asserts a time.
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { BASE_TIMESTAMP, bookstoreInputStream, workload } from '../dist/conformance/index.js';
import { StreamsBuilder, TestDriver } from '../dist/index.js';

const SEED = 1;
const WARM_UP_RECORDS = 10_000;
const HOUR_MS = 3_600_000;

/** The settings of every size, printed with the table. */
export function scalingSettings() {
  const extra = process.env.BENCH_SCALING_CHANGELOG_EXTRA_MS;
  return {
    seed: SEED,
    // a deployment's retention.ms on the input and output topics (streamsim's default, like Kafka's -1, keeps everything)
    topicRetentionMs: HOUR_MS,
    // Kafka's windowstore.changelog.additional.retention.ms: by default Kafka's own, 1 day
    windowStoreChangelogAdditionalRetentionMs: extra === undefined ? 86_400_000 : Number(extra),
    // after every record: the wall clock moves up to the largest timestamp so far, then the outputs are read
    wallClock: 'follows stream time',
    // Kafka's defaults, passed explicitly
    commitIntervalMs: 30_000,
    repartitionPurgeIntervalMs: 30_000,
  };
}

/** Pipes n lazily generated records through a fresh TestDriver; returns the figures, the driver closed. */
function run(n, settings) {
  const w = workload('bookstore-pipeline');
  const builder = new StreamsBuilder();
  w.build(builder);
  const retention = { 'retention.ms': settings.topicRetentionMs };
  const topics = [...w.inputs.map((t) => t.topic), ...w.outputs.map((t) => t.topic)];
  const driver = new TestDriver(builder, {
    partitions: 1,
    trace: false,
    startTime: BASE_TIMESTAMP,
    topicConfig: Object.fromEntries(topics.map((t) => [t, retention])),
    windowStoreChangelogAdditionalRetentionMs: settings.windowStoreChangelogAdditionalRetentionMs,
    commitIntervalMs: settings.commitIntervalMs,
    repartitionPurgeIntervalMs: settings.repartitionPurgeIntervalMs,
  });
  const inputs = new Map(w.inputs.map((t) => [t.topic, driver.createInputTopic(t.topic)]));
  const outputs = w.outputs.map((t) => driver.createOutputTopic(t.topic));
  let wall = BASE_TIMESTAMP;
  let read = 0;
  globalThis.gc?.();
  const start = performance.now();
  for (const r of bookstoreInputStream(SEED, n)) {
    inputs.get(r.topic).pipeInput(r.key, r.value, r.timestamp);
    if (r.timestamp > wall) {
      driver.advanceWallClockTime(r.timestamp - wall);
      wall = r.timestamp;
    }
    for (const o of outputs) {
      while (!o.isEmpty()) {
        o.readRecord();
        read++;
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;
  globalThis.gc?.();
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  const held = driver.broker.listTopics().map((t) => [t.replace('streamsim-test-', ''), driver.broker.describeTopic(t).partitions.reduce((s, p) => s + p.size, 0)]);
  driver.close();
  return { seconds, heapUsedMb, outputsRead: read, eventTimeDays: (wall - BASE_TIMESTAMP) / 86_400_000, held };
}

function main(n) {
  const settings = scalingSettings();
  run(WARM_UP_RECORDS, settings); // untimed: V8 compiles the hot path
  const r = run(n, settings);
  return {
    records: n,
    seconds: Number(r.seconds.toFixed(3)),
    recordsPerSec: Math.round(n / r.seconds),
    nsPerRecord: Math.round((r.seconds * 1e9) / n),
    heapUsedAfterGcMb: Number(r.heapUsedMb.toFixed(1)),
    // this process ran one size only (the warm-up included)
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    outputsRead: r.outputsRead,
    eventTimeDays: Number(r.eventTimeDays.toFixed(1)),
    recordsHeld: r.held.reduce((s, [, size]) => s + size, 0),
    recordsHeldByTopic: Object.fromEntries(r.held),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) {
    console.error('usage: node --expose-gc bench/scaling.mjs N   (records; bench.mjs --only scaling runs every size)');
    process.exit(2);
  }
  console.log(JSON.stringify(main(n)));
}
