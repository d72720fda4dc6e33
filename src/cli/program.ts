import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { AnyScenario } from '../scenarios/common/index.js';
import { SCENARIOS } from '../scenarios/registry.js';
import { DEFAULT_SAMPLES_DEMO, runSamplesDemo } from '../scenarios/utopia/samples-demo.js';
import { stableStringify } from '../sim/key-id.js';
import { registerCheckCommand } from './check-command.js';
import { registerQttCommand } from './qtt-command.js';
import { registerRegistryCommand } from './registry-command.js';
import { registerReplayCommand } from './replay-command.js';
import { type CliJob, registerScenarioCommands } from './scenario-commands.js';
import { registerSqlCommand } from './sql-command.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: long runs show a progress bar there. */
  readonly errIsTTY?: boolean;
  /** Wall-clock milliseconds, for the progress bar only (the CLI is the one place allowed the wall clock). */
  readonly now?: () => number;
}

/** What the command line runs; specs pass their own scenarios. */
export interface CliDeps {
  /** The scenarios `list`, `gen` and `run` know; default: the registry's. */
  readonly scenarios?: readonly AnyScenario[];
  /** Resolves when a serving command should stop (default: on SIGINT or SIGTERM); specs resolve it themselves. */
  readonly untilInterrupted?: () => Promise<void>;
}

/** The Utopia workshop's two samples: `npm run demo`, the README's first command. */
export const UTOPIA_SAMPLES_JOB: CliJob = {
  name: 'utopia-samples',
  description: "The Utopia workshop's two samples, TopCustomerArtists and PurchaseEventTicket, on the in-memory broker",
  run(opts, io) {
    const format = opts.format ?? 'table';
    if (format !== 'table' && format !== 'ndjson') throw new InvalidArgumentError(`--format must be table or ndjson, got '${format}'`);
    const seed = opts.seed ?? DEFAULT_SAMPLES_DEMO.seed;
    const result = runSamplesDemo({ ...DEFAULT_SAMPLES_DEMO, seed, partitions: opts.partitions });
    for (const o of result.outputs) {
      if (format === 'ndjson') io.out(`${stableStringify(o)}\n`);
      else io.out(`${new Date(o.timestamp).toISOString()}  ${o.topic.padEnd(35)} ${String(o.key).padEnd(12)} ${summarize(o.value)}\n`);
    }
    io.err(
      `${result.inputs} records in, ${result.outputs.length} out, ${result.droppedRecords} dropped; ` +
        `seed ${seed}, ${opts.partitions} partition(s); trace ${result.traceHash.slice(0, 16)}\n`,
    );
  },
};

/** Resolves on the first SIGINT or SIGTERM. */
function untilSigint(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function buildProgram(io: CliIo, deps: CliDeps): Command {
  const program = new Command()
    .name('streamsim')
    .description('The Kafka stack in one deterministic process')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined });

  registerScenarioCommands(program, io, { scenarios: deps.scenarios ?? SCENARIOS, jobs: [UTOPIA_SAMPLES_JOB] });
  registerQttCommand(program, io);
  registerSqlCommand(program, io);
  registerCheckCommand(program, io);
  registerReplayCommand(program, io);
  registerRegistryCommand(program, io, deps.scenarios ?? SCENARIOS, deps.untilInterrupted ?? untilSigint);
  return program;
}

function summarize(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'confirmationStatus' in value) {
    const v = value as { confirmationStatus: string; confirmationId: string; remainingTickets: number };
    return `${v.confirmationStatus} ${v.confirmationId} remaining=${v.remainingTickets}`;
  }
  return stableStringify(value);
}

/**
 * Runs the command line and returns the exit code. Any failure is one readable line on stderr and a
 * non-zero code; help and version output exit 0.
 */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  try {
    await buildProgram(io, deps).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      io.err(`streamsim: ${err.message.replace(/^error: /, '').split('\n')[0]}\n`);
      return err.exitCode || 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`streamsim: ${message.split('\n')[0]}\n`);
    return 1;
  }
}
