/** Field and element access: `struct->field`, `array[i]` and `map[key]` (ksqlDB's Dereference and SubscriptExpression). */
import type { Expr, Pos } from '../ast.js';
import { formatType } from '../types.js';
import { fail, numericConverter, type Node } from './compile-node.js';
import { valuesEqual } from './compare.js';
import { formatExpression } from './format-expression.js';
import { formatMaybeType, isNumeric } from './sql-types.js';

export function compileDeref(base: Node, fieldName: string, e: Expr & { pos: Pos }): Node {
  const t = base.type;
  if (t === null || t.base !== 'STRUCT') {
    return fail(`Expected STRUCT type for dereference of ${formatExpression(e)} but got ${formatMaybeType(t)}`, e.pos);
  }
  const field = t.fields.find((f) => f.name === fieldName) ?? t.fields.find((f) => f.name.toUpperCase() === fieldName.toUpperCase());
  if (field === undefined) return fail(`Could not find field '${fieldName}' in '${formatExpression(e).replace(/->.*$/, '')}'.`, e.pos);
  const name = field.name;
  return {
    type: field.type,
    evaluate: (row) => {
      const v = base.evaluate(row) as Record<string, unknown> | null;
      return v === null ? null : (v[name] ?? null);
    },
  };
}

export function compileSubscript(base: Node, index: Node, e: Expr & { pos: Pos }): Node {
  const t = base.type;
  if (t?.base === 'ARRAY') {
    if (index.type !== null && index.type.base !== 'INTEGER' && index.type.base !== 'BIGINT') {
      fail(`Array index must be INTEGER but was ${formatType(index.type)}: ${formatExpression(e)}`, e.pos);
    }
    // 1-based; negative counts from the end; out of range is null (ksqlDB's ArrayAccess).
    return {
      type: t.element,
      evaluate: (row) => {
        const arr = base.evaluate(row) as unknown[] | null;
        const raw = index.evaluate(row);
        if (arr === null || raw === null) return null;
        const i = Number(raw);
        const at = i > 0 ? i - 1 : i < 0 ? arr.length + i : -1;
        return at >= 0 && at < arr.length ? (arr[at] ?? null) : null;
      },
    };
  }
  if (t?.base === 'MAP') {
    const keyType = t.key;
    const convert = isNumeric(index.type) && isNumeric(keyType) ? numericConverter(index.type, keyType) : (v: unknown) => v;
    return {
      type: t.value,
      evaluate: (row) => {
        const m = base.evaluate(row) as Map<unknown, unknown> | null;
        const k = index.evaluate(row);
        if (m === null || k === null) return null;
        const key = convert(k);
        if (m.has(key)) return m.get(key) ?? null;
        // BIGINT, DECIMAL and structured keys are not identical objects: compare by value.
        if (typeof key === 'object' || typeof key === 'bigint') {
          for (const [mk, mv] of m) if (valuesEqual(mk, key)) return mv ?? null;
        }
        return null;
      },
    };
  }
  return fail(`Subscript expected either ARRAY or MAP but was ${formatMaybeType(t)}: ${formatExpression(e)}`, e.pos);
}
