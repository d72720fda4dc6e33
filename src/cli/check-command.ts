import { InvalidArgumentError, type Command } from 'commander';
import { checkInvariant, replayCommand } from '../assertions/harness/index.js';
import { FAULT_KINDS, parseFaultKinds } from '../assertions/harness/fault-kinds.js';
import { scenarioInvariants, scenariosWithInvariants } from '../scenarios/invariants/index.js';
import { SOLD_OUT_GUARANTEES, type SoldOutGuarantee } from '../scenarios/invariants/utopia-sold-out.js';
import type { CliIo } from './program.js';

/** Where failing histories go unless `--replay-dir` says otherwise (relative to the working directory). */
export const DEFAULT_REPLAY_DIR = 'fixtures/replays';
const DEFAULT_RUNS = 100;

interface CheckOptions {
  runs: number;
  seed?: number;
  faults?: string;
  guarantee?: string;
  replayDir: string;
}

function positiveInteger(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--runs must be an integer >= 1, got '${raw}'`);
  return n;
}

function guaranteeArg(raw: string): string {
  if (!(SOLD_OUT_GUARANTEES as readonly string[]).includes(raw)) throw new InvalidArgumentError(`--guarantee must be one of ${SOLD_OUT_GUARANTEES.join(', ')}, got '${raw}'`);
  return raw;
}

function integer(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || raw.trim() === '') throw new InvalidArgumentError(`--seed must be an integer, got '${raw}'`);
  return n;
}

/**
 * `streamsim check <scenario>`: runs the scenario's invariants as fast-check properties over generated histories
 * with the faults asked for, one line per invariant (runs, faults, time); a failing one prints its shrunk history,
 * writes the replay file and the command that replays it, and the command exits 1. `--guarantee` is Kafka's
 * processing.guarantee the apps run under when `--faults` has crash or rebalance (default exactly_once_v2);
 * it picks which invariant holds across restarts and crash-driven task moves (exactly-once: outputs equal a
 * crash-free run's; at-least-once: see docs/property-harness.md); clean handovers lose and repeat nothing under both.
 */
export function registerCheckCommand(program: Command, io: CliIo): void {
  program
    .command('check')
    .description("run a scenario's invariants as properties over generated, faulty histories")
    .argument('<scenario>', `a scenario with invariants: ${scenariosWithInvariants().join(', ')}`)
    .option('--runs <n>', 'histories per invariant', positiveInteger, DEFAULT_RUNS)
    .option('--seed <s>', 'fast-check seed (default: a new one, printed)', integer)
    .option('--faults <list>', `comma-separated faults to inject: ${FAULT_KINDS.join(',')}`)
    .option('--guarantee <g>', `processing guarantee under crash or rebalance faults: ${SOLD_OUT_GUARANTEES.join('|')} (default exactly_once_v2)`, guaranteeArg)
    .option('--replay-dir <dir>', 'where a failing history is written', DEFAULT_REPLAY_DIR)
    .action((scenario: string, opts: CheckOptions) => {
      let faults;
      try {
        faults = parseFaultKinds(opts.faults ?? '');
      } catch (err) {
        throw new InvalidArgumentError(`--faults: ${(err as Error).message}`);
      }
      const driverFaults = faults.includes('crash') || faults.includes('rebalance');
      if (opts.guarantee !== undefined && !driverFaults) throw new InvalidArgumentError('--guarantee applies only with --faults crash or rebalance');
      const guarantee = driverFaults ? ((opts.guarantee as SoldOutGuarantee | undefined) ?? 'exactly_once_v2') : undefined;
      const specs = scenarioInvariants(scenario, faults, { guarantee });
      if (specs === undefined) throw new InvalidArgumentError(`no invariants for scenario '${scenario}'; known: ${scenariosWithInvariants().join(', ')}`);
      // the CLI may use the wall clock and chance: a run without --seed draws one and prints it
      const seed = opts.seed ?? Math.floor(Math.random() * 0x7fffffff);
      const now = io.now ?? (() => performance.now());
      const faultText = faults.length === 0 ? 'none' : faults.join(',') + (guarantee === undefined ? '' : ` (${guarantee})`);
      io.out(`check ${scenario}: seed ${seed}, ${opts.runs} runs per invariant, faults ${faultText}\n`);
      const failed: string[] = [];
      for (const spec of specs) {
        const started = now();
        const result = checkInvariant(spec, { numRuns: opts.runs, seed, replayDir: opts.replayDir });
        const seconds = ((now() - started) / 1000).toFixed(2);
        if (result.passed) {
          io.out(`  ok    ${spec.name}: ${result.runs} runs, faults ${faultText}, ${seconds} s\n`);
          continue;
        }
        failed.push(spec.name);
        io.out(`  FAIL  ${spec.name}: failed at run ${result.runs}, shrunk ${result.shrinks} times, faults ${faultText}, ${seconds} s\n`);
        io.out(indent(result.report));
        io.out(`${replayCommand(result.failure!.replayPath!)}\n`);
      }
      if (failed.length > 0) throw new Error(`${failed.length} of ${specs.length} invariants failed: ${failed.join(', ')}`);
    });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `        ${l}`))
    .join('\n');
}
