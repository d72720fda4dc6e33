import type { KStream } from '../../streams/index.js';

/**
 * Helpers shared by the bookstore DSL apps (B8–B10). Each app's output is one running value under one constant
 * key, so every input record has to reach the same task: the apps re-key to that constant and repartition before
 * their stateful processor. With one partition per topic the repartition changes nothing; with more, it gathers
 * the whole input on the constant key's partition (one task then holds all the state).
 */

/** Re-keys every record to `key` and sends the stream through `<app>-<name>-repartition`. */
export function toSingleKey<K, V, KR extends string>(stream: KStream<K, V>, key: KR, name: string): KStream<KR, V> {
  return stream.selectKey((): KR => key).repartition({ name });
}
