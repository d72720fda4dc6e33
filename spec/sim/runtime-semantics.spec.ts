import { describe, expect, it } from 'vitest';
import { StreamsBuilder, TestDriver, Topology, type Processor, type ProcessorContext } from '../../src/index.js';

/** Records every (topic, value, stream time) a single processor sees over two source topics. */
function twoTopicTopology(seen: string[]): Topology {
  const t = new Topology();
  t.addSource('a', 'topic-a');
  t.addSource('b', 'topic-b');
  t.addProcessor(
    'p',
    (): Processor<string, string> => {
      let ctx!: ProcessorContext;
      return {
        init(c) {
          ctx = c;
        },
        process(r) {
          seen.push(`${ctx.recordMetadata()!.topic}:${r.value}@${r.timestamp} st=${ctx.currentStreamTimeMs()}`);
        },
      };
    },
    'a',
    'b',
  );
  return t;
}

describe('runtime: record choice, stream time, punctuation (Kafka StreamTask / PartitionGroup)', () => {
  it('a task with several input partitions processes the lowest head timestamp first (PartitionGroup#nextRecord)', () => {
    const seen: string[] = [];
    const driver = new TestDriver(twoTopicTopology(seen));
    const a = driver.createInputTopic<string, string>('topic-a');
    const b = driver.createInputTopic<string, string>('topic-b');
    driver.batch(() => {
      a.pipeInput('k', 'a1', 10);
      a.pipeInput('k', 'a2', 30);
      b.pipeInput('k', 'b1', 20);
      b.pipeInput('k', 'b2', 5); // behind b1 in its partition: partitions are never reordered inside
    });
    expect(seen).toEqual(['topic-a:a1@10 st=10', 'topic-b:b1@20 st=20', 'topic-b:b2@5 st=20', 'topic-a:a2@30 st=30']);
  });

  it('ties between partitions go to the input that comes first in the topology', () => {
    const seen: string[] = [];
    const driver = new TestDriver(twoTopicTopology(seen));
    const a = driver.createInputTopic<string, string>('topic-a');
    const b = driver.createInputTopic<string, string>('topic-b');
    driver.batch(() => {
      b.pipeInput('k', 'b1', 7);
      a.pipeInput('k', 'a1', 7);
    });
    expect(seen.map((s) => s.split('@')[0])).toEqual(['topic-a:a1', 'topic-b:b1']);
  });

  it('stream time never decreases: an out-of-order record leaves it where it was', () => {
    const seen: string[] = [];
    const driver = new TestDriver(twoTopicTopology(seen));
    const a = driver.createInputTopic<string, string>('topic-a');
    a.pipeInput('k', 'x', 100);
    a.pipeInput('k', 'y', 40);
    expect(seen).toEqual(['topic-a:x@100 st=100', 'topic-a:y@40 st=100']);
  });

  it('wall-clock punctuation is aligned to the time it was scheduled and fires only when the virtual clock moves', () => {
    const fired: number[] = [];
    const t = new Topology();
    t.addSource('s', 'in');
    t.addProcessor(
      'p',
      (): Processor => ({
        init(c) {
          c.schedule(1000, 'WALL_CLOCK_TIME', (now) => fired.push(now));
        },
        process() {},
      }),
      's',
    );
    const driver = new TestDriver(t, { startTime: 5_000 });
    driver.createInputTopic('in').pipeInput('k', 'v', 999_999); // event time does not move the wall clock
    expect(fired).toEqual([]);
    driver.advanceWallClockTime(999);
    expect(fired).toEqual([]);
    driver.advanceWallClockTime(1);
    expect(fired).toEqual([6_000]);
    driver.advanceWallClockTime(3_500); // missed 7000 and 8000: one punctuation, next at 10000
    expect(fired).toEqual([6_000, 9_500]);
    driver.advanceWallClockTime(500);
    expect(fired).toEqual([6_000, 9_500, 10_000]);
  });

  it('a cancelled punctuation stops firing', () => {
    const fired: number[] = [];
    const t = new Topology();
    t.addSource('s', 'in');
    t.addProcessor(
      'p',
      (): Processor => ({
        init(c) {
          const handle = c.schedule(10, 'STREAM_TIME', (ts) => {
            fired.push(ts);
            if (fired.length === 2) handle.cancel();
          });
        },
        process() {},
      }),
      's',
    );
    const driver = new TestDriver(t);
    const input = driver.createInputTopic('in');
    for (const ts of [0, 10, 20, 30]) input.pipeInput('k', 'v', ts);
    expect(fired).toEqual([0, 10]);
  });

  it('the DSL graph splits into sub-topologies at repartition topics, one task per partition each', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in')
      .selectKey((_k, v) => v)
      .groupByKey()
      .count()
      .toStream()
      .to('out');
    const driver = new TestDriver(b, { partitions: 4 });
    expect(driver.runtime.tasks.map((t) => t.idString)).toEqual(['0_0', '0_1', '0_2', '0_3', '1_0', '1_1', '1_2', '1_3']);
  });
});
