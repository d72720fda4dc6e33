import { describe, expect, it } from 'vitest';
import { Admin } from '../../src/sim/clients/admin.js';
import { Consumer } from '../../src/sim/clients/consumer.js';
import { CommitFailedError } from '../../src/sim/clients/errors.js';
import { GroupCoordinator } from '../../src/sim/clients/group-coordinator.js';
import { TestDriver } from '../../src/sim/driver/test-driver.js';
import { StreamsBuilder } from '../../src/streams/streams-builder.js';

// The streams runtime commits after every processed batch; the coordinator takes those commits by reference and
// stores them when something reads or changes the group's offsets. Every reader must see what committing at once
// would have left: the latest offset, the partition time as metadata and the clock time of the commit.

const APP = 'deferred-app';

function upperCaseDriver(): TestDriver {
  const b = new StreamsBuilder();
  b.stream<string, string>('in').mapValues((v) => v.toUpperCase()).to('out');
  return new TestDriver(b, { applicationId: APP, startTime: 1_000 });
}

describe('offset commits of a running application', () => {
  it('reach every reader of the group with the offset, partition time and clock time of the last commit', () => {
    const driver = upperCaseDriver();
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'x', 50);
    input.pipeInput('b', 'y', 70);
    // Moved without a commit: a commit stamped later would show 5_000.
    driver.broker.clock.advance(4_000);
    const expected = { topic: 'in', partition: 0, offset: 2, metadata: '70', commitTimestampMs: 1_000 };
    expect(GroupCoordinator.forBroker(driver.broker).committedOffsets(APP)).toEqual([expected]);
    expect(new Admin(driver.broker).listConsumerGroupOffsets(APP)).toEqual([expected]);
    input.pipeInput('c', 'z', 60);
    expect(new Consumer(driver.broker, { groupId: APP }).committed({ topic: 'in', partition: 0 })).toBe(3);
    expect(driver.committedOffsets()).toEqual([{ topic: 'in', partition: 0, offset: 3 }]);
    // Partition time stays the largest processed timestamp; the commit time is the clock's at that commit.
    expect(new Admin(driver.broker).listConsumerGroupOffsets(APP)).toEqual([{ ...expected, offset: 3, commitTimestampMs: 5_000 }]);
  });

  it('keep their order with commits of other clients to the same group', () => {
    const driver = upperCaseDriver();
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'x', 1);
    input.pipeInput('b', 'y', 2);
    // A consumer outside the application rewinds the group (a commit without member id, as an admin tool would).
    const rewind = new Consumer(driver.broker, { groupId: APP });
    rewind.assign([{ topic: 'in', partition: 0 }]);
    rewind.commitSync([{ topic: 'in', partition: 0, offset: 0, metadata: 'rewound' }]);
    expect(driver.committedOffsets()).toEqual([{ topic: 'in', partition: 0, offset: 0 }]);
    expect(new Admin(driver.broker).listConsumerGroupOffsets(APP)[0]!.metadata).toBe('rewound');
    // The application's next commit comes after it and wins.
    input.pipeInput('c', 'z', 3);
    expect(driver.committedOffsets()).toEqual([{ topic: 'in', partition: 0, offset: 3 }]);
    expect(new Admin(driver.broker).listConsumerGroupOffsets(APP)[0]!.metadata).toBe('3');
  });

  it('that fail leave the last deferred commit in place', () => {
    const driver = upperCaseDriver();
    const input = driver.createInputTopic<string, string>('in');
    input.pipeInput('a', 'x', 1);
    input.pipeInput('b', 'y', 2);
    // A member joins the application's group (without reading its offsets): Kafka accepts commits without a member
    // id only from empty groups.
    GroupCoordinator.forBroker(driver.broker).join(APP, { clientId: 'c', strategy: 'range', topics: ['out'], ownedPartitions: [], rebalanceTimeoutMs: 1_000 });
    expect(() => input.pipeInput('c', 'z', 3)).toThrow(CommitFailedError);
    expect(new Admin(driver.broker).listConsumerGroupOffsets(APP)).toEqual([{ topic: 'in', partition: 0, offset: 2, metadata: '2', commitTimestampMs: 1_000 }]);
  });

  it('of a deleted topic are dropped with the topic', () => {
    const driver = upperCaseDriver();
    driver.createInputTopic<string, string>('in').pipeInput('a', 'x', 1);
    driver.close();
    new Admin(driver.broker).deleteTopics(['in']);
    expect(GroupCoordinator.forBroker(driver.broker).committedOffsets(APP)).toEqual([]);
  });

  it('resume a restarted application where it stopped', () => {
    const driver = upperCaseDriver();
    const input = driver.createInputTopic<string, string>('in');
    const out = driver.createOutputTopic<string, string>('out');
    input.pipeInput('a', 'x', 1);
    input.pipeInput('b', 'y', 2);
    driver.crash();
    input.pipeInput('c', 'z', 3);
    driver.restart();
    // Only the record after the last commit is processed again.
    expect(out.readValuesToList()).toEqual(['X', 'Y', 'Z']);
  });
});
