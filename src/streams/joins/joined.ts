import type { Serde } from '../../sim/serde.js';

/** Options of a stream-table join (Kafka's Joined). Serdes are accepted and, in memory, not needed. */
export interface JoinedOptions<K, V1, V2> {
  /** Names the join processor and the stream side's repartition topic (`<name>-repartition`). */
  readonly name?: string | undefined;
  readonly keySerde?: Serde<K> | undefined;
  readonly valueSerde?: Serde<V1> | undefined;
  readonly otherValueSerde?: Serde<V2> | undefined;
  /** Kafka 3.6+ (KIP-923): how long a stream record may wait for a late table update; needs a versioned table. */
  readonly gracePeriodMs?: number | undefined;
}

/** Kafka's Joined, fluent and immutable: `Joined.as('enrich')`, `Joined.with(keySerde, valueSerde, otherSerde)`. */
export class Joined<K, V1, V2> implements JoinedOptions<K, V1, V2> {
  private constructor(private readonly o: JoinedOptions<K, V1, V2>) {}

  static with<K, V1, V2>(keySerde?: Serde<K>, valueSerde?: Serde<V1>, otherValueSerde?: Serde<V2>, name?: string): Joined<K, V1, V2> {
    return new Joined<K, V1, V2>({ keySerde, valueSerde, otherValueSerde, name });
  }

  static as<K, V1, V2>(name: string): Joined<K, V1, V2> {
    return new Joined<K, V1, V2>({ name });
  }

  get name() { return this.o.name; }
  get keySerde() { return this.o.keySerde; }
  get valueSerde() { return this.o.valueSerde; }
  get otherValueSerde() { return this.o.otherValueSerde; }
  get gracePeriodMs() { return this.o.gracePeriodMs; }

  withName(name: string): Joined<K, V1, V2> { return new Joined({ ...this.o, name }); }
  withKeySerde(keySerde: Serde<K>): Joined<K, V1, V2> { return new Joined({ ...this.o, keySerde }); }
  withValueSerde(valueSerde: Serde<V1>): Joined<K, V1, V2> { return new Joined({ ...this.o, valueSerde }); }
  withOtherValueSerde(otherValueSerde: Serde<V2>): Joined<K, V1, V2> { return new Joined({ ...this.o, otherValueSerde }); }
  withGracePeriod(gracePeriodMs: number): Joined<K, V1, V2> { return new Joined({ ...this.o, gracePeriodMs }); }
}
