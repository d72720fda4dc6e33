import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { KeyValueStore } from '../../sim/stores/key-value-store.js';
import type { StreamsBuilder } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { toSingleKey } from './apps-common.js';
import { TOPIC_PAYMENT, TOPIC_PURCHASE, type Payment, type Purchase } from './schemas.js';

/** Output topic of the PaymentsOutstanding app (SCENARIOS.md §1.3 B9). */
export const OUTSTANDING_OUTPUT = 'outstanding-amount';
/** The one key every B9 output carries. */
export const OUTSTANDING_KEY = 'fixed';

/**
 * One element of `outstandingPaymentPurchases`: the purchase value as received (its `packet` is therefore null)
 * plus `timestamp`, the purchase record's timestamp, by which the list is ordered.
 */
export type OutstandingPurchase = Purchase & { readonly timestamp: number };

/** The B9 output value. */
export interface OutstandingAmount {
  readonly amountOutstanding: number;
  /** Ordered by (timestamp, purchaseId), purchaseIds compared by UTF-16 code units. */
  readonly outstandingPaymentPurchases: readonly OutstandingPurchase[];
}

/** Per purchaseId: has its packet-null purchase been processed, has a payment referencing it. */
interface PurchaseState {
  readonly purchased: boolean;
  readonly paid: boolean;
}

type B9Input = { readonly kind: 'purchase'; readonly purchase: Purchase | null } | { readonly kind: 'payment'; readonly payment: Payment | null };

const STATE_STORE = 'outstanding-purchase-state';
/** Only the currently outstanding purchases, so that building the output scans few entries. */
const OUTSTANDING_STORE = 'outstanding-purchases';

/**
 * The PaymentsOutstanding app (SCENARIOS.md §1.3 B9), with correct semantics instead of the original's eager
 * 5-minute left join: a purchase is outstanding iff its packet-null record has been processed and no payment
 * for it has, in whichever order they arrive and however late the payment is.
 * - A payment settles its `referenceNumber` whatever its amount; `payment.amount` is never subtracted, so the
 *   total cannot go negative (the original went negative on a payment processed before its purchase).
 * - Emitted (key "fixed", the triggering record's timestamp) only when the outstanding set changes: a payment
 *   before its purchase, a duplicate payment, the shipped re-send (packet non-null) and a repeated packet-null
 *   purchase emit nothing. Decision: for a repeated packet-null purchase the first record wins.
 * - Partitions > 1: purchases and payments are re-keyed to "fixed" and repartitioned, so one task sees both.
 */
export function paymentsOutstanding(builder: StreamsBuilder): void {
  addKeyValueStore(builder, STATE_STORE);
  addKeyValueStore(builder, OUTSTANDING_STORE);
  const purchases = builder.stream<string, Purchase | null>(TOPIC_PURCHASE).mapValues((purchase): B9Input => ({ kind: 'purchase', purchase }));
  const payments = builder.stream<string, Payment | null>(TOPIC_PAYMENT).mapValues((payment): B9Input => ({ kind: 'payment', payment }));
  toSingleKey(purchases.merge(payments), OUTSTANDING_KEY, 'outstanding-single-key')
    .process(outstandingProcessor, STATE_STORE, OUTSTANDING_STORE)
    .to(OUTSTANDING_OUTPUT);
}

function outstandingProcessor(): Processor<string, B9Input, string, OutstandingAmount> {
  let ctx!: ProcessorContext<string, OutstandingAmount>;
  let states!: KeyValueStore<string, PurchaseState>;
  let outstanding!: KeyValueStore<string, OutstandingPurchase>;

  const emit = (timestamp: number): void => {
    const list = outstanding
      .all()
      .map((kv) => kv.value)
      .sort((a, b) => a.timestamp - b.timestamp || (a.purchaseId < b.purchaseId ? -1 : a.purchaseId > b.purchaseId ? 1 : 0));
    const amountOutstanding = list.reduce((sum, p) => sum + p.totalAmount, 0);
    ctx.forward({ key: OUTSTANDING_KEY, value: { amountOutstanding, outstandingPaymentPurchases: list }, timestamp, headers: [] });
  };

  const onPurchase = (p: Purchase, timestamp: number): void => {
    if (p.packet !== null) return; // the shipped re-send says nothing about payment
    const state = states.get(p.purchaseId);
    if (state?.purchased) return;
    states.put(p.purchaseId, { purchased: true, paid: state?.paid ?? false });
    if (state?.paid) return; // paid before it arrived: never outstanding
    outstanding.put(p.purchaseId, { ...p, timestamp });
    emit(timestamp);
  };

  const onPayment = (pay: Payment, timestamp: number): void => {
    const state = states.get(pay.referenceNumber);
    if (state?.paid) return;
    states.put(pay.referenceNumber, { purchased: state?.purchased ?? false, paid: true });
    if (!state?.purchased) return; // remembered: its purchase will arrive settled
    outstanding.delete(pay.referenceNumber);
    emit(timestamp);
  };

  return {
    init(c) {
      ctx = c;
      states = c.getStateStore(STATE_STORE);
      outstanding = c.getStateStore(OUTSTANDING_STORE);
    },
    process(r: StreamRecord<string, B9Input>) {
      const v = r.value;
      if (v.kind === 'purchase') {
        if (v.purchase === null) return ctx.recordDropped('null purchase value');
        onPurchase(v.purchase, r.timestamp);
      } else {
        if (v.payment === null) return ctx.recordDropped('null payment value');
        onPayment(v.payment, r.timestamp);
      }
    },
  };
}
