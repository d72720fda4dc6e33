import { describe, expect, it } from 'vitest';
import { Materialized, StreamsBuilder, TestDriver } from '../src/index.js';

function wordCount(): StreamsBuilder {
  const builder = new StreamsBuilder();
  builder
    .stream<string | null, string>('text-lines')
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w !== ''))
    .groupBy((_key, word) => word)
    .count(Materialized.as('counts'))
    .toStream()
    .to('word-counts');
  return builder;
}

describe('word count', () => {
  it('counts words across 3 partitions, deterministically', () => {
    const run = () => {
      const driver = new TestDriver(wordCount(), { partitions: 3, seed: 42 });
      const lines = driver.createInputTopic<string | null, string>('text-lines');
      const counts = driver.createOutputTopic<string, number>('word-counts');
      lines.pipeInput('doc-1', 'Kafka streams, in one process', 1_000);
      lines.pipeInput('doc-2', 'one seed, one run', 2_000);
      expect(counts.readKeyValuesToMap().get('one')).toBe(3);
      expect(driver.getKeyValueStore<string, number>('counts').get('kafka')).toBe(1);
      // The repartition topic is named as Kafka Streams names it.
      expect(driver.producedTopicNames()).toContain('streamsim-test-counts-repartition');
      return driver.traceHash();
    };
    expect(run()).toBe(run()); // same seed, same input: the same run, record for record
  });
});
