export { Admin, type AdminOptions, type ListedOffset, type NewTopic, type OffsetSpec } from './admin.js';
export { cooperativeStickyAssign, type StickySubscription } from './assignors/cooperative-sticky-assignor.js';
export { rangeAssign } from './assignors/range-assignor.js';
export { roundRobinAssign } from './assignors/round-robin-assignor.js';
export { Consumer, type AutoOffsetReset, type ConsumerOptions, type ConsumerRebalanceListener, type ConsumerRecord } from './consumer.js';
export { CommitFailedError, InconsistentGroupProtocolError, NoOffsetForPartitionError, OffsetOutOfRangeError } from './errors.js';
export {
  GroupCoordinator,
  type AssignmentStrategy,
  type CommittedOffset,
  type GroupDescription,
  type GroupState,
  type JoinRequest,
  type MemberDescription,
  type MemberStatus,
  type OffsetCommit,
  type SyncResult,
} from './group-coordinator.js';
export { Producer, type ProducerBatch, type ProducerOptions } from './producer.js';
export { compareTopicPartitions, sortTopicPartitions, tpKey, type TopicPartition } from './topic-partition.js';
