// Memory against input size: a windowed count behind a repartition, N = 10^4 .. 10^6 (10^7 with MEMORY_MAX=1e7),
// on the built package (npm run build first; run with node --expose-gc). Measurements only, nothing asserted.
// Wall time tracks event time (as in a live deployment), so commits, repartition purges, changelog cleaning
// and retention run on the virtual clock as they would on a broker.
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { URL } from 'node:url';
import { Grouped, StreamsBuilder, TestDriver, TimeWindows } from '../dist/index.js';

const KEYS = 1000;
const STEP_MS = 10; // event time per record
const WALL_EVERY = 1000; // records between wall-clock moves (10 s of event time)
const max = Number(process.env.MEMORY_MAX ?? 1e6);
// Kafka's windowstore.changelog.additional.retention.ms; its default (1 day) keeps a day of windows in the changelog.
const changelogExtraMs = process.env.MEMORY_CHANGELOG_EXTRA_MS === undefined ? undefined : Number(process.env.MEMORY_CHANGELOG_EXTRA_MS);
const sizes = (process.env.MEMORY_SIZES ?? '1e4,1e5,1e6,1e7').split(',').map(Number).filter((n) => n <= max);

function run(n) {
  const b = new StreamsBuilder();
  b.stream('in')
    .groupBy((_k, v) => `g${v % KEYS}`, Grouped.as('by-group'))
    .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000))
    .count()
    .toStream()
    .to('out');
  // Input and output topics keep an hour (a deployment's retention.ms; streamsim's default keeps everything).
  const hour = { 'retention.ms': 3_600_000 };
  const driver = new TestDriver(b, {
    trace: false,
    topicConfig: { in: hour, out: hour },
    windowStoreChangelogAdditionalRetentionMs: changelogExtraMs,
  });
  const input = driver.createInputTopic('in');
  const output = driver.createOutputTopic('out');
  globalThis.gc?.();
  let read = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    input.pipeInput(`k${i % 7919}`, i, i * STEP_MS);
    if ((i + 1) % WALL_EVERY === 0) {
      driver.advanceWallClockTime(WALL_EVERY * STEP_MS);
      while (!output.isEmpty()) {
        output.readRecord();
        read++;
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;
  globalThis.gc?.();
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  // Peak RSS of this process, which runs one size only (see below).
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const held = driver.broker.listTopics().map((t) => [t, driver.broker.describeTopic(t).partitions.reduce((s, p) => s + p.size, 0)]);
  driver.close();
  return {
    N: n,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSec: Math.round(n / seconds),
    heapUsedAfterGcMb: Number(heapUsedMb.toFixed(1)),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    outputsRead: read,
    recordsInLogs: held.map(([t, s]) => `${t.replace('streamsim-test-', '')}:${s}`).join(' '),
  };
}

if (process.env.MEMORY_ONE !== undefined) {
  run(10_000); // warm-up
  console.log(JSON.stringify(run(Number(process.env.MEMORY_ONE))));
} else {
  // One child process per size, so that each peak RSS is that size's alone.
  const rows = [];
  for (const n of sizes) {
    const out = execFileSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname], {
      env: { ...process.env, MEMORY_ONE: String(n) },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    rows.push(JSON.parse(out.trim().split('\n').at(-1)));
    console.log(JSON.stringify(rows.at(-1)));
  }
  console.table(rows);
}
