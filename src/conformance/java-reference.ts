import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutputNdjson, toNdjson, type InputRecord, type OutputRecord } from './records.js';

/** Where the reference program lands when built (from src/conformance or dist/conformance alike). */
export const DEFAULT_REFERENCE_JAR = fileURLToPath(new URL('../../bench/java/target/streamsim-reference.jar', import.meta.url));
export const REFERENCE_BUILD_COMMAND = 'mvn -q -f bench/java/pom.xml package -DskipTests';

export interface ReferenceCase {
  readonly workload: string;
  /** A label for the case's files, e.g. the seed. */
  readonly label: string;
  readonly input: readonly InputRecord[];
}

export interface ReferenceResult {
  readonly workload: string;
  readonly label: string;
  readonly outputs: OutputRecord[];
  /** Nanoseconds the reference spent piping and reading (its own System.nanoTime, no JVM start, no file I/O). */
  readonly nanos: number;
}

export interface ReferenceOptions {
  /** Default: STREAMSIM_REFERENCE_JAR, else bench/java/target/streamsim-reference.jar. */
  readonly jar?: string;
  /** Default: java on the PATH. */
  readonly java?: string;
  /** Write the case files here and keep them (default: a temporary directory, removed afterwards). */
  readonly dir?: string;
  /**
   * Kafka's store implementation: `rocksdb` (the default of Kafka Streams and of the reference program) or
   * `in-memory` (the program's `--in-memory-stores`, Kafka's InMemoryDslStoreSuppliers: much faster, since
   * TopologyTestDriver commits, and so flushes RocksDB, after every record).
   */
  readonly stores?: 'rocksdb' | 'in-memory';
}

/** The jar to run: the option, else the STREAMSIM_REFERENCE_JAR environment variable, else the default path. */
export function referenceJar(options: ReferenceOptions = {}): string {
  return options.jar ?? process.env.STREAMSIM_REFERENCE_JAR ?? DEFAULT_REFERENCE_JAR;
}

/** A one-line reason why the reference cannot run (the jar is missing), or null when it can. */
export function referenceUnavailable(options: ReferenceOptions = {}): string | null {
  const jar = referenceJar(options);
  return existsSync(jar) ? null : `Kafka Streams reference jar not found at ${jar}; build it with: ${REFERENCE_BUILD_COMMAND}`;
}

/**
 * Runs every case in one JVM: writes each input and a manifest of {workload, input, output} lines, runs
 * `java -jar <jar> <manifest>`, and reads each output back with the timing line the program printed for it.
 */
export function runKafkaReference(cases: readonly ReferenceCase[], options: ReferenceOptions = {}): ReferenceResult[] {
  const missing = referenceUnavailable(options);
  if (missing !== null) throw new Error(missing);
  if (cases.length === 0) return [];
  const keep = options.dir !== undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'streamsim-diff-'));
  mkdirSync(dir, { recursive: true });
  try {
    const files = cases.map((c, i) => {
      const base = join(dir, `${String(i).padStart(4, '0')}-${c.workload}-${c.label}`);
      const input = `${base}.in.ndjson`;
      writeFileSync(input, toNdjson(c.input));
      return { workload: c.workload, input, output: `${base}.out.ndjson` };
    });
    const manifest = join(dir, 'manifest.ndjson');
    writeFileSync(manifest, files.map((f) => JSON.stringify(f) + '\n').join(''));
    const flags = options.stores === 'in-memory' ? ['--in-memory-stores'] : [];
    const run = spawnSync(options.java ?? 'java', ['-jar', referenceJar(options), ...flags, manifest], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.error !== undefined) throw new Error(`could not run java: ${run.error.message}`);
    if (run.status !== 0) {
      const reason = (run.stderr.trim().split('\n')[0] ?? '') || `signal ${run.signal ?? 'none'}`;
      throw new Error(`the Kafka Streams reference exited with ${run.status}: ${reason} (manifest ${manifest})`);
    }
    const nanosByInput = timings(run.stdout);
    return files.map((f, i) => ({
      workload: f.workload,
      label: cases[i]!.label,
      outputs: parseOutputNdjson(readFileSync(f.output, 'utf8'), f.output),
      nanos: nanosByInput.get(f.input) ?? Number.NaN,
    }));
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The program's stdout: one {"workload","input","records","outputs","nanos"} line per case. */
function timings(stdout: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const t = JSON.parse(line) as { input?: unknown; nanos?: unknown };
    if (typeof t.input === 'string' && typeof t.nanos === 'number') out.set(t.input, t.nanos);
  }
  return out;
}
