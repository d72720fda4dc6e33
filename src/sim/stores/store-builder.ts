import type { StateStore, StoreBuilder, StoreKind } from './state-store.js';

/**
 * A StoreBuilder over a factory: logging on by default (Kafka's default: every store has a changelog),
 * caching off by default (streamsim forwards every update unless a topology opts into cache mode).
 */
export class FactoryStoreBuilder<S extends StateStore> implements StoreBuilder<S> {
  constructor(
    readonly name: string,
    readonly kind: StoreKind,
    private readonly factory: (name: string) => S,
    readonly loggingEnabled = true,
    readonly cachingEnabled = false,
    readonly logConfig: Readonly<Record<string, string>> = {},
  ) {}

  withLoggingEnabled(config: Readonly<Record<string, string>> = {}): StoreBuilder<S> {
    return new FactoryStoreBuilder(this.name, this.kind, this.factory, true, this.cachingEnabled, config);
  }

  withLoggingDisabled(): StoreBuilder<S> {
    return new FactoryStoreBuilder(this.name, this.kind, this.factory, false, this.cachingEnabled, this.logConfig);
  }

  withCachingEnabled(): StoreBuilder<S> {
    return new FactoryStoreBuilder(this.name, this.kind, this.factory, this.loggingEnabled, true, this.logConfig);
  }

  withCachingDisabled(): StoreBuilder<S> {
    return new FactoryStoreBuilder(this.name, this.kind, this.factory, this.loggingEnabled, false, this.logConfig);
  }

  build(): S {
    return this.factory(this.name);
  }
}
