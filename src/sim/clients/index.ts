export { Admin, type AdminOptions, type ListedOffset, type NewTopic, type OffsetSpec } from './admin.js';
export {
  Consumer,
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  type AutoOffsetReset,
  type ConsumerOptions,
  type ConsumerRebalanceListener,
  type ConsumerRecord,
} from './consumer.js';
export {
  CommitFailedError,
  GroupCoordinator,
  InconsistentGroupProtocolError,
  compareTopicPartitions,
  cooperativeStickyAssign,
  rangeAssign,
  sortTopicPartitions,
  tpKey,
  type AssignmentStrategy,
  type CommittedOffset,
  type GroupDescription,
  type GroupState,
  type JoinRequest,
  type MemberDescription,
  type MemberStatus,
  type OffsetCommit,
  type StickySubscription,
  type SyncResult,
  type TopicPartition,
} from './group-coordinator.js';
export { Producer, type ProducerBatch, type ProducerOptions } from './producer.js';
