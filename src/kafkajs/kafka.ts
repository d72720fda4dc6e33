import { Admin } from './admin.js';
import { clusterFor, type VirtualCluster } from './cluster.js';
import { Consumer } from './consumer.js';
import { KafkaJSNonRetriableError } from './errors.js';
import { silentLogger } from './instrumentation.js';
import { Producer } from './producer.js';
import type { AdminConfig, ConsumerConfig, KafkaConfig, Logger, ProducerConfig, RetryOptions } from './types.js';

const clusterOfClient = new WeakMap<Kafka, VirtualCluster>();

/**
 * kafkajs' entry point, on a virtual cluster instead of a network: `new Kafka({ clientId, brokers })` as usual. Every
 * client with the same brokers list shares one in-process cluster, seeded by `streamsim: { seed }`, else the
 * STREAMSIM_SEED environment variable, else 0. No connection is made: ssl, sasl and timeouts are accepted and ignored.
 */
export class Kafka {
  private readonly clientId: string;
  private readonly retry: RetryOptions | undefined;

  constructor(config: KafkaConfig) {
    const brokers = config.brokers;
    if (typeof brokers === 'function') {
      throw new KafkaJSNonRetriableError('streamsim/kafkajs needs a brokers array (a brokers function would be async)');
    }
    if (!Array.isArray(brokers) || brokers.length === 0) throw new KafkaJSNonRetriableError('Failed to connect: brokers parameter should not be an empty array');
    this.clientId = config.clientId ?? 'kafkajs';
    this.retry = config.retry;
    clusterOfClient.set(this, clusterFor(brokers, config.streamsim?.seed));
  }

  producer(config?: ProducerConfig): Producer {
    return new Producer(virtualCluster(this), config);
  }

  consumer(config: ConsumerConfig): Consumer {
    return new Consumer(virtualCluster(this), this.clientId, config, this.retry);
  }

  admin(config?: AdminConfig): Admin {
    void config;
    return new Admin(virtualCluster(this));
  }

  logger(): Logger {
    return silentLogger();
  }
}

/** The virtual cluster behind a client: its broker, clock, seed, timers, settle() and advance(). */
export function virtualCluster(kafka: Kafka): VirtualCluster {
  const cluster = clusterOfClient.get(kafka);
  if (cluster === undefined) throw new TypeError('not a streamsim/kafkajs Kafka client');
  return cluster;
}
