import { TestDriver } from '../sim/driver/test-driver.js';
import type { TestInputTopic } from '../sim/driver/test-input-topic.js';
import type { TestOutputTopic } from '../sim/driver/test-output-topic.js';
import type { Windowed } from '../sim/stores/window-store.js';
import { StreamsBuilder } from '../streams/index.js';
import type { InputRecord, Json, OutputRecord } from './records.js';
import type { Workload } from './workloads.js';

/**
 * Runs a workload's input through streamsim's TestDriver as the contract says Kafka's TopologyTestDriver
 * runs it: one partition, no record cache, each record piped into its topic with its timestamp, and after
 * each one every output topic read in the workload's order.
 */
export function runStreamsim(w: Workload, input: readonly InputRecord[]): OutputRecord[] {
  const builder = new StreamsBuilder();
  w.build(builder);
  const driver = new TestDriver(builder, { partitions: 1, trace: false, cacheMaxBytes: 0 });
  try {
    const inputs = new Map<string, TestInputTopic<string | null, Json>>(w.inputs.map((t) => [t.topic, driver.createInputTopic<string | null, Json>(t.topic)]));
    const outputs = w.outputs.map((t) => ({ spec: t, topic: driver.createOutputTopic<unknown, unknown>(t.topic) }));
    const out: OutputRecord[] = [];
    for (const r of input) {
      const topic = inputs.get(r.topic);
      if (topic === undefined) throw new Error(`workload ${w.name} has no input topic '${r.topic}' (it reads ${w.inputs.map((t) => t.topic).join(', ')})`);
      topic.pipeInput(r.key, r.value, r.timestamp);
      for (const o of outputs) readAll(o.topic, o.spec.windowed, out);
    }
    return out;
  } finally {
    driver.close();
  }
}

function readAll(topic: TestOutputTopic<unknown, unknown>, windowed: boolean, out: OutputRecord[]): void {
  while (!topic.isEmpty()) {
    const r = topic.readRecord();
    const value = toJson(r.value);
    if (windowed) {
      const wk = r.key as Windowed<unknown>;
      out.push({ topic: topic.name, key: toJson(wk.key), window: { start: wk.window.start, end: wk.window.end }, value, timestamp: r.timestamp });
    } else {
      out.push({ topic: topic.name, key: toJson(r.key), window: null, value, timestamp: r.timestamp });
    }
  }
}

/** The value as JSON sees it (undefined becomes null, as a missing value does on the wire). */
function toJson(x: unknown): Json {
  if (x === undefined) return null;
  if (typeof x !== 'object' || x === null) return x as Json;
  return JSON.parse(JSON.stringify(x)) as Json;
}
