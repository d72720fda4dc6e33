import { fieldOf, numberOf, type ScenarioOutputRecord, type SummaryTable } from '../common/index.js';
import { STATUS, statusLabel, TOPIC_DELIVERED, TOPIC_ORDERS_VIEW, TOPIC_PENDING, TOPIC_STATUS } from './schemas.js';

type Outputs = ReadonlyMap<string, readonly ScenarioOutputRecord[]>;

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * The pizza shop's answers: orders by final view status (P2), end-to-end times (ordered → delivered, from the
 * P1 merge), stuck alerts (P3) and the pending path.
 */
export function summarizePizza(outputs: Outputs): SummaryTable[] {
  const view = outputs.get(TOPIC_ORDERS_VIEW) ?? [];
  const finalStatus = new Map<string, number>();
  for (const r of view) finalStatus.set(String(r.key), numberOf(fieldOf(r.value, 'status')));
  const byStatus = new Map<number, number>();
  for (const s of finalStatus.values()) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);

  const orderedAt = new Map<string, number>();
  for (const r of outputs.get(TOPIC_STATUS) ?? []) {
    if (numberOf(fieldOf(r.value, 'STATUS')) === STATUS.order_placed && !orderedAt.has(String(r.key))) orderedAt.set(String(r.key), r.timestamp);
  }
  const times: number[] = [];
  for (const r of outputs.get(TOPIC_DELIVERED) ?? []) {
    const t0 = orderedAt.get(String(r.key));
    if (t0 !== undefined) times.push(r.timestamp - t0);
  }
  const stuck = view.filter((r) => numberOf(fieldOf(r.value, 'status')) === STATUS.stuck);
  const pending = outputs.get(TOPIC_PENDING) ?? [];

  return [
    {
      title: 'Orders by final status (P2 pizza-orders-view)',
      columns: ['status', 'label', 'orders'],
      rows: [...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => [s, statusLabel(s), n]),
    },
    {
      title: 'End-to-end time, ordered to delivered (s)',
      columns: ['delivered', 'min', 'avg', 'max'],
      rows: [
        times.length === 0
          ? [0, null, null, null]
          : [times.length, seconds(Math.min(...times)), seconds(times.reduce((a, b) => a + b, 0) / times.length), seconds(Math.max(...times))],
      ],
    },
    {
      title: 'Stuck alerts (P3) and the pending path',
      columns: ['stuck alerts', 'orders stuck', 'pending path'],
      rows: [[stuck.length, new Set(stuck.map((r) => String(r.key))).size, pending.length]],
    },
  ];
}
