import type { Broker } from '../sim/broker.js';

/** Header on the control records (transaction markers) streamsim appends; kafkajs consumers never deliver them. */
export const CONTROL_HEADER = '__streamsim.control';

const tpKey = (topic: string, partition: number): string => `${topic}-${partition}`;

/**
 * What the broker knows of transactions, beside its logs: for each partition, the first offset of every open
 * transaction (the last stable offset is the smallest, or the log end offset), the offsets of aborted records (Kafka's
 * aborted-transaction index) and those of control records (commit/abort markers, which take an offset as in Kafka).
 * read_committed consumers read up to the last stable offset and skip aborted and control records.
 */
export class TransactionIndex {
  private readonly openFirstOffset = new Map<string, Map<string, number>>();
  private readonly abortedOffsets = new Map<string, Set<number>>();
  private readonly controlOffsets = new Map<string, Set<number>>();
  /** Records written by each open transaction, by transactional id: fencing aborts them. */
  private readonly openWrites = new Map<string, Array<{ topic: string; partition: number; offset: number }>>();
  /** The producer epoch of each transactional id: a new producer bumps it and fences the old one. */
  private readonly epochs = new Map<string, number>();

  constructor(private readonly broker: Broker) {}

  /**
   * InitProducerId for a transactional id (kafkajs calls it at a producer's first transaction()): bumps the epoch,
   * which fences any older producer with the same id, and aborts the transaction that producer left open.
   */
  initProducerId(transactionalId: string): number {
    const epoch = (this.epochs.get(transactionalId) ?? -1) + 1;
    this.epochs.set(transactionalId, epoch);
    const open = this.openWrites.get(transactionalId);
    if (open !== undefined) this.end(transactionalId, open, false);
    return epoch;
  }

  /** Whether `epoch` is still the current one for the transactional id (false: the producer was fenced). */
  isCurrentEpoch(transactionalId: string, epoch: number): boolean {
    return this.epochs.get(transactionalId) === epoch;
  }

  /** Records a transactional write; the first one of a transaction on a partition holds back the last stable offset. */
  onWrite(transactionalId: string, topic: string, partition: number, offset: number): void {
    const writes = this.openWrites.get(transactionalId) ?? [];
    writes.push({ topic, partition, offset });
    this.openWrites.set(transactionalId, writes);
    const key = tpKey(topic, partition);
    let open = this.openFirstOffset.get(key);
    if (open === undefined) this.openFirstOffset.set(key, (open = new Map()));
    if (!open.has(transactionalId)) open.set(transactionalId, offset);
  }

  /**
   * Ends a transaction: aborted records are indexed as such, then a marker is appended to every partition it wrote
   * to (WriteTxnMarkers), which makes it stable.
   */
  end(transactionalId: string, written: ReadonlyArray<{ topic: string; partition: number; offset: number }>, commit: boolean): void {
    this.openWrites.delete(transactionalId);
    if (!commit) {
      for (const w of written) {
        if (!this.broker.hasTopic(w.topic)) continue;
        const key = tpKey(w.topic, w.partition);
        let set = this.abortedOffsets.get(key);
        if (set === undefined) this.abortedOffsets.set(key, (set = new Set()));
        set.add(w.offset);
      }
    }
    const touched = new Map<string, { topic: string; partition: number }>();
    for (const w of written) touched.set(tpKey(w.topic, w.partition), { topic: w.topic, partition: w.partition });
    for (const [key, { topic, partition }] of [...touched].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      this.openFirstOffset.get(key)?.delete(transactionalId);
      if (!this.broker.hasTopic(topic)) continue;
      const marker = this.broker.append(topic, Buffer.alloc(0), null, undefined, [{ key: CONTROL_HEADER, value: commit ? 'commit' : 'abort' }], partition);
      let set = this.controlOffsets.get(key);
      if (set === undefined) this.controlOffsets.set(key, (set = new Set()));
      set.add(marker.offset);
    }
  }

  /** The last stable offset: read_committed consumers read below it. */
  lastStableOffset(topic: string, partition: number): number {
    let lso = this.broker.logEndOffset(topic, partition);
    for (const first of this.openFirstOffset.get(tpKey(topic, partition))?.values() ?? []) lso = Math.min(lso, first);
    return lso;
  }

  isAborted(topic: string, partition: number, offset: number): boolean {
    return this.abortedOffsets.get(tpKey(topic, partition))?.has(offset) ?? false;
  }

  isControl(topic: string, partition: number, offset: number): boolean {
    return this.controlOffsets.get(tpKey(topic, partition))?.has(offset) ?? false;
  }

  /** A deleted topic takes its transaction state with it. */
  forgetTopic(topic: string): void {
    for (const map of [this.openFirstOffset, this.abortedOffsets, this.controlOffsets]) {
      for (const key of [...map.keys()]) if (key.slice(0, key.lastIndexOf('-')) === topic) map.delete(key);
    }
  }
}
