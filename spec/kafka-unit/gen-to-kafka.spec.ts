import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { KafkaUrlError, parseKafkaUrl } from '../../src/kafka/kafka-url.js';
import { WirePlacement } from '../../src/kafka/wire-messages.js';
import type { GeneratedRecord } from '../../src/scenarios/common/index.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';
import { Broker } from '../../src/sim/broker.js';
import { TINY } from '../cli/tiny-scenario.js';

// `streamsim gen --to kafka://...` without a broker: the URL, the wire form and placement of records, and the one
// line the CLI prints when the cluster cannot be reached. spec/kafka/gen-to-kafka.spec.ts publishes for real.

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { scenarios: [TINY] });
  return { code, out, err };
}

describe('parseKafkaUrl', () => {
  it('gives the bootstrap brokers of kafka://HOST:PORT[,HOST:PORT]', () => {
    expect(parseKafkaUrl('kafka://127.0.0.1:9092')).toEqual(['127.0.0.1:9092']);
    expect(parseKafkaUrl('kafka://a.example:9092,b-2.example:9093/')).toEqual(['a.example:9092', 'b-2.example:9093']);
    expect(parseKafkaUrl('kafka://[::1]:9092')).toEqual(['[::1]:9092']);
  });

  it.each([
    ['127.0.0.1:9092', 'it has no kafka:// scheme'],
    ['http://host:9092', 'the scheme must be kafka://'],
    ['kafka://', 'no broker'],
    ['kafka://host', "'host' is not HOST:PORT"],
    ['kafka://host:0', 'port 0 is not in 1..65535'],
    ['kafka://host:70000', 'port 70000 is not in 1..65535'],
    ['kafka://a:1,,b:2', 'an empty broker in the list'],
    ['kafka://user@host:9092', 'a path, query or user name has no meaning here'],
    ['kafka://host:9092/topic', 'a path, query or user name has no meaning here'],
  ])('refuses %s in one line', (url, reason) => {
    expect(() => parseKafkaUrl(url)).toThrow(KafkaUrlError);
    expect(() => parseKafkaUrl(url)).toThrow(`bad Kafka URL '${url}': ${reason}; expected kafka://HOST:PORT[,HOST:PORT]`);
  });
});

const record = (topic: string, key: unknown, seq: number, extra: Partial<GeneratedRecord> = {}): GeneratedRecord => ({
  topic,
  key,
  value: { seq, price: 1.5, note: 'é' },
  timestamp: 1_704_067_200_000 + seq,
  appendAt: 1_704_067_200_000 + seq,
  seq,
  ...extra,
});

describe('WirePlacement', () => {
  it('writes string keys as UTF-8, values as JSON bytes, and keeps the timestamp and headers', () => {
    const m = new WirePlacement(() => 3).message(record('t', 'kéy', 7, { headers: [{ key: 'h', value: 'a' }, { key: 'h', value: new Uint8Array([1]) }] }));
    expect(m.key).toEqual(Buffer.from('kéy', 'utf8'));
    expect(JSON.parse(m.value!.toString('utf8'))).toEqual({ seq: 7, price: 1.5, note: 'é' });
    expect(m.timestamp).toBe('1704067200007');
    expect(m.headers).toEqual({ h: ['a', Buffer.from([1])] });
    expect(new WirePlacement(() => 1).message({ ...record('t', 'k', 1), value: null }).value).toBeNull();
  });

  it('places every record where the in-memory broker does, and keyed ones where kafkajs DefaultPartitioner does', () => {
    const partitions = 5;
    const broker = new Broker();
    broker.createTopic('t', { partitions });
    const placement = new WirePlacement(() => partitions);
    const kafkajsPartitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
    const keys: unknown[] = ['a', 'b', 'kéy', '', 'Ct5dQoN1dKX4', 42, null, { id: 'x' }, null, 'zz', null];
    keys.forEach((key, i) => {
      const r = record('t', key, i);
      const onWire = placement.message(r);
      const inMemory = broker.produce('t', { key, value: r.value, timestamp: r.timestamp });
      expect(onWire.partition, `key ${JSON.stringify(key)}`).toBe(inMemory.partition);
      if (onWire.key !== null) expect(kafkajsPartitioner({ topic: 't', partitionMetadata, message: { key: onWire.key, value: onWire.value } })).toBe(onWire.partition);
    });
    expect(placement.message(record('t', 'a', 99, { partition: 4 })).partition).toBe(4);
    expect(() => placement.message(record('t', 'a', 99, { partition: 5 }))).toThrow("names partition 5, but the topic has 5");
  });

  it('serializes every record of every scenario (the values are JSON)', () => {
    for (const scenario of SCENARIOS) {
      const placement = new WirePlacement(() => 3);
      for (const r of scenario.generate({ ...scenario.defaults, ...scenario.sizeFor(300) })) expect(() => placement.message(r)).not.toThrow();
    }
  });
});

describe('streamsim gen --to', () => {
  it('refuses a bad URL in one line, before connecting', async () => {
    const r = await cli('gen', 'tiny', '--to', 'http://localhost:9092');
    expect(r.code).toBe(1);
    expect(r.err).toBe("streamsim: bad Kafka URL 'http://localhost:9092': the scheme must be kafka://; expected kafka://HOST:PORT[,HOST:PORT]\n");
    expect(r.out).toBe('');
  });

  it('says in one line that an unreachable broker cannot be reached', async () => {
    // port 1 on the loopback: nothing listens, the connection is refused at once
    const r = await cli('gen', 'tiny', '--to', 'kafka://127.0.0.1:1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^streamsim: cannot reach Kafka at 127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
    expect(r.out).toBe('');
  });

  it('takes --partitions only with --to, and not --to with --out', async () => {
    expect((await cli('gen', 'tiny', '--partitions', '3')).err).toBe('streamsim: --partitions applies with --to (NDJSON names no partitions)\n');
    expect((await cli('gen', 'tiny', '--to', 'kafka://h:1', '--out', 'f')).err).toBe('streamsim: --to publishes to Kafka and --out writes a file: give one of them\n');
  });
});
