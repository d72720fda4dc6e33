/**
 * The ARRAY[...], MAP(...) and STRUCT(...) constructors, and the list coercion they share with IN:
 * elements are brought to their common type (ksqlDB's CoercionUtil, see coercion.ts).
 */
import type { Expr, Pos } from '../ast.js';
import { T } from '../types.js';
import { isLiteral, listCommonType } from './coercion.js';
import { compileNode } from './compile-core.js';
import { constant, fail, widen, type Context, type Node } from './compile-node.js';
import { coerceLiteral } from './literals.js';
import { typeEquals, type MaybeType } from './sql-types.js';

export interface CoercedList {
  readonly type: MaybeType;
  readonly nodes: Node[];
}

/** A user list coerced to its common type: literals convert once, other expressions are cast per row. */
export function coerceList(exprs: readonly Expr[], ctx: Context): CoercedList {
  const compiled = exprs.map((x) => compileNode(x, ctx));
  const type = listCommonType(
    exprs,
    compiled.map((n) => n.type),
    (x) => compileNode(x, ctx).type,
  );
  if (type === null) return { type, nodes: compiled };
  const nodes = compiled.map((n, i) => {
    const x = exprs[i] as Expr;
    if (n.type === null || typeEquals(n.type, type)) return n;
    if (isLiteral(x)) return constant(type, coerceLiteral(x, type));
    return widen(n, type);
  });
  return { type, nodes };
}

export function compileArray(elements: readonly Expr[], ctx: Context, pos: Pos): Node {
  const { type, nodes } = coerceList(elements, ctx);
  if (type === null) {
    fail(
      'Cannot construct an array with all NULL elements (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, you may cast a NULL value to the desired type.',
      pos,
    );
  }
  return { type: T.array(type), evaluate: (row) => nodes.map((n) => n.evaluate(row)) };
}

export function compileMap(e: Expr & { kind: 'map' }, ctx: Context): Node {
  if (e.entries.length === 0) {
    fail('Map constructor cannot be empty. Please supply at least one key value pair (see https://github.com/confluentinc/ksql/issues/4239).', e.pos);
  }
  const keys = coerceList(
    e.entries.map((x) => x.key),
    ctx,
  );
  const values = coerceList(
    e.entries.map((x) => x.value),
    ctx,
  );
  if (keys.type === null) fail('Cannot construct a map with all NULL keys', e.pos);
  if (values.type === null) fail('Cannot construct a map with all NULL values', e.pos);
  return {
    type: T.map(keys.type, values.type),
    evaluate: (row) => {
      const m = new Map<unknown, unknown>();
      keys.nodes.forEach((k, i) => m.set(k.evaluate(row), values.nodes[i]?.evaluate(row) ?? null));
      return m;
    },
  };
}

export function compileStruct(e: Expr & { kind: 'struct' }, ctx: Context): Node {
  const names = new Set<string>();
  for (const f of e.fields) {
    if (names.has(f.name)) fail('Duplicate field names found in STRUCT', e.pos);
    names.add(f.name);
  }
  const fields = e.fields.map((f) => ({ name: f.name, node: compileNode(f.value, ctx) }));
  return {
    type: T.struct(fields.map((f) => ({ name: f.name, type: f.node.type ?? T.STRING }))),
    evaluate: (row) => {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[f.name] = f.node.evaluate(row);
      return out;
    },
  };
}
