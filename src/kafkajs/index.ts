/**
 * streamsim/kafkajs: the kafkajs 2.x API that services use, on streamsim's virtual broker, with a deterministic
 * scheduler. Swap `from 'kafkajs'` for `from 'streamsim/kafkajs'`; tests reach the cluster with `virtualCluster(kafka)`.
 */
export { Kafka, virtualCluster } from './kafka.js';
export { VirtualCluster, resetVirtualClusters, resolveSeed, type VirtualTimers } from './cluster.js';
export {
  Faults,
  FAULT_KINDS,
  type AckDelayFault,
  type CrashFault,
  type DeliveryDelayFault,
  type DuplicateSendFault,
  type FaultKind,
  type InjectedFault,
  type RebalanceFault,
  type SeededFaults,
} from './faults.js';
export { Producer, type Transaction } from './producer.js';
export { Consumer } from './consumer.js';
export { Admin } from './admin.js';
export { Partitioners, legacyMurmur2 } from './partitioners.js';
export {
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNotImplemented,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSOffsetOutOfRange,
  KafkaJSProtocolError,
} from './errors.js';
export { CompressionTypes, logLevel } from './types.js';
export type * from './types.js';
