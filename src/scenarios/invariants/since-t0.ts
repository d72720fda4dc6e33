import { T0 } from '../common/seeded-faker.js';

/** A scenario timestamp as seconds from T0 (2024-01-01), `+1.5s` or `-1s`: short and readable in a table. */
export function sinceT0(timestamp: number): string {
  const ms = timestamp - T0;
  return `${ms < 0 ? '-' : '+'}${Math.abs(ms) / 1000}s`;
}
