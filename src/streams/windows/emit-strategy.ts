/** Kafka's EmitStrategy.StrategyType. */
export type EmitStrategyType = 'ON_WINDOW_UPDATE' | 'ON_WINDOW_CLOSE';

/**
 * Kafka's EmitStrategy (KIP-825): when a windowed aggregation forwards its results. onWindowUpdate (the
 * default) forwards every update (through the record cache, when the store has one); onWindowClose forwards
 * each window once, with its final aggregate, when stream time passes its end plus grace
 * (AbstractKStreamTimeWindowAggregateProcessor, KStreamSessionWindowAggregate).
 */
export class EmitStrategy {
  private static readonly UPDATE = new EmitStrategy('ON_WINDOW_UPDATE');
  private static readonly CLOSE = new EmitStrategy('ON_WINDOW_CLOSE');

  private constructor(private readonly strategyType: EmitStrategyType) {}

  /** Forward each window once, when it closes (stream time >= window end + grace). */
  static onWindowClose(): EmitStrategy {
    return EmitStrategy.CLOSE;
  }

  /** Forward every update of a window (Kafka's default). */
  static onWindowUpdate(): EmitStrategy {
    return EmitStrategy.UPDATE;
  }

  type(): EmitStrategyType {
    return this.strategyType;
  }
}
