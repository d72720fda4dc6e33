/**
 * `streamsim run <scenario> --on kafka://HOST:PORT`: the scenario's Kafka Streams applications on a real cluster,
 * over the input topics `gen --to` published there. kafkajs is loaded here, lazily, only when --on is given;
 * progress goes to stderr about every second, the summary to stdout as `run` prints it in memory.
 */
import type { AnyScenario } from '../scenarios/common/index.js';
import type { ProcessingGuarantee } from '../sim/runtime/transaction.js';
import { parseKafkaUrl } from '../kafka/kafka-url.js';
import type { CliIo } from './program.js';
import { renderSummaryTable } from './summary-table.js';

const PROGRESS_EVERY_MS = 1000;

export interface RunOnKafkaOptions {
  readonly url: string;
  readonly seed: number;
  readonly options: Record<string, unknown>;
  readonly instances: number;
  readonly processingGuarantee: ProcessingGuarantee;
  readonly json: boolean;
}

export async function runOnKafka(scenario: AnyScenario, opts: RunOnKafkaOptions, io: CliIo): Promise<void> {
  // a bad URL fails before kafkajs is loaded
  const brokers = parseKafkaUrl(opts.url);
  const { runScenarioOnKafka } = await import('../kafka/run-scenario-on-kafka.js');
  // the CLI is the one place allowed the wall clock (for rates only)
  const now = io.now ?? (() => performance.now());
  const started = now();
  let lastAt = started;
  const result = await runScenarioOnKafka(scenario, {
    brokers,
    seed: opts.seed,
    options: opts.options,
    instances: opts.instances,
    processingGuarantee: opts.processingGuarantee,
    onProgress: (p) => {
      const t = now();
      if (t - lastAt < PROGRESS_EVERY_MS) return;
      lastAt = t;
      io.err(`${scenario.name} on ${brokers.join(',')}: ${p.processed} records processed by ${p.applications} applications, ${p.lagging} input partitions behind\n`);
    },
  });
  const seconds = (now() - started) / 1000;
  const outputs = Object.fromEntries([...result.outputs].map(([t, rs]) => [t, rs.length]));
  if (opts.json) {
    io.out(
      `${JSON.stringify({
        scenario: result.scenario,
        seed: opts.seed,
        on: brokers.join(','),
        instances: result.instances,
        processingGuarantee: opts.processingGuarantee,
        applications: result.applications,
        processed: result.processed,
        outputs,
        deadLettered: result.deadLettered,
        dropped: result.dropped,
        seconds,
        summary: result.summary,
      })}\n`,
    );
    return;
  }
  const parts: string[] = [
    `${scenario.name} on ${brokers.join(',')}: ${result.applications.length} applications x ${result.instances} instance${result.instances === 1 ? '' : 's'}, ${opts.processingGuarantee}, ${result.processed} records processed in ${seconds.toFixed(1)} s\n`,
  ];
  for (const table of result.summary) parts.push(renderSummaryTable(table));
  parts.push(renderSummaryTable({ title: 'records per output topic', columns: ['topic', 'records'], rows: Object.entries(outputs) }));
  parts.push(`dropped by processors: ${result.dropped}${result.deadLettered > 0 ? `\ndead-lettered input records: ${result.deadLettered}` : ''}\nseed ${opts.seed}\n`);
  io.out(parts.join('\n'));
}
