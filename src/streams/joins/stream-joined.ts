import type { Serde } from '../../sim/serde.js';

/** Options of a stream-stream join (Kafka's StreamJoined). Serdes are accepted and, in memory, not needed. */
export interface StreamJoinedOptions<K, V1, V2> {
  /** Names the join's processors (`<name>-this-join`...) and repartition topics (`<name>-left-repartition`). */
  readonly name?: string | undefined;
  /** Base name of the join's stores (`<storeName>-this-join-store`...); generated when unset. */
  readonly storeName?: string | undefined;
  readonly keySerde?: Serde<K> | undefined;
  readonly valueSerde?: Serde<V1> | undefined;
  readonly otherValueSerde?: Serde<V2> | undefined;
  /** Kafka's default: the join stores have changelogs. */
  readonly loggingEnabled?: boolean | undefined;
  readonly logConfig?: Readonly<Record<string, string>> | undefined;
}

/** Kafka's StreamJoined, fluent and immutable: `StreamJoined.as('orders-payments').withName('op')`. */
export class StreamJoined<K, V1, V2> implements StreamJoinedOptions<K, V1, V2> {
  private constructor(private readonly o: StreamJoinedOptions<K, V1, V2>) {}

  static with<K, V1, V2>(keySerde?: Serde<K>, valueSerde?: Serde<V1>, otherValueSerde?: Serde<V2>): StreamJoined<K, V1, V2> {
    return new StreamJoined<K, V1, V2>({ keySerde, valueSerde, otherValueSerde });
  }

  /** Sets the base store name (Kafka's StreamJoined.as). */
  static as<K, V1, V2>(storeName: string): StreamJoined<K, V1, V2> {
    return new StreamJoined<K, V1, V2>({ storeName });
  }

  get name() { return this.o.name; }
  get storeName() { return this.o.storeName; }
  get keySerde() { return this.o.keySerde; }
  get valueSerde() { return this.o.valueSerde; }
  get otherValueSerde() { return this.o.otherValueSerde; }
  get loggingEnabled() { return this.o.loggingEnabled; }
  get logConfig() { return this.o.logConfig; }

  withName(name: string): StreamJoined<K, V1, V2> { return new StreamJoined({ ...this.o, name }); }
  withStoreName(storeName: string): StreamJoined<K, V1, V2> { return new StreamJoined({ ...this.o, storeName }); }
  withKeySerde(keySerde: Serde<K>): StreamJoined<K, V1, V2> { return new StreamJoined({ ...this.o, keySerde }); }
  withValueSerde(valueSerde: Serde<V1>): StreamJoined<K, V1, V2> { return new StreamJoined({ ...this.o, valueSerde }); }
  withOtherValueSerde(otherValueSerde: Serde<V2>): StreamJoined<K, V1, V2> { return new StreamJoined({ ...this.o, otherValueSerde }); }
  withLoggingEnabled(logConfig: Readonly<Record<string, string>> = {}): StreamJoined<K, V1, V2> {
    return new StreamJoined({ ...this.o, loggingEnabled: true, logConfig });
  }
  withLoggingDisabled(): StreamJoined<K, V1, V2> { return new StreamJoined({ ...this.o, loggingEnabled: false }); }
}
