import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Broker } from '../../src/sim/broker.js';
import { VirtualClock } from '../../src/sim/clock.js';
import {
  Admin,
  CommitFailedError,
  Consumer,
  GroupCoordinator,
  InconsistentGroupProtocolError,
  Producer,
  cooperativeStickyAssign,
  rangeAssign,
  tpKey,
  type AssignmentStrategy,
  type ConsumerRebalanceListener,
  type TopicPartition,
} from '../../src/sim/clients/index.js';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const keys = (tps: readonly TopicPartition[]): string[] => tps.map(tpKey);
const parts = (topic: string, ...ps: number[]): TopicPartition[] => ps.map((p) => tp(topic, p));

/**
 * A listener that logs every callback to a shared log and tracks what its consumer owns, checking the rebalance
 * contract on the way: only owned partitions are revoked or lost, only unowned ones are assigned.
 */
class Recorder implements ConsumerRebalanceListener {
  readonly owned = new Set<string>();
  constructor(
    readonly name: string,
    readonly log: string[],
  ) {}
  onPartitionsRevoked(tps: TopicPartition[]): void {
    this.remove('revoked', tps);
  }
  onPartitionsLost(tps: TopicPartition[]): void {
    this.remove('lost', tps);
  }
  onPartitionsAssigned(tps: TopicPartition[]): void {
    this.log.push(`${this.name} assigned [${keys(tps).join(', ')}]`);
    for (const k of keys(tps)) {
      if (this.owned.has(k)) throw new Error(`${this.name} was assigned ${k}, which it already owns`);
      this.owned.add(k);
    }
  }
  private remove(kind: string, tps: TopicPartition[]): void {
    this.log.push(`${this.name} ${kind} [${keys(tps).join(', ')}]`);
    for (const k of keys(tps)) {
      if (!this.owned.delete(k)) throw new Error(`${this.name} ${kind} ${k}, which it does not own`);
    }
  }
}

function setup(topics: Record<string, number>, clock = new VirtualClock()): { broker: Broker; coordinator: GroupCoordinator } {
  const broker = new Broker({ clock });
  for (const [name, partitions] of Object.entries(topics)) broker.createTopic(name, { partitions });
  return { broker, coordinator: GroupCoordinator.forBroker(broker) };
}

/** Polls every consumer, round after round, until the group has settled; returns the number of rounds. */
function settle(coordinator: GroupCoordinator, groupId: string, consumers: readonly Consumer[]): number {
  for (let round = 1; round <= 20; round++) {
    for (const c of consumers) c.poll();
    if (coordinator.isSettled(groupId)) return round;
  }
  throw new Error(`group '${groupId}' did not settle in 20 rounds`);
}

describe('RangeAssignor', () => {
  it('matches the RangeAssignor javadoc example: two topics of 3 partitions, two consumers', () => {
    const assignment = rangeAssign(
      new Map([
        ['t0', 3],
        ['t1', 3],
      ]),
      new Map([
        ['C0', ['t0', 't1']],
        ['C1', ['t0', 't1']],
      ]),
    );
    expect(keys(assignment.get('C0')!)).toEqual(['t0-0', 't0-1', 't1-0', 't1-1']);
    expect(keys(assignment.get('C1')!)).toEqual(['t0-2', 't1-2']);
  });

  it('gives the first partitions%members members one extra partition, per topic, in member id order', () => {
    const assignment = rangeAssign(
      new Map([['t', 7]]),
      new Map([
        ['c', ['t']],
        ['a', ['t']],
        ['b', ['t']],
      ]),
    );
    expect(keys(assignment.get('a')!)).toEqual(['t-0', 't-1', 't-2']);
    expect(keys(assignment.get('b')!)).toEqual(['t-3', 't-4']);
    expect(keys(assignment.get('c')!)).toEqual(['t-5', 't-6']);
  });

  it('assigns a topic only among its subscribers and skips unknown topics', () => {
    const assignment = rangeAssign(
      new Map([
        ['x', 2],
        ['y', 2],
      ]),
      new Map([
        ['a', ['x', 'missing']],
        ['b', ['x', 'y']],
      ]),
    );
    expect(keys(assignment.get('a')!)).toEqual(['x-0']);
    expect(keys(assignment.get('b')!)).toEqual(['x-1', 'y-0', 'y-1']);
  });
});

describe('CooperativeStickyAssignor', () => {
  const six = new Map([['t', 6]]);
  const sub = (owned: TopicPartition[], generation: number) => ({ topics: ['t'], ownedPartitions: owned, generation });

  it('starts balanced: members fill round-robin in id order', () => {
    const a = cooperativeStickyAssign(six, new Map([['m1', sub([], -1)], ['m2', sub([], -1)], ['m3', sub([], -1)]]));
    expect([...a.values()].map(keys)).toEqual([['t-0', 't-3'], ['t-1', 't-4'], ['t-2', 't-5']]);
  });

  it('keeps owned partitions and withholds moving ones until their owner has revoked them', () => {
    // Phase 1: m1 owns everything; m2 arrives. m1 keeps 3; the other 3 are revoked and withheld from m2.
    const phase1 = cooperativeStickyAssign(six, new Map([['m1', sub(parts('t', 0, 1, 2, 3, 4, 5), 1)], ['m2', sub([], -1)]]));
    expect(keys(phase1.get('m1')!)).toEqual(['t-0', 't-1', 't-2']);
    expect(phase1.get('m2')).toEqual([]);
    // Phase 2: m1 now reports only what it kept; the revoked partitions go to m2, m1 keeps its own.
    const phase2 = cooperativeStickyAssign(six, new Map([['m1', sub(parts('t', 0, 1, 2), 2)], ['m2', sub([], 2)]]));
    expect(keys(phase2.get('m1')!)).toEqual(['t-0', 't-1', 't-2']);
    expect(keys(phase2.get('m2')!)).toEqual(['t-3', 't-4', 't-5']);
  });

  it('is sticky when a member leaves: survivors keep theirs and take over the orphans directly', () => {
    const a = cooperativeStickyAssign(six, new Map([['m1', sub(parts('t', 0, 3), 4)], ['m3', sub(parts('t', 2, 5), 4)]]));
    expect(keys(a.get('m1')!)).toEqual(['t-0', 't-1', 't-3']);
    expect(keys(a.get('m3')!)).toEqual(['t-2', 't-4', 't-5']);
  });

  it('ignores what members of an older generation claim to own', () => {
    const a = cooperativeStickyAssign(
      new Map([['t', 2]]),
      new Map([['old', sub(parts('t', 0, 1), 3)], ['new', sub(parts('t', 1), 5)]]),
    );
    expect(keys(a.get('new')!)).toEqual(['t-1']);
    expect(keys(a.get('old')!)).toEqual(['t-0']);
  });

  it('balances members with different subscriptions within what each may own', () => {
    const a = cooperativeStickyAssign(
      new Map([
        ['x', 4],
        ['y', 2],
      ]),
      new Map([
        ['m1', { topics: ['x'], ownedPartitions: [], generation: -1 }],
        ['m2', { topics: ['x', 'y'], ownedPartitions: [], generation: -1 }],
      ]),
    );
    expect(a.get('m1')!.every((p) => p.topic === 'x')).toBe(true);
    expect(a.get('m1')!.length).toBe(3);
    expect(a.get('m2')!.length).toBe(3);
  });
});

describe('Consumer groups: range (eager protocol)', () => {
  it('assigns as the RangeAssignor javadoc shows, revoking everything before reassigning', () => {
    const { broker, coordinator } = setup({ t0: 3, t1: 3 });
    const log: string[] = [];
    const c0 = new Consumer(broker, { groupId: 'g', clientId: 'C0' });
    const c1 = new Consumer(broker, { groupId: 'g', clientId: 'C1' });
    c0.subscribe(['t0', 't1'], new Recorder('C0', log));
    c0.poll();
    expect(c0.memberId).toBe('C0-1');
    c1.subscribe(['t0', 't1'], new Recorder('C1', log));
    settle(coordinator, 'g', [c1, c0]);

    expect(c1.memberId).toBe('C1-2');
    expect(keys(c0.assignment())).toEqual(['t0-0', 't0-1', 't1-0', 't1-1']);
    expect(keys(c1.assignment())).toEqual(['t0-2', 't1-2']);
    expect(log).toEqual([
      'C0 assigned [t0-0, t0-1, t0-2, t1-0, t1-1, t1-2]',
      'C0 revoked [t0-0, t0-1, t0-2, t1-0, t1-1, t1-2]',
      'C0 assigned [t0-0, t0-1, t1-0, t1-1]',
      'C1 assigned [t0-2, t1-2]',
    ]);
    const described = new Admin(broker).describeConsumerGroup('g');
    expect(described.state).toBe('Stable');
    expect(described.protocol).toBe('range');
    expect(described.generation).toBe(2);
    expect(described.members.map((m) => [m.memberId, keys(m.assignment)])).toEqual([
      ['C0-1', ['t0-0', 't0-1', 't1-0', 't1-1']],
      ['C1-2', ['t0-2', 't1-2']],
    ]);
  });

  it('stops fetching while a rebalance waits for the other members', () => {
    const { broker, coordinator } = setup({ t: 2 });
    for (const p of [0, 1]) broker.produce('t', { value: p, partition: p });
    const c0 = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'earliest' });
    const c1 = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'earliest' });
    c0.subscribe(['t']);
    expect(c0.poll()).toHaveLength(2);
    c1.subscribe(['t']);
    c1.poll(); // joins; the group waits for c0
    broker.produce('t', { value: 'during', partition: 0 });
    expect(c1.poll()).toEqual([]);
    expect(coordinator.describe('g').state).toBe('PreparingRebalance');
    expect(coordinator.describe('g').members.every((m) => m.assignment.length === 0)).toBe(true);
  });

  it('rebalances when a member changes its subscription', () => {
    const { broker, coordinator } = setup({ a: 2, b: 2 });
    const c0 = new Consumer(broker, { groupId: 'g', clientId: 'x' });
    const c1 = new Consumer(broker, { groupId: 'g', clientId: 'y' });
    c0.subscribe(['a']);
    c1.subscribe(['a']);
    settle(coordinator, 'g', [c0, c1]);
    c0.subscribe(['a', 'b']);
    settle(coordinator, 'g', [c0, c1]);
    expect(keys(c0.assignment())).toEqual(['a-0', 'b-0', 'b-1']);
    expect(keys(c1.assignment())).toEqual(['a-1']);
  });

  it('rebalances when a subscribed topic appears or changes partition count', () => {
    const { broker, coordinator } = setup({});
    const admin = new Admin(broker);
    const c0 = new Consumer(broker, { groupId: 'g' });
    const c1 = new Consumer(broker, { groupId: 'g' });
    c0.subscribe(['t']);
    c1.subscribe(['t']);
    settle(coordinator, 'g', [c0, c1]);
    expect([...c0.assignment(), ...c1.assignment()]).toEqual([]);

    admin.createTopics([{ name: 't', partitions: 2 }]);
    settle(coordinator, 'g', [c0, c1]);
    expect([keys(c0.assignment()), keys(c1.assignment())]).toEqual([['t-0'], ['t-1']]);

    admin.deleteTopics(['t']);
    admin.createTopics([{ name: 't', partitions: 4 }]);
    settle(coordinator, 'g', [c0, c1]);
    expect([keys(c0.assignment()), keys(c1.assignment())]).toEqual([
      ['t-0', 't-1'],
      ['t-2', 't-3'],
    ]);
  });
});

describe('Consumer groups: cooperative-sticky (cooperative protocol)', () => {
  it('moves a partition in two rebalances: revoked from its owner first, assigned to the new owner after', () => {
    const { broker, coordinator } = setup({ t: 4 });
    for (let p = 0; p < 4; p++) broker.produce('t', { value: `p${p}`, partition: p });
    const log: string[] = [];
    const opts = { groupId: 'g', partitionAssignmentStrategy: 'cooperative-sticky', autoOffsetReset: 'earliest' } as const;
    const c1 = new Consumer(broker, { ...opts, clientId: 'c1' });
    const c2 = new Consumer(broker, { ...opts, clientId: 'c2' });
    c1.subscribe(['t'], new Recorder('c1', log));
    expect(c1.poll()).toHaveLength(4);

    c2.subscribe(['t'], new Recorder('c2', log));
    c2.poll(); // joins, waits for c1
    broker.produce('t', { value: 'p0 again', partition: 0 });
    // c1 rejoins, keeps t-0 and t-1 and goes on fetching them; t-2 and t-3 are revoked and withheld from c2.
    expect(c1.poll().map((r) => r.value)).toEqual(['p0 again']);
    expect(keys(c1.assignment())).toEqual(['t-0', 't-1']);
    expect(c2.assignment()).toEqual([]);
    c2.poll(); // picks up its empty first-phase assignment, rejoins: the follow-up rebalance completes
    expect(keys(c2.assignment())).toEqual(['t-2', 't-3']);
    c1.poll();
    expect(coordinator.isSettled('g')).toBe(true);

    expect(log).toEqual([
      'c1 assigned [t-0, t-1, t-2, t-3]',
      'c1 revoked [t-2, t-3]',
      'c1 assigned []',
      'c2 assigned []',
      'c2 assigned [t-2, t-3]',
      'c1 assigned []',
    ]);
    expect(coordinator.describe('g').generation).toBe(3);
  });

  it('hands a leaving member\'s partitions to the others without revoking anything from them', () => {
    const { broker, coordinator } = setup({ t: 6 });
    const log: string[] = [];
    const consumers = ['a', 'b', 'c'].map((name) => {
      const c = new Consumer(broker, { groupId: 'g', clientId: name, partitionAssignmentStrategy: 'cooperative-sticky' });
      c.subscribe(['t'], new Recorder(name, log));
      return c;
    });
    settle(coordinator, 'g', consumers);
    const before = consumers.map((c) => keys(c.assignment()));
    expect(before.map((a) => a.length)).toEqual([2, 2, 2]);

    log.length = 0;
    consumers[2]!.close();
    settle(coordinator, 'g', consumers.slice(0, 2));
    expect(log.filter((e) => e.includes('revoked'))).toEqual([`c revoked [${before[2]!.join(', ')}]`]);
    const after = consumers.slice(0, 2).map((c) => keys(c.assignment()));
    expect(after.map((a) => a.length)).toEqual([3, 3]);
    expect(after[0]).toEqual(expect.arrayContaining(before[0]!));
    expect(after[1]).toEqual(expect.arrayContaining(before[1]!));
  });

  it('stays sticky and balanced as members come and go', () => {
    const { broker, coordinator } = setup({ t: 7 });
    const make = (name: string): Consumer => {
      const c = new Consumer(broker, { groupId: 'g', clientId: name, partitionAssignmentStrategy: 'cooperative-sticky' });
      c.subscribe(['t']);
      return c;
    };
    const live = [make('a'), make('b')];
    settle(coordinator, 'g', live);
    live.push(make('c'));
    const owned = live.slice(0, 2).map((c) => keys(c.assignment()));
    settle(coordinator, 'g', live);
    const counts = live.map((c) => c.assignment().length).sort();
    expect(counts).toEqual([2, 2, 3]);
    // a and b only gave partitions up: everything they own now they owned before.
    live.slice(0, 2).forEach((c, i) => expect(owned[i]).toEqual(expect.arrayContaining(keys(c.assignment()))));
  });

  it('revokes the partitions of an unsubscribed topic before rejoining', () => {
    const { broker, coordinator } = setup({ a: 1, b: 1 });
    const log: string[] = [];
    const c = new Consumer(broker, { groupId: 'g', partitionAssignmentStrategy: 'cooperative-sticky' });
    const recorder = new Recorder('c', log);
    c.subscribe(['a', 'b'], recorder);
    settle(coordinator, 'g', [c]);
    c.subscribe(['a'], recorder);
    settle(coordinator, 'g', [c]);
    expect(log.slice(1)).toEqual(['c revoked [b-0]', 'c assigned []']);
    expect(keys(c.assignment())).toEqual(['a-0']);
  });

  it('refuses a member with another assignment strategy', () => {
    const { broker } = setup({ t: 1 });
    const c1 = new Consumer(broker, { groupId: 'g', partitionAssignmentStrategy: 'cooperative-sticky' });
    c1.subscribe(['t']);
    c1.poll();
    const c2 = new Consumer(broker, { groupId: 'g', partitionAssignmentStrategy: 'range' });
    c2.subscribe(['t']);
    expect(() => c2.poll()).toThrow(InconsistentGroupProtocolError);
  });
});

describe('Consumer groups: committed offsets', () => {
  it('lets a new member resume from committed offsets, redelivering what was not committed', () => {
    const { broker, coordinator } = setup({ t: 1 });
    const producer = new Producer<string, number>(broker);
    for (let i = 0; i < 10; i++) producer.send('t', { value: i });
    const first = new Consumer<string, number>(broker, { groupId: 'g', autoOffsetReset: 'earliest' });
    first.subscribe(['t']);
    expect(first.poll(4).map((r) => r.value)).toEqual([0, 1, 2, 3]);
    first.commitSync();
    expect(first.poll(3).map((r) => r.value)).toEqual([4, 5, 6]); // processed, never committed
    first.close();
    expect(coordinator.describe('g').state).toBe('Empty');
    expect(new Admin(broker).listConsumerGroupOffsets('g').map((o) => [tpKey(o), o.offset])).toEqual([['t-0', 4]]);

    const second = new Consumer<string, number>(broker, { groupId: 'g', autoOffsetReset: 'latest' });
    second.subscribe(['t']);
    expect(second.poll().map((r) => r.value)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('hands over without duplicates when the owner commits in onPartitionsRevoked', () => {
    const { broker, coordinator } = setup({ t: 2 });
    for (let i = 0; i < 4; i++) broker.produce('t', { value: i, partition: i % 2 });
    const seen: number[] = [];
    const opts = { groupId: 'g', autoOffsetReset: 'earliest', partitionAssignmentStrategy: 'cooperative-sticky' } as const;
    const c1 = new Consumer<unknown, number>(broker, opts);
    c1.subscribe(['t'], { onPartitionsRevoked: () => c1.commitSync() });
    seen.push(...c1.poll().map((r) => r.value));
    const c2 = new Consumer<unknown, number>(broker, opts);
    c2.subscribe(['t']);
    for (let round = 0; round < 5; round++) {
      seen.push(...c2.poll().map((r) => r.value), ...c1.poll().map((r) => r.value));
    }
    expect(coordinator.isSettled('g')).toBe(true);
    expect(c2.assignment()).toHaveLength(1);
    expect(seen.sort()).toEqual([0, 1, 2, 3]);
  });

  it('fences a member that missed a rebalance: its commit fails, its partitions are lost, it rejoins anew', () => {
    const clock = new VirtualClock();
    const { broker, coordinator } = setup({ t: 2 }, clock);
    const log: string[] = [];
    const opts = { groupId: 'g', maxPollIntervalMs: 1_000 } as const;
    const a = new Consumer(broker, { ...opts, clientId: 'a' });
    const b = new Consumer(broker, { ...opts, clientId: 'b' });
    a.subscribe(['t'], new Recorder('a', log));
    b.subscribe(['t'], new Recorder('b', log));
    settle(coordinator, 'g', [a, b]);
    expect(keys(b.assignment())).toEqual(['t-1']);

    const c = new Consumer(broker, { ...opts, clientId: 'c' });
    c.subscribe(['t']);
    c.poll(); // a rebalance starts; b stops polling
    a.poll();
    clock.advance(1_001);
    a.poll(); // the rebalance times out waiting for b: b is removed
    c.poll();
    expect(coordinator.describe('g').members.map((m) => m.memberId)).toEqual(['a-1', 'c-3']);
    expect(coordinator.isSettled('g')).toBe(true);

    expect(() => b.commitSync([{ topic: 't', partition: 1, offset: 0 }])).toThrow(CommitFailedError);
    log.length = 0;
    b.poll();
    expect(log).toEqual(['b lost [t-1]']);
    expect(b.memberId).toBe('b-4');
    settle(coordinator, 'g', [a, b, c]);
    expect(coordinator.describe('g').members).toHaveLength(3);
  });

  it('simulates a session timeout with removeMember', () => {
    const { broker, coordinator } = setup({ t: 2 });
    const log: string[] = [];
    const a = new Consumer(broker, { groupId: 'g', clientId: 'a', partitionAssignmentStrategy: 'cooperative-sticky' });
    const b = new Consumer(broker, { groupId: 'g', clientId: 'b', partitionAssignmentStrategy: 'cooperative-sticky' });
    a.subscribe(['t'], new Recorder('a', log));
    b.subscribe(['t'], new Recorder('b', log));
    settle(coordinator, 'g', [a, b]);
    coordinator.removeMember('g', b.memberId!);
    a.poll();
    expect(keys(a.assignment())).toEqual(['t-0', 't-1']);
    log.length = 0;
    b.poll();
    expect(log[0]).toBe('b lost [t-1]');
  });
});

describe('Group coordinator', () => {
  it('is shared per broker and gives deterministic member ids', () => {
    const b1 = new Broker();
    const b2 = new Broker();
    expect(GroupCoordinator.forBroker(b1)).toBe(GroupCoordinator.forBroker(b1));
    expect(GroupCoordinator.forBroker(b1)).not.toBe(GroupCoordinator.forBroker(b2));
    const run = (): string[] => {
      const { broker, coordinator } = setup({ t: 3 });
      const cs = ['x', 'y', 'x'].map((clientId) => new Consumer(broker, { groupId: 'g', clientId }));
      cs.forEach((c) => c.subscribe(['t']));
      settle(coordinator, 'g', cs);
      return cs.map((c) => `${c.memberId}:${keys(c.assignment()).join(',')}`);
    };
    expect(run()).toEqual(['x-1:t-0', 'y-2:t-2', 'x-3:t-1']);
    expect(run()).toEqual(run());
  });

  it('lists and describes groups, including simple (assign-only) ones, and unknown groups as Dead', () => {
    const { broker, coordinator } = setup({ t: 1 });
    const admin = new Admin(broker);
    const simple = new Consumer(broker, { groupId: 'simple' });
    simple.assign([tp('t', 0)]);
    simple.commitSync([{ topic: 't', partition: 0, offset: 0 }]);
    const member = new Consumer(broker, { groupId: 'live', clientId: 'm' });
    member.subscribe(['t']);
    settle(coordinator, 'live', [member]);
    expect(admin.listConsumerGroups()).toEqual([
      { groupId: 'live', state: 'Stable' },
      { groupId: 'simple', state: 'Empty' },
    ]);
    expect(admin.describeConsumerGroup('nope')).toEqual({ groupId: 'nope', state: 'Dead', protocol: '', generation: -1, members: [] });
    // Only members may commit to a group that has them.
    const outsider = new Consumer(broker, { groupId: 'live' });
    outsider.assign([tp('t', 0)]);
    expect(() => outsider.commitSync([{ topic: 't', partition: 0, offset: 0 }])).toThrow(/has active members/);
  });

  it('drops the committed offsets of a deleted topic', () => {
    const { broker } = setup({ t: 1, u: 1 });
    const admin = new Admin(broker);
    const c = new Consumer(broker, { groupId: 'g' });
    c.assign([tp('t', 0), tp('u', 0)]);
    c.commitSync([
      { topic: 't', partition: 0, offset: 0 },
      { topic: 'u', partition: 0, offset: 0 },
    ]);
    admin.deleteTopics(['t']);
    expect(admin.listConsumerGroupOffsets('g').map(tpKey)).toEqual(['u-0']);
  });
});

describe('Consumer groups: property', () => {
  type Op = { kind: 'join' } | { kind: 'leave'; i: number } | { kind: 'poll'; i: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constant<Op>({ kind: 'join' }),
    fc.record({ kind: fc.constant('leave' as const), i: fc.nat() }),
    fc.record({ kind: fc.constant('poll' as const), i: fc.nat() }),
  );
  const topics = { a: 5, b: 3 };
  const everyPartition = Object.entries(topics).flatMap(([t, n]) => Array.from({ length: n }, (_, p) => `${t}-${p}`));

  it.each<AssignmentStrategy>(['cooperative-sticky', 'range'])(
    '%s: after any joins and leaves, every partition has exactly one live owner once the group settles',
    (strategy) => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
          const { broker, coordinator } = setup(topics);
          const log: string[] = [];
          const live: Array<{ consumer: Consumer; recorder: Recorder }> = [];
          let joined = 0;
          const noPartitionOwnedTwice = (): void => {
            const owners = new Map<string, string>();
            for (const { recorder } of live) {
              for (const k of recorder.owned) {
                if (owners.has(k)) throw new Error(`${k} owned by ${owners.get(k)} and ${recorder.name}`);
                owners.set(k, recorder.name);
              }
            }
          };

          for (const o of ops) {
            if (o.kind === 'join') {
              const name = `c${joined++}`;
              const consumer = new Consumer(broker, { groupId: 'g', clientId: name, partitionAssignmentStrategy: strategy });
              const recorder = new Recorder(name, log);
              consumer.subscribe(Object.keys(topics), recorder);
              live.push({ consumer, recorder });
            } else if (live.length > 0) {
              const idx = o.i % live.length;
              if (o.kind === 'poll') live[idx]!.consumer.poll();
              else {
                const [gone] = live.splice(idx, 1);
                gone!.consumer.close();
                expect(gone!.recorder.owned.size).toBe(0);
              }
            }
            noPartitionOwnedTwice();
          }

          settle(
            coordinator,
            'g',
            live.map((l) => l.consumer),
          );
          noPartitionOwnedTwice();
          if (live.length === 0) return;
          const owned = live.flatMap(({ consumer }) => keys(consumer.assignment()));
          expect(owned.sort()).toEqual([...everyPartition].sort());
          for (const { consumer, recorder } of live) {
            expect([...recorder.owned].sort()).toEqual(keys(consumer.assignment()).sort());
          }
          const described = coordinator.describe('g');
          expect(described.members.map((m) => m.memberId).sort()).toEqual(live.map((l) => l.consumer.memberId!).sort());
          for (const m of described.members) {
            const consumer = live.find((l) => l.consumer.memberId === m.memberId)!.consumer;
            expect(keys(m.assignment).sort()).toEqual(keys(consumer.assignment()).sort());
          }
          // Balance: over all partitions for cooperative-sticky, per topic for range (it balances topic by topic).
          const spreads =
            strategy === 'cooperative-sticky'
              ? [live.map((l) => l.consumer.assignment().length)]
              : Object.keys(topics).map((t) => live.map((l) => l.consumer.assignment().filter((p) => p.topic === t).length));
          for (const counts of spreads) expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }),
        { numRuns: 300 },
      );
    },
  );
});
