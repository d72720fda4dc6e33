import type { RandomStream } from '../sim/rng.js';
import type { RetryOptions } from './types.js';

/** kafkajs' retry defaults (node_modules/kafkajs/src/retry/defaults.js). */
const DEFAULTS = { maxRetryTime: 30_000, initialRetryTime: 300, factor: 0.2, multiplier: 2, retries: 5 };

/** retry/index.js: errors it never retries. */
const UNRECOVERABLE_ERRORS = ['RangeError', 'ReferenceError', 'SyntaxError', 'TypeError'];

/** retry/index.js isErrorRetriable: anything not marked `retriable: false` and not a programming error. */
export function isRetriable(e: unknown): boolean {
  const err = e as { retriable?: unknown; name?: unknown } | null;
  if (err === null || typeof err !== 'object') return true;
  return err.retriable !== false && !UNRECOVERABLE_ERRORS.includes(String(err.name));
}

/**
 * kafkajs' retrier (retry/index.js) as state: exponential backoff randomized by `factor`, `retries` attempts, with the
 * randomness drawn from a seeded stream instead of Math.random. The first wait is randomFromRetryTime(initial); each
 * next one is min(randomFromRetryTime(previous) * multiplier, maxRetryTime).
 */
export class RetryPolicy {
  readonly retries: number;
  readonly initialRetryTime: number;
  readonly restartOnFailure: ((e: Error) => Promise<boolean>) | undefined;
  private readonly maxRetryTime: number;
  private readonly factor: number;
  private readonly multiplier: number;
  /** Failures since the last reset. */
  count = 0;
  /** The wait before the current attempt (kafkajs' retryTime). */
  retryTime = 0;
  private nextRetryTime = 0;

  constructor(
    options: RetryOptions,
    private readonly random: RandomStream,
  ) {
    this.retries = options.retries ?? DEFAULTS.retries;
    this.initialRetryTime = options.initialRetryTime ?? DEFAULTS.initialRetryTime;
    this.maxRetryTime = options.maxRetryTime ?? DEFAULTS.maxRetryTime;
    this.factor = options.factor ?? DEFAULTS.factor;
    this.multiplier = options.multiplier ?? DEFAULTS.multiplier;
    this.restartOnFailure = options.restartOnFailure;
  }

  /** A fresh retrier, as kafkajs starts one each time the fetch manager is (re)scheduled. */
  reset(): void {
    this.count = 0;
    this.retryTime = 0;
    this.nextRetryTime = 0;
  }

  /** After a failure: how long to wait before trying again, or undefined when the retries are used up. */
  nextWait(): number | undefined {
    if (this.count >= this.retries) return undefined;
    const wait = this.count === 0 ? this.randomFromRetryTime(this.initialRetryTime) : this.nextRetryTime;
    this.nextRetryTime = Math.min(this.randomFromRetryTime(wait) * this.multiplier, this.maxRetryTime);
    this.retryTime = wait;
    this.count++;
    return wait;
  }

  /** randomFromRetryTime: uniform in retryTime ± factor * retryTime, rounded up. */
  private randomFromRetryTime(retryTime: number): number {
    const delta = this.factor * retryTime;
    return Math.ceil(retryTime - delta + this.random.next() * 2 * delta);
  }
}
