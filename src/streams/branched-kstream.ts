import { TopologyError } from '../sim/errors.js';
import type { ProcessorSupplier } from '../sim/processor.js';
import { KStream } from './kstream.js';
import { statelessSupplier } from './operators/stateless.js';

export interface BranchedOptions<K, V> {
  readonly name?: string;
  /** Transforms the branch; its result is what the returned map holds (Kafka: Branched.withFunction). */
  readonly chain?: (branch: KStream<K, V>) => KStream<K, V> | undefined;
  /** Consumes the branch; the map then has no entry for it (Kafka: Branched.withConsumer). */
  readonly consumer?: (branch: KStream<K, V>) => void;
}

export const Branched = {
  as<K, V>(name: string): BranchedOptions<K, V> {
    return { name };
  },
  withFunction<K, V>(chain: (branch: KStream<K, V>) => KStream<K, V> | undefined, name?: string): BranchedOptions<K, V> {
    return name === undefined ? { chain } : { chain, name };
  },
  withConsumer<K, V>(consumer: (branch: KStream<K, V>) => void, name?: string): BranchedOptions<K, V> {
    return name === undefined ? { consumer } : { consumer, name };
  },
};

/**
 * Kafka's BranchedKStream (split()): a record goes to the first branch whose predicate matches, else to
 * the default branch, else nowhere. Map keys are the split name prefix plus the branch name, or its
 * 1-based index; the default branch's index is 0 (Kafka's BranchedKStreamImpl). The branch processor has
 * that same name, and each branch uses up one generated index, as in Kafka.
 */
export class BranchedKStream<K, V> {
  private readonly predicates: ((key: K, value: V) => boolean)[] = [];
  private readonly childNames: string[] = [];
  private readonly result = new Map<string, KStream<K, V>>();
  private built = false;

  constructor(
    private readonly parent: KStream<K, V>,
    private readonly splitName: string,
    private readonly prefix: string,
  ) {
    const preds = this.predicates;
    const children = this.childNames;
    parent.ctx.topology.addProcessor(
      splitName,
      statelessSupplier<K, V, K, V>((r, c) => {
        for (let i = 0; i < preds.length; i++) {
          if (preds[i]!(r.key, r.value)) {
            c.forward(r, children[i]);
            return;
          }
        }
      }) as ProcessorSupplier,
      parent.nodeName,
    );
  }

  branch(predicate: (key: K, value: V) => boolean, branched: BranchedOptions<K, V> = {}): this {
    this.addBranch(predicate, branched, String(this.predicates.length + 1));
    return this;
  }

  defaultBranch(branched: BranchedOptions<K, V> = {}): Map<string, KStream<K, V>> {
    this.addBranch(() => true, branched, '0');
    this.built = true;
    return this.result;
  }

  noDefaultBranch(): Map<string, KStream<K, V>> {
    this.built = true;
    return this.result;
  }

  private addBranch(predicate: (key: K, value: V) => boolean, branched: BranchedOptions<K, V>, index: string): void {
    if (this.built) throw new TopologyError('this split() is finished: no branch can follow defaultBranch()/noDefaultBranch()');
    const branchName = `${this.prefix}${branched.name ?? index}`;
    if (this.result.has(branchName)) throw new TopologyError(`split() already has a branch named '${branchName}'`);
    const childName = branchName;
    const ctx = this.parent.ctx;
    ctx.newProcessorName(childName);
    ctx.topology.addProcessor(childName, statelessSupplier<K, V, K, V>((r, c) => c.forward(r)) as ProcessorSupplier, this.splitName);
    this.predicates.push(predicate);
    this.childNames.push(childName);
    const stream = new KStream<K, V>(ctx, childName, this.parent.repartitionRequired, this.parent.copartitionTopics, this.parent.options);
    if (branched.consumer !== undefined) {
      branched.consumer(stream);
      return;
    }
    const out = branched.chain !== undefined ? branched.chain(stream) : stream;
    if (out !== undefined) this.result.set(branchName, out);
  }
}
