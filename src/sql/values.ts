/**
 * How SQL values live in memory. One representation everywhere (expressions, aggregates, formats):
 *
 * | SQL type  | JavaScript                                           |
 * |-----------|------------------------------------------------------|
 * | BOOLEAN   | boolean                                              |
 * | INTEGER   | number (an int32: arithmetic wraps like Java's int)  |
 * | BIGINT    | bigint (Java long: wraps at 64 bits, exact)          |
 * | DOUBLE    | number                                               |
 * | DECIMAL   | Decimal (unscaled bigint + scale, exact)             |
 * | STRING    | string                                               |
 * | BYTES     | Uint8Array                                           |
 * | DATE      | number: days since 1970-01-01                        |
 * | TIME      | number: milliseconds since midnight                  |
 * | TIMESTAMP | number: milliseconds since the epoch (UTC)           |
 * | ARRAY     | unknown[]                                            |
 * | MAP       | Map<unknown, unknown> (keeps insertion order)        |
 * | STRUCT    | a plain object keyed by field name                   |
 * | NULL      | null                                                 |
 *
 * A row is a plain object keyed by column name (exact case), key columns and value columns alike, plus the
 * pseudo columns ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART, WINDOWEND where they apply.
 */
export type Row = Record<string, unknown>;

/** An exact decimal: value = unscaled / 10^scale. `1.50` is {unscaled: 150n, scale: 2}. */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static parse(text: string): Decimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: '${text}'`);
    const frac = m[3] ?? '';
    const digits = `${m[2] ?? ''}${frac}`.replace(/^0+(?=\d)/, '') || '0';
    const unscaled = BigInt(digits);
    return new Decimal(m[1] === '-' ? -unscaled : unscaled, frac.length);
  }

  /** Rounds half-up to a scale (Java BigDecimal.setScale(scale, HALF_UP)), or pads with zeros. */
  withScale(scale: number): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const div = 10n ** BigInt(this.scale - scale);
    const q = this.unscaled / div;
    const r = this.unscaled % div;
    const twice = (r < 0n ? -r : r) * 2n;
    const up = twice >= div ? (this.unscaled < 0n ? -1n : 1n) : 0n;
    return new Decimal(q + up, scale);
  }

  /** Digits without sign or leading zeros (Java's precision()). */
  precision(): number {
    const digits = (this.unscaled < 0n ? -this.unscaled : this.unscaled).toString();
    return Math.max(digits.length, this.scale + 1 > digits.length ? 1 : digits.length);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Plain notation with exactly `scale` fraction digits, as Java's BigDecimal#toPlainString. */
  toString(): string {
    const neg = this.unscaled < 0n;
    let digits = (neg ? -this.unscaled : this.unscaled).toString();
    if (this.scale === 0) return `${neg ? '-' : ''}${digits}`;
    digits = digits.padStart(this.scale + 1, '0');
    return `${neg ? '-' : ''}${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
  }

  equals(other: Decimal): boolean {
    return this.unscaled === other.unscaled && this.scale === other.scale;
  }
}

/**
 * A number as written in JSON, kept as text so that nothing is lost: integers beyond 2^53 and decimals
 * with trailing zeros (`1.10`). The QTT runner parses test files into these; formats convert them to the
 * column's type.
 */
export class JsonNumber {
  constructor(readonly text: string) {}

  toNumber(): number {
    return Number(this.text);
  }

  toJSON(): number {
    return Number(this.text);
  }
}
