// Micro workloads: throughput of the engine's per-record path on synthetic keys, on the built package.
// bench/bench.mjs (npm run bench) runs this in its own process with --json and keeps the figures in
// bench/results.json; alone (node --expose-gc bench/throughput.mjs) it prints a table. Nothing asserts a time.
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { Materialized, StreamsBuilder, TestDriver, TimeWindows } from '../dist/index.js';

const N = Number(process.env.BENCH_MICRO_RECORDS ?? 200_000);

const workloads = {
  'stateless filter+mapValues': (b) =>
    b.stream('in').filter((_k, v) => v % 3 !== 0).mapValues((v) => v * 2).to('out'),
  'groupByKey count': (b) => b.stream('in').groupByKey().count().toStream().to('out'),
  'groupBy count (repartition)': (b) =>
    b.stream('in').groupBy((_k, v) => `g${v % 100}`).count(Materialized.as('c')).toStream().to('out'),
  'tumbling 30s count, grace 5s': (b) =>
    b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(30_000, 5_000)).count().toStream().to('out'),
  'stream-table join': (b) => {
    const t = b.table('table');
    b.stream('in').join(t, (v, tv) => v + tv).to('out');
  },
};

function run(name, build, partitions) {
  const b = new StreamsBuilder();
  build(b);
  const driver = new TestDriver(b, { partitions, trace: false });
  const hasTable = name.includes('join');
  if (hasTable) {
    const table = driver.createInputTopic('table');
    for (let k = 0; k < 1000; k++) table.pipeInput(`k${k}`, k, 0);
  }
  const input = driver.createInputTopic('in');
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  for (let i = 0; i < N; i++) input.pipeInput(`k${i % 1000}`, i, i * 10);
  const ms = performance.now() - start;
  // Retained, not allocated: after a full GC. Read outputs are released; state, changelogs and inputs remain.
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  driver.close();
  return { workload: name, partitions, records: N, recordsPerSec: Math.round((N / ms) * 1000), nsPerRecord: Math.round((ms * 1e6) / N), retainedHeapBytesPerRecord: Math.round((heapAfter - heapBefore) / N), peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20) };
}

const results = [];
for (const [name, build] of Object.entries(workloads)) {
  for (const partitions of [1, 3]) {
    run(name, build, partitions); // warm-up
    results.push(run(name, build, partitions));
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
else console.table(results);
