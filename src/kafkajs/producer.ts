import { BrokerError, RecordRejectedError } from '../sim/errors.js';
import type { OffsetCommit } from '../sim/clients/group-coordinator.js';
import type { VirtualCluster } from './cluster.js';
import { KafkaJSError, KafkaJSNonRetriableError, KafkaJSProtocolError, unknownTopicError } from './errors.js';
import { InstrumentationEmitter, PRODUCER_EVENTS, silentLogger } from './instrumentation.js';
import { toBrokerHeaders, toBytes } from './messages.js';
import { Partitioners, type SeededPartitionerFactory } from './partitioners.js';
import type {
  InstrumentationEvent,
  Logger,
  Message,
  Offsets,
  PartitionMetadata,
  PartitionerArgs,
  ProducerBatch,
  ProducerConfig,
  ProducerRecord,
  RecordMetadata,
  TopicMessages,
} from './types.js';

interface Written {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** The transaction object kafkajs' `producer.transaction()` resolves to (node_modules/kafkajs/src/producer/index.js). */
export interface Transaction {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]>;
  sendOffsets(offsets: Offsets & { consumerGroupId: string }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isActive(): boolean;
}

/**
 * kafkajs' Producer on the virtual broker. A send is on the broker when its promise resolves (acks=-1, nothing to
 * replicate). Keys, values and headers are stored as bytes; the partitioner is kafkajs' DefaultPartitioner
 * (Java's murmur2 on the key bytes) unless `createPartitioner` says otherwise. With a `transactionalId`,
 * `transaction()` writes records that read_committed consumers see only once committed.
 */
export class Producer {
  readonly events = PRODUCER_EVENTS;
  private readonly emitter: InstrumentationEmitter;
  private readonly partition: (args: PartitionerArgs) => number;
  private readonly allowAutoTopicCreation: boolean;
  private readonly transactionalId: string | undefined;
  private readonly idempotent: boolean;
  private connected = false;
  private active: TransactionState | undefined;
  /** Producer epoch for the transactional id, from InitProducerId at the first transaction(). */
  private epoch: number | undefined;

  constructor(
    private readonly cluster: VirtualCluster,
    config: ProducerConfig = {},
  ) {
    this.emitter = new InstrumentationEmitter(cluster, new Set(Object.values(PRODUCER_EVENTS)));
    const factory = (config.createPartitioner ?? Partitioners.DefaultPartitioner) as SeededPartitionerFactory;
    this.partition = factory(cluster.clientStream('partitioner'));
    this.allowAutoTopicCreation = config.allowAutoTopicCreation ?? true;
    this.transactionalId = config.transactionalId;
    // kafkajs: a transactional producer must be idempotent (it throws if idempotent is set to false).
    this.idempotent = config.idempotent ?? config.transactionalId !== undefined;
    if (this.transactionalId !== undefined && config.idempotent === false) {
      throw new KafkaJSNonRetriableError('Transactional producer must be idempotent');
    }
  }

  async connect(): Promise<void> {
    this.connected = true;
    this.emitter.emit(PRODUCER_EVENTS.CONNECT, null);
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.emitter.emit(PRODUCER_EVENTS.DISCONNECT, null);
  }

  isIdempotent(): boolean {
    return this.idempotent;
  }

  logger(): Logger {
    return silentLogger();
  }

  /** Generic in the payload so that it stands for each of kafkajs' typed `on` overloads. */
  on<T>(eventName: string, listener: (event: InstrumentationEvent<T>) => void): () => void {
    return this.emitter.on(eventName, listener as (event: InstrumentationEvent<unknown>) => void);
  }

  /** A plain send, even while a transaction is open: kafkajs sends it outside the transaction (its idempotent EOS manager). */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.writeAndAck([{ topic: record.topic, messages: record.messages }], undefined);
  }

  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    return this.writeAndAck(batch.topicMessages ?? [], undefined);
  }

  /** kafkajs: one transaction at a time per producer, and only with a transactionalId. */
  async transaction(): Promise<Transaction> {
    const transactionalId = this.transactionalId;
    if (transactionalId === undefined) {
      throw new KafkaJSNonRetriableError('Must provide transactional id for transactional producer');
    }
    if (this.active !== undefined) {
      throw new KafkaJSNonRetriableError('There is already an ongoing transaction for this producer. Please end the transaction before beginning another.');
    }
    const transactions = this.cluster.transactions;
    const epoch = (this.epoch ??= transactions.initProducerId(transactionalId));
    const state: TransactionState = { transactionalId, written: [], offsets: new Map(), ended: false };
    this.active = state;
    const guard = (): void => {
      if (state.ended) throw new KafkaJSNonRetriableError('Cannot continue to use transaction once ended');
      if (!transactions.isCurrentEpoch(transactionalId, epoch)) {
        // A newer producer with the same transactional id took over (zombie fencing); its init aborted ours.
        state.ended = true;
        this.active = undefined;
        throw new KafkaJSProtocolError('Producer attempted an operation with an old epoch', 'INVALID_PRODUCER_EPOCH', 47, false);
      }
    };
    const end = async (commit: boolean): Promise<void> => {
      guard();
      state.ended = true;
      this.active = undefined;
      if (commit) {
        for (const [groupId, offsets] of state.offsets) this.cluster.coordinator.commitTransactionalOffsets(groupId, offsets);
      }
      this.cluster.transactions.end(transactionalId, state.written, commit);
      this.cluster.scheduler.wake();
    };
    return {
      send: async (record) => {
        guard();
        return this.writeAndAck([{ topic: record.topic, messages: record.messages }], state);
      },
      sendBatch: async (batch) => {
        guard();
        return this.writeAndAck(batch.topicMessages ?? [], state);
      },
      sendOffsets: async ({ consumerGroupId, topics }) => {
        guard();
        const list = state.offsets.get(consumerGroupId) ?? [];
        for (const t of topics) for (const p of t.partitions) list.push({ topic: t.topic, partition: p.partition, offset: Number(p.offset) });
        state.offsets.set(consumerGroupId, list);
      },
      commit: () => end(true),
      abort: () => end(false),
      isActive: () => !state.ended,
    };
  }

  /**
   * The send as the injected faults shape it: a lost ack retried (a non-idempotent producer's records appended twice,
   * the retry's offsets acknowledged) and an ack held back by virtual time.
   */
  private async writeAndAck(topicMessages: readonly TopicMessages[], transaction: TransactionState | undefined): Promise<RecordMetadata[]> {
    if (!this.connected) throw new KafkaJSError('The producer is disconnected', { retriable: false });
    const fault = this.cluster.faults.onSend(
      topicMessages.map((t) => t.topic),
      this.idempotent,
    );
    // A retry resends the same request: the same partitions, whatever the partitioner would pick now.
    const partitions: number[] = [];
    let results = this.write(topicMessages, transaction, partitions);
    if (fault.duplicate) results = this.write(topicMessages, transaction, partitions);
    if (fault.ackDelayMs > 0) await new Promise<void>((resolve) => this.cluster.scheduler.setLatencyTimeout(resolve, fault.ackDelayMs));
    return results;
  }

  /**
   * Appends every message in order, then answers one RecordMetadata per partition written, as a produce response.
   * `partitions` holds each message's partition: filled on the first write, reused by a retry.
   */
  private write(topicMessages: readonly TopicMessages[], transaction: TransactionState | undefined, partitions: number[]): RecordMetadata[] {
    if (!this.connected) throw new KafkaJSError('The producer is disconnected', { retriable: false });
    const broker = this.cluster.broker;
    const results = new Map<string, RecordMetadata>();
    let n = 0;
    for (const { topic, messages } of topicMessages) {
      if (messages.length === 0) throw new KafkaJSNonRetriableError(`Invalid messages array [] for topic "${topic}"`);
      this.ensureTopic(topic);
      const metadata = partitionMetadata(broker.partitionCount(topic));
      for (const message of messages) {
        const partition = (partitions[n++] ??= this.partition({ topic, partitionMetadata: metadata, message }));
        const stored = this.append(topic, partition, message);
        if (transaction !== undefined) {
          transaction.written.push({ topic, partition, offset: stored.offset });
          this.cluster.transactions.onWrite(transaction.transactionalId, topic, partition, stored.offset);
        }
        const key = `${topic}\u0000${partition}`;
        if (!results.has(key)) {
          const logAppendTime = broker.topicConfig(topic)['message.timestamp.type'] === 'LogAppendTime' ? String(stored.timestamp) : '-1';
          results.set(key, {
            topicName: topic,
            partition,
            errorCode: 0,
            baseOffset: String(stored.offset),
            logAppendTime,
            logStartOffset: String(broker.logStartOffset(topic, partition)),
          });
        }
      }
    }
    this.cluster.scheduler.wake();
    return [...results.values()];
  }

  private append(topic: string, partition: number, message: Message): { offset: number; timestamp: number } {
    if (message.value === undefined) {
      throw new KafkaJSNonRetriableError(`Invalid message without value for topic "${topic}"`);
    }
    const timestamp = message.timestamp === undefined ? undefined : Number(message.timestamp);
    try {
      return this.cluster.broker.append(topic, toBytes(message.key), toBytes(message.value), timestamp, toBrokerHeaders(message.headers), partition);
    } catch (e) {
      if (e instanceof RecordRejectedError) throw new KafkaJSProtocolError(e.message, 'INVALID_RECORD', 87, false);
      if (e instanceof BrokerError) throw new KafkaJSProtocolError(e.message, 'UNKNOWN_TOPIC_OR_PARTITION', 3, true);
      throw e;
    }
  }

  /** The broker auto-creates a topic (one partition) on first produce when allowAutoTopicCreation, as kafkajs asks. */
  private ensureTopic(topic: string): void {
    if (this.cluster.broker.hasTopic(topic)) return;
    if (!this.allowAutoTopicCreation) throw unknownTopicError(topic);
    this.cluster.broker.createTopic(topic);
  }
}

interface TransactionState {
  readonly transactionalId: string;
  readonly written: Written[];
  readonly offsets: Map<string, OffsetCommit[]>;
  ended: boolean;
}

/** Partition metadata as kafkajs' partitioners receive it: one leader (broker 0) per partition. */
export function partitionMetadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
}
