import type { Literal, Properties } from '../ast.js';
import type { TokenCursor } from './parser.js';

/**
 * The checks ksqlDB's CreateSourceProperties makes while building a CREATE STREAM/TABLE statement (so they
 * surface as parse failures there): a windowed source's WINDOW_TYPE and WINDOW_SIZE must agree.
 */
export function checkSourceProperties(p: TokenCursor, properties: Properties): void {
  const windowType = stringValue(properties['WINDOW_TYPE'])?.toUpperCase();
  const size = properties['WINDOW_SIZE'];
  if (size !== undefined) {
    const problem = durationProblem(stringValue(size) ?? size.text);
    if (problem !== null) p.invalid(`Configuration WINDOW_SIZE is invalid: ${problem}`, size.pos, { shift: 0 });
  }
  if (windowType === 'SESSION' && size !== undefined) {
    p.invalid("'WINDOW_SIZE' should not be set for SESSION windows.", size.pos, { shift: 0 });
  }
  const typeLiteral = properties['WINDOW_TYPE'];
  if ((windowType === 'TUMBLING' || windowType === 'HOPPING') && size === undefined && typeLiteral !== undefined) {
    p.invalid('Tumbling and Hopping window types should set WINDOW_SIZE in the WITH clause.', typeLiteral.pos, {
      shift: 0,
    });
  }
}

function stringValue(l: Literal | undefined): string | undefined {
  return l !== undefined && typeof l.value === 'string' ? l.value : undefined;
}

const DURATION_UNITS = new Set(['NANOSECONDS', 'MICROSECONDS', 'MILLISECONDS', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS']);

/** ksqlDB's DurationParser: `<number> <unit>`, the unit singular or plural, any case. */
function durationProblem(text: string): string | null {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return `Invalid duration: '${text}'. Expected format: '<number> <time-unit>'`;
  const [count = '', unitText = ''] = parts;
  if (!/^\d+$/.test(count)) return `Invalid duration: '${text}'. Not a number: '${count}'`;
  const unit = unitText.toUpperCase().endsWith('S') ? unitText.toUpperCase() : `${unitText.toUpperCase()}S`;
  if (!DURATION_UNITS.has(unit)) return `Invalid duration: '${text}'. Unknown time unit: '${unit}'`;
  return null;
}
