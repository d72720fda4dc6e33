/**
 * Prints an expression the way ksqlDB's ExpressionFormatter does, since its error messages embed it:
 * "Cannot compare ID (INTEGER) to 'not an int' (STRING) ...", "(RANDOM() + 1.5)", "MAP('a':=VAL1)".
 */
import type { Expr } from '../ast.js';
import { formatType } from '../types.js';

function formatName(name: string): string {
  return /^[A-Z_][A-Z0-9_@]*$/.test(name) ? name : `\`${name}\``;
}

function formatLiteral(type: string, value: unknown, text: string): string {
  switch (type) {
    case 'NULL':
      return 'null';
    case 'STRING':
      return `'${String(value).replace(/'/g, "''")}'`;
    case 'BOOLEAN':
      return value === true ? 'true' : 'false';
    default:
      return text;
  }
}

export function formatExpression(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return formatLiteral(e.type, e.value, e.text);
    case 'column':
      return e.source === null ? formatName(e.name) : `${formatName(e.source)}.${formatName(e.name)}`;
    case 'deref':
      return `${formatExpression(e.base)}->${formatName(e.field)}`;
    case 'subscript':
      return `${formatExpression(e.base)}[${formatExpression(e.index)}]`;
    case 'unary':
      return `${e.op}${formatExpression(e.operand)}`;
    case 'binary':
    case 'comparison':
    case 'logical':
      return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`;
    case 'not':
      return `(NOT ${formatExpression(e.operand)})`;
    case 'isNull':
      return `(${formatExpression(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'like':
      return (
        `(${formatExpression(e.operand)} ${e.negated ? 'NOT ' : ''}LIKE ${formatExpression(e.pattern)}` +
        `${e.escape === null ? '' : ` ESCAPE '${e.escape}'`})`
      );
    case 'between':
      return `(${formatExpression(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${formatExpression(e.low)} AND ${formatExpression(e.high)})`;
    case 'in':
      return `(${formatExpression(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(formatExpression).join(', ')}))`;
    case 'case': {
      const operand = e.operand === null ? '' : ` ${formatExpression(e.operand)}`;
      const whens = e.whens.map((w) => ` WHEN ${formatExpression(w.when)} THEN ${formatExpression(w.then)}`).join('');
      const otherwise = e.otherwise === null ? '' : ` ELSE ${formatExpression(e.otherwise)}`;
      return `(CASE${operand}${whens}${otherwise} END)`;
    }
    case 'cast':
      return `CAST(${formatExpression(e.operand)} AS ${formatType(e.type)})`;
    case 'call':
      return `${e.name}(${e.star ? '*' : e.args.map(formatExpression).join(', ')})`;
    case 'array':
      return `ARRAY[${e.elements.map(formatExpression).join(', ')}]`;
    case 'map':
      return `MAP(${e.entries.map((x) => `${formatExpression(x.key)}:=${formatExpression(x.value)}`).join(', ')})`;
    case 'struct':
      return `STRUCT(${e.fields.map((f) => `${formatName(f.name)}:=${formatExpression(f.value)}`).join(', ')})`;
    case 'lambda':
      return `(${e.params.join(', ')}) => ${formatExpression(e.body)}`;
    case 'timeUnit':
      return e.unit;
  }
}
