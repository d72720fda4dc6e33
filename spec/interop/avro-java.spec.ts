import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioSchemas } from '../../src/scenarios/common/scenario-schemas.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';
import { avroSerde } from '../../src/sim/schema-registry/avro-serde.js';

// Issue 9: the bytes agree with the reference library. For every scenario schema, Apache Avro 1.12 (Java, the
// reference program's AvroCheck; `pretest` builds it) decodes what streamsim's Avro serde wrote, in Confluent's wire
// format, to the value streamsim had; Java's own encoding of that value is byte for byte streamsim's, and streamsim
// reads it back to the same value.
const jar = fileURLToPath(new URL('../../bench/java/target/streamsim-reference.jar', import.meta.url));

interface JavaAnswer {
  readonly id: number;
  readonly json: string;
  readonly framed: string;
}

function javaCheck(requests: readonly { schema: string; framed: Uint8Array }[]): JavaAnswer[] {
  const input = requests.map((r) => JSON.stringify({ schema: r.schema, framed: Buffer.from(r.framed).toString('base64') })).join('\n');
  const out = execFileSync('java', ['-cp', jar, 'dev.streamsim.reference.AvroCheck'], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.trim().split('\n').map((l) => JSON.parse(l) as JavaAnswer);
}

/** An absent optional field is null once read back: the value as Avro gives it. */
function asAvroReadsIt(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asAvroReadsIt);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === undefined ? null : asAvroReadsIt(x)]));
  return v;
}

describe('streamsim Avro against Apache Avro (Java)', () => {
  it('every scenario schema: Java reads what streamsim writes, writes the same bytes, and streamsim reads those', () => {
    const cases: { topic: string; schema: string; value: unknown; framed: Uint8Array; serde: ReturnType<typeof avroSerde> }[] = [];
    for (const scenario of SCENARIOS) {
      const { registry } = scenarioSchemas(scenario);
      const input = scenario.generate({ ...scenario.defaults, ...scenario.sizeFor(300) });
      for (const topic of scenario.inputTopics) {
        const subject = `${topic.name}-value`;
        if (!registry.subjects().includes(subject)) continue;
        const schema = registry.latest(subject).schema;
        const serde = avroSerde({ registry, schema });
        const values = input.filter((r) => r.topic === topic.name && r.value !== null && r.value !== undefined && topic.value.safeParse(r.value).success).map((r) => r.value);
        for (const value of values.slice(0, 40)) cases.push({ topic: topic.name, schema, value, framed: serde.serialize(topic.name, value)!, serde });
      }
    }
    expect(cases.length).toBeGreaterThan(300);
    const answers = javaCheck(cases);
    expect(answers).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const answer = answers[i]!;
      const expected = asAvroReadsIt(c.value);
      expect(JSON.parse(answer.json), `${c.topic}: Java's reading`).toEqual(expected);
      expect(Buffer.from(answer.framed, 'base64').toString('hex'), `${c.topic}: Java's bytes`).toBe(Buffer.from(c.framed).toString('hex'));
      expect(c.serde.deserialize(c.topic, new Uint8Array(Buffer.from(answer.framed, 'base64'))), `${c.topic}: streamsim reading Java's bytes`).toEqual(expected);
    });
  });
});
