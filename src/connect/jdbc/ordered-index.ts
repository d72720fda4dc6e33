import { coalescedTimestamp, toNumber, type IncrementalQuery, type Row } from './table-reader.js';

interface Entry {
  readonly k1: number;
  readonly k2: number;
  readonly row: number;
}

function compare(a: Entry, b: Entry): number {
  return a.k1 - b.k1 || a.k2 - b.k2 || a.row - b.row;
}

/** Index of the first entry not less than `probe`. */
function lowerBound(entries: readonly Entry[], probe: Entry): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(entries[mid]!, probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The visible rows of an in-memory table kept in one query shape's ORDER BY — (timestamp, incrementing, row) for
 * the timestamp modes, (incrementing, row) for incrementing mode — so a poll reads only the rows in its range
 * instead of the whole table. Rows whose key column is NULL are left out: no query of that shape can match them.
 */
export class OrderedIndex {
  private readonly entries: Entry[] = [];
  private readonly byRow = new Map<number, Entry>();

  constructor(
    private readonly timestampColumns: readonly string[],
    private readonly incrementingColumn: string | null,
  ) {}

  /** The index a query of this shape uses. */
  static signature(q: IncrementalQuery): string {
    return JSON.stringify([q.mode === 'incrementing' ? [] : q.timestampColumns, q.incrementingColumn]);
  }

  /** Row `row` now reads `values` (its newly visible version). */
  set(row: number, values: Row): void {
    const old = this.byRow.get(row);
    if (old !== undefined) {
      this.entries.splice(lowerBound(this.entries, old), 1);
      this.byRow.delete(row);
    }
    const entry = this.entryOf(row, values);
    if (entry === null) return;
    this.entries.splice(lowerBound(this.entries, entry), 0, entry);
    this.byRow.set(row, entry);
  }

  /**
   * Candidate rows of a query in ORDER BY order: those whose first key is at least the query's lower bound and,
   * for the timestamp modes, below its upper bound. The caller applies the exact WHERE clause.
   */
  candidates(q: IncrementalQuery): number[] {
    const timestampMode = this.timestampColumns.length > 0;
    const from = timestampMode ? q.beginTimestamp : q.lastIncrementing;
    const out: number[] = [];
    for (let i = lowerBound(this.entries, { k1: from, k2: Number.NEGATIVE_INFINITY, row: -1 }); i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (timestampMode && e.k1 >= q.endTimestamp) break;
      out.push(e.row);
    }
    return out;
  }

  private entryOf(row: number, values: Row): Entry | null {
    const inc = this.incrementingColumn === null ? null : values[this.incrementingColumn];
    const incValue = inc === null || inc === undefined ? null : toNumber(inc, this.incrementingColumn!);
    if (this.timestampColumns.length === 0) return incValue === null ? null : { k1: incValue, k2: 0, row };
    const ts = coalescedTimestamp(values, this.timestampColumns);
    // a NULL incrementing value sorts as 0, as orderRows does
    return ts === null ? null : { k1: ts, k2: incValue ?? 0, row };
  }
}
