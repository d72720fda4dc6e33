import { partitionFor, utf8 } from '../../sim/murmur2.js';
import { TOPIC_EVENTS, type Ticket } from '../utopia/schemas.js';

/*
 * U4/U5 as several instances over several partitions (rebalance faults, issue 5): what Kafka promises across
 * clean handovers and, under exactly_once_v2, crashes. The reference is a single-instance run of the same
 * records (same guarantee, commits and partitions). Two things Kafka leaves open, and which this check allows:
 * - tickets of different input partitions are processed by different tasks (on different instances) and reach
 *   the repartition topic by event id in no promised order; each partition's tickets stay in append order
 *   (one task, one producer);
 * - under exactly_once_v2 a ticket's repartition record is readable only once its transaction commits, and a
 *   rebalance commits (TaskManager#handleRevocation), so a ticket appended before its event (`reorder`) may or
 *   may not find it, whatever the reference did. Tickets appended after every event always find theirs.
 */

interface Appended {
  readonly topic: string;
  readonly key: string;
  readonly value: unknown;
}

interface Response {
  readonly ticket: string;
  readonly eventid: string;
}

/**
 * Per event: the observed responses answer, in an order that keeps each ticket partition's append order, every
 * ticket occurrence appended after the events and, where `optionalEarly` (exactly-once), any of those appended
 * before them; none other and none twice. With `optionalEarly` off the early ones must match the reference's.
 */
export function checkTicketOrderAcrossPartitions(
  inputs: readonly Appended[],
  reference: readonly Response[],
  observed: readonly Response[],
  partitions: number,
  optionalEarly: boolean,
): string | null {
  const firstEvent = inputs.findIndex((r) => r.topic === TOPIC_EVENTS);
  const events = [...new Set(inputs.filter((r) => r.topic === TOPIC_EVENTS).map((r) => r.key))];
  for (const e of events) {
    const answeredEarly = new Set(reference.filter((r) => r.eventid === e).map((r) => r.ticket));
    const occurrences = inputs.flatMap((r, i) => (r.topic !== TOPIC_EVENTS && (r.value as Ticket).eventid === e ? [{ ticket: r.key, early: i < firstEvent }] : []));
    const got = observed.filter((r) => r.eventid === e).map((r) => r.ticket);
    for (let p = 0; p < partitions; p++) {
      const inPartition = (ticket: string) => partitionFor(utf8(ticket), partitions) === p;
      const want = occurrences.filter((o) => inPartition(o.ticket));
      const seen = got.filter(inPartition);
      let k = 0;
      for (const o of want) {
        const required = !o.early || (!optionalEarly && answeredEarly.has(o.ticket));
        const allowed = !o.early || optionalEarly || answeredEarly.has(o.ticket);
        if (k < seen.length && seen[k] === o.ticket && allowed) k++;
        else if (required) return `${e}: ticket ${o.ticket} (partition ${p}) is not answered in its partition's order: answered ${seen.join(', ') || 'none'}`;
      }
      if (k < seen.length) return `${e}: ticket ${seen[k]} (partition ${p}) answered more often than requested, or out of its partition's order: answered ${seen.join(', ')}`;
    }
  }
  return null;
}
