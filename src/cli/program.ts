import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { stableStringify } from '../sim/key-id.js';
import { DEFAULT_SAMPLES_DEMO, runSamplesDemo } from '../scenarios/utopia/samples-demo.js';
import { registerQttCommand } from './qtt-command.js';
import { registerSqlCommand } from './sql-command.js';

/** Jobs `streamsim run` knows; the five seeded scenarios join this list as they land. */
export const JOBS: Readonly<Record<string, string>> = {
  'utopia-samples': "The Utopia workshop's two samples, TopCustomerArtists and PurchaseEventTicket, on the in-memory broker",
};

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

function integer(name: string, min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got '${raw}'`);
    return n;
  };
}

function buildProgram(io: CliIo): Command {
  const program = new Command()
    .name('streamsim')
    .description('The Kafka stack in one deterministic process')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined });

  program
    .command('list')
    .description('list the jobs that `streamsim run` can run')
    .action(() => {
      for (const [name, text] of Object.entries(JOBS)) io.out(`${name.padEnd(16)} ${text}\n`);
    });

  program
    .command('run')
    .description('run a job on the in-memory broker and print its output records')
    .argument('<job>', `one of: ${Object.keys(JOBS).join(', ')}`)
    .option('--seed <n>', 'seed for every choice and generated record', integer('--seed', 0), DEFAULT_SAMPLES_DEMO.seed)
    .option('--partitions <n>', 'partitions of every topic (one task per partition)', integer('--partitions', 1), 1)
    .option('--format <format>', 'output: table or ndjson', 'table')
    .action((job: string, opts: { seed: number; partitions: number; format: string }) => {
      if (!(job in JOBS)) throw new InvalidArgumentError(`unknown job '${job}'; known jobs: ${Object.keys(JOBS).join(', ')}`);
      if (opts.format !== 'table' && opts.format !== 'ndjson') {
        throw new InvalidArgumentError(`--format must be table or ndjson, got '${opts.format}'`);
      }
      const result = runSamplesDemo({ ...DEFAULT_SAMPLES_DEMO, seed: opts.seed, partitions: opts.partitions });
      for (const o of result.outputs) {
        if (opts.format === 'ndjson') io.out(`${stableStringify(o)}\n`);
        else io.out(`${new Date(o.timestamp).toISOString()}  ${o.topic.padEnd(35)} ${String(o.key).padEnd(12)} ${summarize(o.value)}\n`);
      }
      io.err(
        `${result.inputs} records in, ${result.outputs.length} out, ${result.droppedRecords} dropped; ` +
          `seed ${opts.seed}, ${opts.partitions} partition(s); trace ${result.traceHash.slice(0, 16)}\n`,
      );
    });

  registerQttCommand(program, io);
  registerSqlCommand(program, io);
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
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
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
