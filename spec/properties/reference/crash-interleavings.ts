/*
 * Brute-force references for runs with crashes, written from Kafka's rules, not from src/sim:
 * - A restarted task re-reads each input partition from its committed offset and, among its buffered partitions,
 *   takes the record with the lowest head timestamp first (PartitionGroup#nextRecord). So after a crash the
 *   records of two co-partitioned topics may be processed in another interleaving than the crash-free run's,
 *   though each partition stays in offset order.
 * - exactly_once_v2: every record is processed once in the committed result.
 */
import { joined, type JoinOutput, type TableUpdate } from './joins.js';
import { partitionOf } from './windowing.js';

/**
 * Whether one task's outputs are the join of SOME order of its stream and table records that keeps each
 * partition's offset order, each record once. A restarted task re-reads both partitions from the committed
 * offsets and takes the lowest head timestamp first (PartitionGroup#nextRecord), so with reordered input it may
 * process a redelivered table update before a stream record it followed in the crash-free run. Search over
 * (stream records taken, table updates taken, outputs matched): the table after j updates is fixed.
 */
export function someOrderJoins(updates: readonly TableUpdate[], outputs: readonly JoinOutput[], kind: 'inner' | 'left'): boolean {
  const streamSide = updates.filter((u) => u.topic === 'stream');
  const tableSide = updates.filter((u) => u.topic === 'table');
  const tableAfter = (j: number) => {
    const t = new Map<string, string>();
    for (const u of tableSide.slice(0, j)) if (u.value === null) t.delete(u.key);
    else t.set(u.key, u.value);
    return t;
  };
  const seen = new Set<string>();
  const stack: [number, number, number][] = [[0, 0, 0]];
  while (stack.length > 0) {
    const [i, j, k] = stack.pop()!;
    if (i === streamSide.length && j === tableSide.length && k === outputs.length) return true;
    const moves: [number, number, number][] = [];
    if (j < tableSide.length) moves.push([i, j + 1, k]);
    if (i < streamSide.length) {
      const s = streamSide[i]!;
      const t = tableAfter(j).get(s.key) ?? null;
      const o = outputs[k];
      if (t === null && kind === 'inner') moves.push([i + 1, j, k]);
      else if (o !== undefined && o.key === s.key && o.value === joined(s.value, t) && o.timestamp === s.timestamp) moves.push([i + 1, j, k + 1]);
    }
    for (const m of moves) {
      if (seen.has(m.join())) continue;
      seen.add(m.join());
      stack.push(m);
    }
  }
  return false;
}

/** True when some record is appended after one of the other topic, in its partition, with an earlier timestamp. */
export function redeliveryCanReorder(updates: readonly TableUpdate[], partitions: number): boolean {
  const latest = new Map<string, number>();
  for (const u of updates) {
    const p = partitionOf(u.key, partitions);
    const other = latest.get(`${p}:${u.topic === 'stream' ? 'table' : 'stream'}`) ?? Number.NEGATIVE_INFINITY;
    if (u.timestamp < other) return true;
    latest.set(`${p}:${u.topic}`, Math.max(latest.get(`${p}:${u.topic}`) ?? Number.NEGATIVE_INFINITY, u.timestamp));
  }
  return false;
}

