import { InvalidArgumentError, type Command } from 'commander';
import { checkInvariant, replayCommand } from '../assertions/harness/index.js';
import { FAULT_KINDS, parseFaultKinds } from '../assertions/harness/fault-kinds.js';
import { scenarioInvariants, scenariosWithInvariants } from '../scenarios/invariants/index.js';
import type { CliIo } from './program.js';

/** Where failing histories go unless `--replay-dir` says otherwise (relative to the working directory). */
export const DEFAULT_REPLAY_DIR = 'fixtures/replays';
const DEFAULT_RUNS = 100;

interface CheckOptions {
  runs: number;
  seed?: number;
  faults?: string;
  replayDir: string;
}

function positiveInteger(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--runs must be an integer >= 1, got '${raw}'`);
  return n;
}

function integer(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || raw.trim() === '') throw new InvalidArgumentError(`--seed must be an integer, got '${raw}'`);
  return n;
}

/**
 * `streamsim check <scenario>`: runs the scenario's invariants as fast-check properties over generated histories
 * with the faults asked for, one line per invariant (runs, faults, time); a failing one prints its shrunk history,
 * writes the replay file and the command that replays it, and the command exits 1.
 */
export function registerCheckCommand(program: Command, io: CliIo): void {
  program
    .command('check')
    .description("run a scenario's invariants as properties over generated, faulty histories")
    .argument('<scenario>', `a scenario with invariants: ${scenariosWithInvariants().join(', ')}`)
    .option('--runs <n>', 'histories per invariant', positiveInteger, DEFAULT_RUNS)
    .option('--seed <s>', 'fast-check seed (default: a new one, printed)', integer)
    .option('--faults <list>', `comma-separated faults to inject: ${FAULT_KINDS.join(',')}`)
    .option('--replay-dir <dir>', 'where a failing history is written', DEFAULT_REPLAY_DIR)
    .action((scenario: string, opts: CheckOptions) => {
      let faults;
      try {
        faults = parseFaultKinds(opts.faults ?? '');
      } catch (err) {
        throw new InvalidArgumentError(`--faults: ${(err as Error).message}`);
      }
      const specs = scenarioInvariants(scenario, faults);
      if (specs === undefined) throw new InvalidArgumentError(`no invariants for scenario '${scenario}'; known: ${scenariosWithInvariants().join(', ')}`);
      // the CLI may use the wall clock and chance: a run without --seed draws one and prints it
      const seed = opts.seed ?? Math.floor(Math.random() * 0x7fffffff);
      const now = io.now ?? (() => performance.now());
      const faultText = faults.length === 0 ? 'none' : faults.join(',');
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
