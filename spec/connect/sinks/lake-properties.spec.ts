/** Properties of the lake layout over random records: every record lands once, in its day's folder, in order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, NdjsonLakeSink } from '../../../src/connect/sinks/index.js';
import { Broker } from '../../../src/sim/broker.js';
import { VirtualClock } from '../../../src/sim/clock.js';

const T0 = 1_704_067_200_000;
const DAY = 86_400_000;

describe('NdjsonLakeSink properties', () => {
  it('each record is in exactly one file, under the UTC date of its timestamp, files in offset order and ≤ flushSize lines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ partition: fc.nat(2), ts: fc.integer({ min: T0 - DAY, max: T0 + 2 * DAY }) }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (flushSize, partitions, specs, pollAfter) => {
          const broker = new Broker({ clock: new VirtualClock(T0) });
          broker.createTopic('t', { partitions });
          const fs = new MemoryFileSystem();
          const sink = new NdjsonLakeSink({ broker, topics: ['t'], fs, flushSize, dir: '' });
          specs.forEach((s, i) => {
            broker.produce('t', { key: `k${i}`, value: i, timestamp: s.ts, partition: s.partition % partitions });
            if (i === pollAfter) sink.poll();
          });
          sink.poll();
          sink.flush();
          const seen: number[] = [];
          for (const path of fs.paths()) {
            const [topic, dateDir, name] = path.split('/');
            const [, p, start] = /^t\+(\d+)\+(\d{10})\.ndjson$/.exec(name!)!;
            const lines = fs.readFile(path)!.trimEnd().split('\n').map((l) => JSON.parse(l) as { partition: number; offset: number; timestamp: number; value: number });
            expect(topic).toBe('t');
            expect(lines.length).toBeLessThanOrEqual(flushSize);
            expect(lines[0]!.offset).toBe(Number(start));
            for (const l of lines) {
              expect(l.partition).toBe(Number(p));
              expect(dateDir).toBe(`date=${new Date(l.timestamp).toISOString().slice(0, 10)}`);
              seen.push(l.value);
            }
            const offsets = lines.map((l) => l.offset);
            expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
          }
          expect(seen.sort((a, b) => a - b)).toEqual(specs.map((_, i) => i));
        },
      ),
      { numRuns: 60 },
    );
  });
});
