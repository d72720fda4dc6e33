import { describe, expect, it } from 'vitest';
import { roundRobinAssign } from '../../src/sim/clients/assignors/round-robin-assignor.js';

const names = (tps: Array<{ topic: string; partition: number }> | undefined): string[] => (tps ?? []).map((tp) => `${tp.topic}p${tp.partition}`);

describe('roundRobinAssign: the examples of the RoundRobinAssignor javadoc (org.apache.kafka.clients.consumer.RoundRobinAssignor)', () => {
  it('identical subscriptions: partitions dealt in turn, topics and members in order', () => {
    const a = roundRobinAssign(
      new Map([
        ['t0', 3],
        ['t1', 3],
      ]),
      new Map([
        ['C0', ['t0', 't1']],
        ['C1', ['t0', 't1']],
      ]),
    );
    expect(names(a.get('C0'))).toEqual(['t0p0', 't0p2', 't1p1']);
    expect(names(a.get('C1'))).toEqual(['t0p1', 't1p0', 't1p2']);
  });

  it('different subscriptions: a member not subscribed to a topic is skipped', () => {
    const a = roundRobinAssign(
      new Map([
        ['t0', 1],
        ['t1', 2],
        ['t2', 3],
      ]),
      new Map([
        ['C0', ['t0']],
        ['C1', ['t0', 't1']],
        ['C2', ['t0', 't1', 't2']],
      ]),
    );
    expect(names(a.get('C0'))).toEqual(['t0p0']);
    expect(names(a.get('C1'))).toEqual(['t1p0']);
    expect(names(a.get('C2'))).toEqual(['t1p1', 't2p0', 't2p1', 't2p2']);
  });

  it('unknown topics get nothing; every member gets an entry', () => {
    const a = roundRobinAssign(new Map(), new Map([['C0', ['missing']]]));
    expect(a).toEqual(new Map([['C0', []]]));
  });
});
