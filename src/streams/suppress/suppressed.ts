/** Kafka's Suppressed (stub: being written). */
export interface Suppressed<K> {
  readonly kind: 'untilWindowCloses' | 'untilTimeLimit';
  readonly _key?: K;
}

export const Suppressed = {
  untilWindowCloses<K>(): Suppressed<K> {
    return { kind: 'untilWindowCloses' };
  },
};
