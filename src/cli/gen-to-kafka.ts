/**
 * `streamsim gen <scenario> --to kafka://HOST:PORT`: the generated records go to a real cluster instead of stdout.
 * kafkajs is loaded here, lazily, only when --to is given; progress (records/s, about every second) goes to
 * stderr and the summary (records per topic, partitions, seconds) to stdout.
 */
import type { AnyScenario, GeneratedRecord } from '../scenarios/common/index.js';
import { parseKafkaUrl } from '../kafka/kafka-url.js';
import type { CliIo } from './program.js';
import { renderSummaryTable } from './summary-table.js';

const PROGRESS_EVERY_MS = 1000;

export async function genToKafka(scenario: AnyScenario, records: readonly GeneratedRecord[], url: string, partitions: number, seed: number, io: CliIo): Promise<void> {
  // a bad URL fails before kafkajs is loaded
  const brokers = parseKafkaUrl(url);
  const { publishGenerated } = await import('../kafka/publish-generated.js');
  // the CLI is the one place allowed the wall clock (for rates only)
  const now = io.now ?? (() => performance.now());
  const started = now();
  let lastAt = started;
  let lastSent = 0;
  const summary = await publishGenerated(records, {
    brokers,
    topics: scenario.inputTopics,
    partitions,
    onProgress: (sent, total) => {
      const t = now();
      if (t - lastAt < PROGRESS_EVERY_MS || sent === total) return;
      const rate = ((sent - lastSent) * 1000) / (t - lastAt);
      io.err(`${scenario.name} -> ${brokers.join(',')}: ${sent}/${total} records, ${Math.round(rate)} records/s\n`);
      lastAt = t;
      lastSent = sent;
    },
  });
  const seconds = (now() - started) / 1000;
  io.out(
    renderSummaryTable({
      title: `${scenario.name}, seed ${seed}: ${summary.records} records to ${brokers.join(',')}`,
      columns: ['topic', 'partitions', 'records', 'topic was'],
      rows: summary.topics.map((t) => [t.topic, t.partitions, t.records, t.created ? 'created' : 'existing']),
    }),
  );
  if (summary.deadLettered > 0) io.out(`${summary.deadLettered} records failed their topic's schema and went to its -dlq topic with the reason\n`);
  io.out(`${summary.records} records in ${seconds.toFixed(2)} s (${Math.round(summary.records / Math.max(seconds, 1e-3))} records/s)\n`);
}
