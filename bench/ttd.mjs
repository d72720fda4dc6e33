// The TopologyTestDriver baseline: the reference program (bench/java, Kafka Streams' TopologyTestDriver) on the
// same generated records as streamsim, in one JVM per store kind. Each case is listed twice and the second
// (warm: JIT-compiled) timing is kept. The program's own `nanos` covers piping and reading only (no JVM start,
// no file I/O). Output files are not parsed here (the conformance specs compare them); their counts are kept.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceJar, referenceUnavailable, toNdjson } from '../dist/conformance/index.js';

/**
 * Runs `inputs` (workload name -> records) in one JVM; returns workload name -> figures of the warm run.
 * stores: 'rocksdb' (Kafka's default) or 'in-memory' (the program's --in-memory-stores).
 */
export function runTopologyTestDriver(inputs, stores) {
  const missing = referenceUnavailable();
  if (missing !== null) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'streamsim-bench-'));
  try {
    const manifest = [];
    for (const [name, records] of inputs) {
      const input = join(dir, `${name}.in.ndjson`);
      writeFileSync(input, toNdjson(records));
      for (const pass of ['cold', 'warm']) manifest.push({ workload: name, input, output: join(dir, `${name}.${pass}.out.ndjson`) });
    }
    const manifestPath = join(dir, 'manifest.ndjson');
    writeFileSync(manifestPath, manifest.map((c) => JSON.stringify(c) + '\n').join(''));
    const flags = stores === 'in-memory' ? ['--in-memory-stores'] : [];
    const run = spawnSync('java', ['-jar', referenceJar(), ...flags, manifestPath], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.error !== undefined) throw new Error(`could not run java: ${run.error.message}`);
    if (run.status !== 0) throw new Error(`the reference program exited with ${run.status}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
    // one timing line per case, in manifest order
    const lines = run.stdout.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));
    if (lines.length !== manifest.length) throw new Error(`expected ${manifest.length} timing lines from the reference program, got ${lines.length}`);
    const out = new Map();
    for (let i = 0; i < lines.length; i += 2) {
      const [cold, warm] = [lines[i], lines[i + 1]];
      const ms = warm.nanos / 1e6;
      out.set(warm.workload, {
        stores,
        records: warm.records,
        outputs: warm.outputs,
        ms,
        coldMs: cold.nanos / 1e6,
        recordsPerSec: Math.round((warm.records / ms) * 1000),
        nsPerRecord: Math.round(warm.nanos / warm.records),
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
