/**
 * Expression compilation: `compileExpression(expr, scope)` type-checks once (ksqlDB's messages) and
 * returns a closure evaluated per row. See docs/sql-design.md.
 */
export type { ColumnBinding, Compiled, Scope } from './scope.js';
export { unknownColumn } from './scope.js';
export { compileExpression, inferType } from './compile-core.js';
export { likeToRegExp } from './compile-predicates.js';
export { castValue, isCastSupported } from './cast.js';
export { coerceLiteral, CoercionError, isConstant, literalValue } from './literals.js';
export { formatExpression } from './format-expression.js';
export { compareValues, valuesEqual } from './compare.js';
export { javaDoubleToString, javaToString } from './java-strings.js';
export { commonType, typeEquals, type MaybeType } from './sql-types.js';
export { collectAggregateCalls, isAggregateCall } from './aggregate-calls.js';
