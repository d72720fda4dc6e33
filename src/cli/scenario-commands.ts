import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { AnyScenario, ScenarioOutputRecord } from '../scenarios/common/index.js';
import { DLQ_SUFFIX, InputRecordError, runScenario, type ScenarioRunResult } from '../scenarios/common/run-scenario.js';
import { genToKafka } from './gen-to-kafka.js';
import { runOnKafka } from './run-on-kafka.js';
import { toJson } from './ndjson.js';
import type { CliIo } from './program.js';
import { ProgressBar } from './progress.js';
import { InputLineError, genLine, readScenarioInput, type ScenarioInput } from './scenario-input.js';
import { OptionError, resolveOptions, type OptionArgs } from './scenario-options.js';
import { renderSummaryTable } from './summary-table.js';

/** A job `streamsim run` knows besides the scenarios (the Utopia samples demo): it keeps its own output. */
export interface CliJob {
  readonly name: string;
  readonly description: string;
  run(opts: { seed?: number; partitions: number; format?: string }, io: CliIo): void;
}

export interface ScenarioCommandDeps {
  readonly scenarios: readonly AnyScenario[];
  readonly jobs: readonly CliJob[];
}

interface GenOptions extends OptionArgs {
  out?: string;
  to?: string;
  partitions?: number;
}

interface RunOptions extends OptionArgs {
  input?: string;
  out?: string;
  json?: boolean;
  partitions: number;
  progress?: boolean;
  format?: string;
  shuffleSeed?: number;
  appendBatch?: number;
  on?: string;
  instances?: number;
  exactlyOnce?: boolean;
}

export function integer(name: string, min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got '${raw}'`);
    return n;
  };
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const GEN_HELP = `
Each line is one input record in append order:
  {"topic": ..., "key": ..., "value": ..., "timestamp": ms, "appendAt"?: ms, "partition"?: n, "headers"?: [{"key", "value"}]}
"appendAt" (when the record reaches the broker) is written only when it differs from "timestamp", i.e. when a
delay fault made the record late; "run --input FILE" then replays the run exactly. Numbers are lossless
(integers beyond 2^53 are written in full). The same scenario, seed and options give the same bytes.

Options of a scenario (\`streamsim list --options\` shows them): --opt name=value, repeatable; the value is JSON
when it parses, else a string (quote it as JSON, '"1"', for a string of digits); dotted names set nested options,
e.g. --opt 'faults.delay={"p":0.1,"maxMs":5000}'. --events N sizes the run to about N records; --duration MS
sets its virtual length instead; --opt wins over both.`;

const RUN_HELP = `
Runs the scenario's generated input (or --input FILE, as "gen" writes it; pass the --opt it was generated with
when the scenario's processors read options) on the in-memory broker and prints its summary, the seed and the trace hash (SHA-256 over every record of every topic: equal runs, equal hash). With
--out DIR, every output topic is written to DIR/<topic>.ndjson, one record a line:
  {"topic", "partition", "offset", "key", "value", "timestamp", "headers"?}
with windowed keys as {"key": ..., "window": {"start": ms, "end": ms}}. A record whose value fails its topic's
schema goes to <topic>${DLQ_SUFFIX} with the reason in the "__streamsim.error.reason" header: the summary counts
them, --out writes them, and it is not an error (the exit code stays 0).`;

function unknownScenario(name: string, known: readonly string[]): never {
  throw new InvalidArgumentError(`unknown scenario '${name}'; known: ${known.join(', ')}`);
}

/** `streamsim list`, `gen` and `run`, over the given scenarios and jobs. */
export function registerScenarioCommands(program: Command, io: CliIo, deps: ScenarioCommandDeps): void {
  const names = [...deps.scenarios.map((s) => s.name), ...deps.jobs.map((j) => j.name)];
  const find = (name: string): AnyScenario | undefined => deps.scenarios.find((s) => s.name === name);

  program
    .command('list')
    .description('list the scenarios (and jobs) that `streamsim gen` and `streamsim run` know')
    .option('--options', "also print each scenario's default options (what --opt can change) as JSON")
    .action((opts: { options?: boolean }) => {
      const width = Math.max(16, ...names.map((n) => n.length));
      for (const s of deps.scenarios) {
        io.out(`${s.name.padEnd(width)} ${s.description}\n`);
        if (opts.options === true) io.out(`${''.padEnd(width)} defaults ${toJson(s.defaults)}\n`);
      }
      for (const j of deps.jobs) io.out(`${j.name.padEnd(width)} ${j.description}\n`);
    });

  program
    .command('gen')
    .description("write a scenario's generated input records as NDJSON (or publish them to Kafka with --to)")
    .argument('<scenario>', `one of: ${deps.scenarios.map((s) => s.name).join(', ') || '(none registered)'}`)
    .option('--seed <n>', "seed of every generated choice (default: the scenario's)", integer('--seed', 0))
    .option('--events <n>', 'size the run to about this many input records', integer('--events', 0))
    .option('--duration <ms>', 'size the run by its virtual duration instead', integer('--duration', 0))
    .option('--opt <name=value>', 'a scenario option (repeatable)', collect)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--to <url>', 'publish the records to a Kafka cluster, kafka://HOST:PORT[,HOST:PORT], instead of writing NDJSON')
    .option('--partitions <n>', 'with --to: partitions of each topic it creates (default 1; an existing topic keeps its own)', integer('--partitions', 1))
    .addHelpText('after', GEN_HELP)
    .action(async (name: string, opts: GenOptions) => {
      const scenario = find(name) ?? unknownScenario(name, deps.scenarios.map((s) => s.name));
      if (opts.to !== undefined && opts.out !== undefined) throw new OptionError('--to publishes to Kafka and --out writes a file: give one of them');
      if (opts.to === undefined && opts.partitions !== undefined) throw new OptionError('--partitions applies with --to (NDJSON names no partitions)');
      const options = withDefaults(scenario, resolveOptions(scenario, opts));
      const records = scenario.generate(options);
      if (opts.to !== undefined) {
        await genToKafka(scenario, records, opts.to, opts.partitions ?? 1, options.seed as number, io);
        return;
      }
      const lines = records.map((r) => `${genLine(r)}\n`);
      if (opts.out === undefined) writeChunked(lines, io.out);
      else writeFileLines(opts.out, lines);
      io.err(`${records.length} records of ${scenario.name}, seed ${String(options.seed)}${opts.out === undefined ? '' : ` -> ${opts.out}`}\n`);
    });

  program
    .command('run')
    .description('run a scenario (or job) on the in-memory broker and print its summary')
    .argument('<scenario>', `one of: ${names.join(', ')}`)
    .option('--seed <n>', "seed of the run (default: the scenario's)", integer('--seed', 0))
    .option('--events <n>', 'size the run to about this many input records', integer('--events', 0))
    .option('--duration <ms>', 'size the run by its virtual duration instead', integer('--duration', 0))
    .option('--opt <name=value>', 'a scenario option (repeatable; see `streamsim gen --help`)', collect)
    .option('--input <file>', 'run these NDJSON input records (as `gen` writes them) instead of generated ones')
    .option('--out <dir>', 'write every output topic (and dead-letter topic) to <dir>/<topic>.ndjson')
    .option('--json', 'print the summary, counts, seed and trace hash as one JSON document')
    .option('--partitions <n>', 'partitions of every input topic (one task per partition)', integer('--partitions', 1), 1)
    .option('--shuffle-seed <n>', 'interleave tasks and break timestamp ties by a RNG with this seed (default: task order)', integer('--shuffle-seed', 0))
    .option('--append-batch <n>', 'append up to this many input records before the processors run (a fetch batch: several tasks hold records, so --shuffle-seed matters; default 1)', integer('--append-batch', 1))
    .option('--progress', 'show the progress bar on stderr even when it is not a terminal')
    .option('--format <format>', 'utopia-samples only: its records as table or ndjson')
    .option('--on <url>', 'run the scenario\'s Kafka Streams applications on a Kafka cluster, kafka://HOST:PORT[,HOST:PORT], over the input `gen --to` published there')
    .option('--instances <n>', 'with --on: instances of every application, sharing its tasks (default 1)', integer('--instances', 1))
    .option('--exactly-once', 'with --on: processing.guarantee exactly_once_v2 (outputs and offsets commit in one transaction)')
    .addHelpText('after', RUN_HELP)
    .action(async (name: string, opts: RunOptions) => {
      const job = deps.jobs.find((j) => j.name === name);
      if (job !== undefined) {
        const scenarioOnly = (['events', 'duration', 'opt', 'input', 'out', 'json', 'progress', 'shuffleSeed', 'appendBatch'] as const).filter((o) => opts[o] !== undefined);
        if (scenarioOnly.length > 0) throw new InvalidArgumentError(`--${scenarioOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to scenarios, not to the ${job.name} job (it takes --seed, --partitions and --format)`);
        job.run({ ...(opts.seed === undefined ? {} : { seed: opts.seed }), partitions: opts.partitions, ...(opts.format === undefined ? {} : { format: opts.format }) }, io);
        return;
      }
      const scenario = find(name) ?? unknownScenario(name, names);
      if (opts.format !== undefined) throw new InvalidArgumentError('--format applies to the utopia-samples job only; scenarios write NDJSON with --out');
      if (opts.on !== undefined) {
        const inMemoryOnly = (['events', 'duration', 'input', 'out', 'shuffleSeed', 'appendBatch'] as const).filter((o) => opts[o] !== undefined);
        if (inMemoryOnly.length > 0) throw new OptionError(`--${inMemoryOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to in-memory runs; with --on the input is what the cluster's topics hold (gen --to publishes it)`);
        const options = withDefaults(scenario, resolveOptions(scenario, opts));
        await runOnKafka(scenario, { url: opts.on, seed: options.seed as number, options, instances: opts.instances ?? 1, processingGuarantee: opts.exactlyOnce === true ? 'exactly_once_v2' : 'at_least_once', json: opts.json === true }, io);
        return;
      }
      if (opts.instances !== undefined || opts.exactlyOnce !== undefined) throw new OptionError('--instances and --exactly-once apply with --on');
      runScenarioCommand(scenario, opts, io);
    });
}

/** The scenario's defaults with the command line's options over them, as the runner resolves them. */
function withDefaults(scenario: AnyScenario, options: Record<string, unknown>): Record<string, unknown> {
  return { ...(scenario.defaults as Record<string, unknown>), ...options };
}

function runScenarioCommand(scenario: AnyScenario, opts: RunOptions, io: CliIo): void {
  let input: ScenarioInput | undefined;
  if (opts.input !== undefined) {
    if (opts.events !== undefined || opts.duration !== undefined) throw new OptionError('--input replays a file: --events and --duration size generated input only');
    input = readScenarioInput(readFileSync(opts.input, 'utf8'), opts.input, scenario, opts.partitions);
  }
  const options = withDefaults(scenario, resolveOptions(scenario, opts));
  const showProgress = opts.progress === true || io.errIsTTY === true;
  const bar = showProgress ? new ProgressBar({ write: io.err, now: io.now ?? (() => performance.now()), label: scenario.name }) : undefined;
  let result: ScenarioRunResult;
  try {
    result = runScenario(scenario, {
      seed: options.seed as number,
      options,
      partitions: opts.partitions,
      ...(opts.shuffleSeed === undefined ? {} : { shuffle: true, interleaveSeed: opts.shuffleSeed }),
      ...(opts.appendBatch === undefined ? {} : { appendBatch: opts.appendBatch }),
      ...(input === undefined ? {} : { input: input.records }),
      ...(bar === undefined ? {} : { onProgress: (done: number, total: number) => bar.update(done, total), progressEvery: 100 }),
    });
  } catch (err) {
    bar?.finish();
    if (err instanceof InputRecordError && input !== undefined && opts.input !== undefined) {
      throw new InputLineError(opts.input, input.lines[err.index] ?? 0, err.reason);
    }
    throw err;
  }
  bar?.finish();
  if (opts.out !== undefined) writeOutputs(opts.out, result.outputs);
  io.out(opts.json === true ? `${toJson(jsonSummary(result, opts.partitions, options, interleaving(opts)))}\n` : textSummary(scenario, result, opts.partitions, interleaving(opts)));
  if (result.deadLettered > 0) io.err(`streamsim: note: ${dlqNote(result)}${opts.out === undefined ? ' (--out DIR writes them with their reasons)' : ''}\n`);
}

const dlqTopics = (result: ScenarioRunResult): [string, number][] =>
  [...result.outputs].filter(([t]) => t.endsWith(DLQ_SUFFIX)).map(([t, rs]) => [t, rs.length]);

function dlqNote(result: ScenarioRunResult): string {
  const n = result.deadLettered;
  return `${n} input record${n === 1 ? '' : 's'} failed ${n === 1 ? 'its' : 'their'} topic's schema and went to ${dlqTopics(result)
    .map(([t, c]) => `${t} (${c})`)
    .join(', ')}`;
}

/** The flags that change how records interleave, as the run reports them so that it can be repeated. */
function interleaving(opts: RunOptions): { shuffleSeed?: number; appendBatch?: number } {
  return {
    ...(opts.shuffleSeed === undefined ? {} : { shuffleSeed: opts.shuffleSeed }),
    ...(opts.appendBatch === undefined ? {} : { appendBatch: opts.appendBatch }),
  };
}

function textSummary(scenario: AnyScenario, result: ScenarioRunResult, partitions: number, flags: { shuffleSeed?: number; appendBatch?: number }): string {
  const parts: string[] = [
    `${scenario.name}: ${result.inputs} input records, seed ${result.seed}, ${partitions} partition${partitions === 1 ? '' : 's'} per topic, ` +
      `virtual time until ${new Date(result.endTime).toISOString()}\n`,
  ];
  for (const table of result.summary) parts.push(renderSummaryTable(table));
  parts.push(
    renderSummaryTable({
      title: 'records per output topic',
      columns: ['topic', 'records'],
      rows: [...result.outputs].map(([t, rs]) => [t, rs.length]),
    }),
  );
  const tail = [`dropped by processors: ${result.dropped}`];
  if (result.deadLettered > 0) tail.push(`dead-lettered: ${dlqNote(result)}`);
  const repeat = [
    flags.shuffleSeed === undefined ? '' : `  shuffle-seed ${flags.shuffleSeed}`,
    flags.appendBatch === undefined ? '' : `  append-batch ${flags.appendBatch}`,
  ].join('');
  tail.push(`seed ${result.seed}${repeat}  trace ${result.traceHash}`);
  parts.push(`${tail.join('\n')}\n`);
  return parts.join('\n');
}

function jsonSummary(result: ScenarioRunResult, partitions: number, options: Record<string, unknown>, flags: { shuffleSeed?: number; appendBatch?: number }): unknown {
  return {
    scenario: result.scenario,
    seed: result.seed,
    partitions,
    ...flags,
    options: { ...options, seed: result.seed },
    inputs: result.inputs,
    outputs: Object.fromEntries([...result.outputs].map(([t, rs]) => [t, rs.length])),
    deadLettered: result.deadLettered,
    dropped: result.dropped,
    endTime: result.endTime,
    traceHash: result.traceHash,
    summary: result.summary,
  };
}

/** One output record as an NDJSON line (headers only when there are any). */
export function outputLine(r: ScenarioOutputRecord): string {
  return toJson({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    key: r.key,
    value: r.value,
    timestamp: r.timestamp,
    ...(r.headers.length === 0 ? {} : { headers: r.headers }),
  });
}

function writeOutputs(dir: string, outputs: ReadonlyMap<string, readonly ScenarioOutputRecord[]>): void {
  mkdirSync(dir, { recursive: true });
  for (const [topic, records] of outputs) writeFileLines(join(dir, `${topic.replace(/[^\w.-]/g, '_')}.ndjson`), records.map((r) => `${outputLine(r)}\n`));
}

/** Writes lines a block at a time: a long run's output never becomes one giant string. */
function writeChunked(lines: readonly string[], write: (text: string) => void, block = 4096): void {
  for (let i = 0; i < lines.length; i += block) write(lines.slice(i, i + block).join(''));
}

function writeFileLines(file: string, lines: readonly string[]): void {
  if (lines.length === 0) {
    writeFileSync(file, '');
    return;
  }
  const fd = openSync(file, 'w');
  try {
    writeChunked(lines, (text) => writeFileSync(fd, text)); // with an fd, writeFileSync writes it all (appending)
  } finally {
    closeSync(fd);
  }
}
