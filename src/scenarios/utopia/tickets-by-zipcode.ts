import { Materialized, Named, type StreamsBuilder } from '../../streams/index.js';
import { ticketOutcomes } from './event-status.js';
import { addKeyValueStore } from '../common/index.js';
import { applyOwnedRow, insertSorted, ownedRowChanges, processorOf, removeId, type OwnedRow, type OwnedRowChange } from './processor-kit.js';
import { sourceStream } from './sources.js';
import { TOPIC_ADDRESSES, TOPIC_TICKETS, type Address, type Ticket } from './schemas.js';

/** U11 (SUGGESTED – LOCATION, goal). */
export const TICKETS_BY_ZIPCODE_OUTPUT = 'kafka-workshop-tickets-by-zipcode';
/** U12 (SUGGESTED – LOCATION, bonus). */
export const ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT = 'kafka-workshop-zipcode-popular-event-alerts';

export interface ZipcodeTickets {
  readonly zip5: string;
  readonly ticketCount: number;
}
export interface ZipcodePopularEventAlert {
  readonly customerid: string;
  readonly zip5: string;
  readonly eventid: string;
  readonly buyerCustomerid: string;
}

/** Keyed by customer: their RESID address rows, their tickets, and popular-event triggers they bought. */
type ByCustomer =
  | { readonly kind: 'address'; readonly change: OwnedRowChange<Address> }
  | { readonly kind: 'ticket' }
  | { readonly kind: 'trigger'; readonly eventid: string };
/** Keyed by zip5. */
type ByZip =
  | { readonly kind: 'ticket' }
  | { readonly kind: 'resident'; readonly customerid: string; readonly add: boolean }
  | { readonly kind: 'trigger'; readonly eventid: string; readonly buyer: string };

/**
 * SCENARIOS.md U11 and U12. Keyed by customer: the customer's latest RESID address (addresses re-keyed by
 * customerid, latest wins), which routes their tickets and their popular-event triggers to their zip5 (a
 * customer without an address: dropped), and moves them between zip resident lists. Keyed by zip5: U11 counts
 * every ticket (Decision: purchased = requested); U12 alerts, in ascending customerid order, every resident but
 * the buyer when a confirmed ticket leaves its event popular. Keyed by customer again: at most once per
 * (customer, event).
 */
export function ticketsByZipcode(builder: StreamsBuilder): void {
  const addressStore = addKeyValueStore(builder, 'customer-resid-address');
  const residentsStore = addKeyValueStore(builder, 'zip-residents');
  const alertedStore = addKeyValueStore(builder, 'zip-alerted-customer-events');

  const addresses = ownedRowChanges<Address>(
    builder,
    sourceStream<string, Address | null>(builder, TOPIC_ADDRESSES),
    (a) => (a.type === 'RESID' ? a.customerid : null),
    'address-owners',
  ).mapValues((change): ByCustomer => ({ kind: 'address', change }));
  const tickets = sourceStream<string | null, Ticket>(builder, TOPIC_TICKETS)
    .map((_id, t) => ({ key: t.customerid, value: { kind: 'ticket' } as ByCustomer }), Named.as('location-tickets-by-customerid'));
  const triggers = ticketOutcomes(builder, 'location')
    .filter((_eventId, o) => o.confirmed && o.popular)
    .map((eventid, o) => ({ key: o.ticket.customerid, value: { kind: 'trigger', eventid } as ByCustomer }), Named.as('popular-by-buyer'));

  const byZip = addresses
    .merge(tickets)
    .merge(triggers)
    .repartition({ name: 'location-by-customer' })
    .process<string, ByZip>(
      processorOf<string, ByCustomer, string, ByZip>((r, t) => {
        const store = t.store<string, OwnedRow<Address>>(addressStore);
        const current = store.get(r.key);
        const zip = current?.row.zip5;
        const v = r.value;
        if (v.kind === 'address') {
          const next = applyOwnedRow(current, v.change);
          store.put(r.key, next);
          const nextZip = next?.row.zip5;
          if (zip === nextZip) return;
          if (zip !== undefined) t.emit(zip, { kind: 'resident', customerid: r.key, add: false });
          if (nextZip !== undefined) t.emit(nextZip, { kind: 'resident', customerid: r.key, add: true });
          return;
        }
        if (zip === undefined) return t.drop('customer without a RESID address');
        t.emit(zip, v.kind === 'ticket' ? v : { kind: 'trigger', eventid: v.eventid, buyer: r.key });
      }),
      addressStore,
    )
    .repartition({ name: 'location-by-zip' });

  byZip
    .filter((_zip, v) => v.kind === 'ticket')
    .groupByKey()
    .count(Materialized.as('zip-ticket-counts'))
    .toStream()
    .mapValues((n, zip5): ZipcodeTickets => ({ zip5, ticketCount: n ?? 0 }))
    .to(TICKETS_BY_ZIPCODE_OUTPUT);

  byZip
    .filter((_zip, v) => v.kind !== 'ticket')
    .process<string, ZipcodePopularEventAlert>(
      processorOf<string, ByZip, string, ZipcodePopularEventAlert>((r, t) => {
        const store = t.store<string, readonly string[]>(residentsStore);
        const residents = store.get(r.key) ?? [];
        const v = r.value;
        if (v.kind === 'resident') {
          const next = v.add ? insertSorted(residents, v.customerid) : removeId(residents, v.customerid);
          store.put(r.key, next.length === 0 ? null : next);
        } else if (v.kind === 'trigger') {
          for (const customerid of residents) {
            if (customerid !== v.buyer) t.emit(customerid, { customerid, zip5: r.key, eventid: v.eventid, buyerCustomerid: v.buyer });
          }
        }
      }),
      residentsStore,
    )
    .repartition({ name: 'zip-alerts-by-customer' })
    .processValues(
      processorOf<string, ZipcodePopularEventAlert, string, ZipcodePopularEventAlert>((r, t) => {
        const alerted = t.store<string, boolean>(alertedStore);
        const key = JSON.stringify([r.key, r.value.eventid]);
        if (alerted.get(key) !== null) return;
        alerted.put(key, true);
        t.emit(r.key, r.value);
      }),
      alertedStore,
    )
    .to(ZIPCODE_POPULAR_EVENT_ALERTS_OUTPUT);
}
