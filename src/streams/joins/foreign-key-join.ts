import { TopologyError } from '../../sim/errors.js';
import type { StreamPartitioner } from '../../sim/processor.js';
import { Stores } from '../../sim/stores/stores.js';
import type { ValueAndTimestamp } from '../internal/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../internal/value-getter.js';
import { KTable } from '../ktable.js';
import { addTimestampedStore, storeValueGetter } from '../operators/table-source.js';
import type { MaterializedOptions, NamedOptions } from '../options.js';
import { foreignTableJoinSupplier } from './foreign-key/foreign-table-join-processor.js';
import { responseJoinSupplier } from './foreign-key/response-join-processor.js';
import { resultTableSupplier } from './foreign-key/result-table-processor.js';
import { subscriptionJoinSupplier } from './foreign-key/subscription-join-processor.js';
import { subscriptionReceiveSupplier } from './foreign-key/subscription-receive-processor.js';
import { subscriptionSendSupplier } from './foreign-key/subscription-send-processor.js';
import type { SubscriptionResponseWrapper, SubscriptionWrapper } from './foreign-key/subscription.js';

/** Responses go back to the partition the left record came from (the wrapper carries it). */
const toPrimaryPartition: StreamPartitioner<unknown, SubscriptionResponseWrapper<unknown>> = (_topic, _key, response) =>
  response.primaryPartition;

/**
 * KTable-KTable foreign-key join (KIP-213), inner or left, wired as Kafka's KTableImpl#doJoinOnForeignKey:
 *
 * left table -> subscription-send -> `KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-n-topic` (keyed by FK,
 * co-partitioned with the right table) -> subscription-receive (subscription store
 * `KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-n`) -> subscription-join (reads the right table);
 * right table -> foreign-table-join (prefix scan of the subscription store);
 * both -> `KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-n-topic` (back to the left key's partition) ->
 * response-resolver (drops stale responses by value hash, joins) -> result table `KTABLE-FK-JOIN-OUTPUT-n`.
 *
 * Names are generated in Kafka's order; with Named, `<name>-subscription-registration-topic` and so on.
 */
export function foreignKeyJoin<K, V, KO, VO, VR>(
  left: KTable<K, V>,
  right: KTable<KO, VO>,
  foreignKeyExtractor: (value: V) => KO,
  joiner: (value: V, other: VO | null) => VR,
  kind: 'inner' | 'left',
  named?: NamedOptions,
  materialized?: MaterializedOptions<K, VR>,
): KTable<K, VR> {
  const ctx = left.ctx;
  if (right.ctx !== ctx) throw new TopologyError('a foreign-key join needs both tables from the same StreamsBuilder');
  if (named?.name === '') throw new TopologyError('a name given to an operator must not be empty');
  const leftJoin = kind === 'left';
  const nameFor = (suffix: string, prefix: string) => (named?.name !== undefined ? `${named.name}${suffix}` : ctx.newProcessorName(prefix));

  // Right old values spare needless scans in Kafka; left old values are what unsubscribes a changed FK.
  right.enableSendingOldValues();
  left.enableSendingOldValues();

  const subscriptionTopic = `${nameFor('-subscription-registration', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-')}-topic`;
  const sendName = nameFor('-subscription-registration-processor', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-');
  const subscriptionSinkName = nameFor('-subscription-registration-sink', 'KTABLE-SINK-');
  const subscriptionSourceName = nameFor('-subscription-registration-source', 'KTABLE-SOURCE-');
  const subscriptionStoreName = nameFor('-subscription-store', 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-');
  const receiveName = nameFor('-subscription-receive', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const subscriptionJoinName = nameFor('-subscription-join-foreign', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const foreignJoinName = nameFor('-foreign-join-subscription', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-');
  const responseTopic = `${nameFor('-subscription-response', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-')}-topic`;
  const responseSinkName = nameFor('-subscription-response-sink', 'KTABLE-SINK-');
  const responseSourceName = nameFor('-subscription-response-source', 'KTABLE-SOURCE-');
  const resolverName = nameFor('-subscription-response-resolver', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-');
  const resultName = nameFor('-result', 'KTABLE-FK-JOIN-OUTPUT-');
  // Kafka always burns a store index here (MaterializedInternal), materialized or not.
  const generatedStoreName = ctx.newStoreName('KTABLE-FK-JOIN-OUTPUT-');
  const resultStoreName = materialized?.storeName ?? generatedStoreName;

  const t = ctx.topology;
  // Left side: subscribe by foreign key.
  t.addProcessor(sendName, subscriptionSendSupplier<K, V, KO>(foreignKeyExtractor, leftJoin) as never, left.nodeName);
  t.addInternalTopic(subscriptionTopic);
  t.addSink({ name: subscriptionSinkName, topic: subscriptionTopic }, sendName);
  t.addSource(subscriptionSourceName, subscriptionTopic);
  t.copartition([...right.copartitionTopics, subscriptionTopic]);

  // Right side: store subscriptions, answer them now and on every right update.
  const rightGetter = right.valueGetterSupplier;
  t.addProcessor(receiveName, subscriptionReceiveSupplier<K, KO>(subscriptionStoreName) as never, subscriptionSourceName);
  t.addProcessor(subscriptionJoinName, subscriptionJoinSupplier<K, KO, VO>(rightGetter) as never, receiveName);
  ctx.connect(subscriptionJoinName, rightGetter.storeNames);
  t.addProcessor(foreignJoinName, foreignTableJoinSupplier<K, KO, VO>(subscriptionStoreName) as never, right.nodeName);
  const subscriptionStore = Stores.keyValueStoreBuilder(
    Stores.inMemoryKeyValueStore<string, ValueAndTimestamp<SubscriptionWrapper<K>>>(subscriptionStoreName),
  );
  ctx.addStore(subscriptionStore, receiveName, foreignJoinName);
  t.addInternalTopic(responseTopic);
  t.addSink({ name: responseSinkName, topic: responseTopic, partitioner: toPrimaryPartition as StreamPartitioner }, subscriptionJoinName, foreignJoinName);

  // Back on the left side: resolve responses against the current left value.
  t.addSource(responseSourceName, responseTopic);
  const copartitionTopics = [...left.copartitionTopics, responseTopic];
  t.copartition(copartitionTopics);
  const leftGetter = left.valueGetterSupplier;
  t.addProcessor(resolverName, responseJoinSupplier<K, V, VO, VR>(leftGetter, joiner, leftJoin) as never, responseSourceName);
  ctx.connect(resolverName, leftGetter.storeNames);

  // The result table keeps a store when asked to (a store name), or once a downstream reads it.
  let isMaterialized = false;
  const materialize = () => {
    if (isMaterialized) return;
    isMaterialized = true;
    addTimestampedStore(ctx, resultStoreName, materialized, resultName);
  };
  const storeGetter = storeValueGetter<K, VR>(resultStoreName);
  const getter: KTableValueGetterSupplier<K, VR> = {
    get storeNames() {
      materialize();
      return storeGetter.storeNames;
    },
    get: () => storeGetter.get(),
  };
  const queryable = materialized?.storeName !== undefined;
  const result: KTable<K, VR> = new KTable<K, VR>(ctx, resultName, queryable ? resultStoreName : null, getter, copartitionTopics, materialize);
  t.addProcessor(resultName, resultTableSupplier<K, VR>(resultStoreName, () => isMaterialized, () => result.sendOldValues) as never, resolverName);
  if (queryable) materialize();
  return result;
}
