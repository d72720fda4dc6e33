import type { ScenarioOutputRecord } from '../../../../src/scenarios/common/index.js';

export const T0 = 1_704_067_200_000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** A value as plain JSON: BIGINT and lossless JSON numbers become numbers (via JSON, which calls toJSON). */
export function plain(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)));
}

/** An output record as `[key, value, ts − T0]`, or `[key, [start − T0, end − T0], value, ts − T0]` when windowed. */
export function row(r: ScenarioOutputRecord): unknown[] {
  const key = r.key as { key?: unknown; window?: { start: number; end: number } } | null;
  if (key !== null && typeof key === 'object' && key.window !== undefined) {
    return [plain(key.key), [key.window.start - T0, key.window.end - T0], plain(r.value), r.timestamp - T0];
  }
  return [plain(r.key), plain(r.value), r.timestamp - T0];
}
