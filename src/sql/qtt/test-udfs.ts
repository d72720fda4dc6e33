/**
 * The UDFs ksqlDB's QTT finds on its test classpath, which some test files call. They are not ksqlDB
 * functions users get, so only the QTT runner registers them (engine-port `extraFunctions`). Behaviour
 * after the ksql repository's test classes:
 * - WHENCONDITION, WHENRESULT: ksqldb-engine/src/test/java/io/confluent/ksql/function/udf/WhenCondition.java
 *   and WhenResult.java (case-expression.json: fail unless CASE evaluates lazily);
 * - BAD_UDF: .../function/udf/BadUdf.java (throws, or returns null every other call);
 * - TEST_UDF: .../function/udf/TestUdf.java (each overload returns its Java method's name);
 * - TOSTRUCT: the ToStruct class of udf-example.jar (wraps a string in STRUCT<A VARCHAR>).
 */
import { SqlEvaluationError } from '../errors.js';
import type { ExtraFunctions, FunctionDef } from '../functions/index.js';
import { T } from '../types.js';

const STRUCT_A = T.struct([{ name: 'A', type: T.STRING }]);

function whenCondition(): FunctionDef {
  return {
    name: 'WHENCONDITION',
    overloads: [
      {
        params: ['BOOLEAN', 'BOOLEAN'],
        returns: T.BOOLEAN,
        invoke: ([retValue, shouldBeEvaluated]) => {
          if (shouldBeEvaluated !== true) throw new SqlEvaluationError('When condition in case is not running lazily!');
          return retValue;
        },
      },
    ],
  };
}

function whenResult(): FunctionDef {
  return {
    name: 'WHENRESULT',
    overloads: [
      {
        params: ['INTEGER', 'BOOLEAN'],
        returns: T.INTEGER,
        invoke: ([retVal, shouldBeEvaluated]) => {
          if (shouldBeEvaluated !== true) throw new SqlEvaluationError('Then expression in case is not running lazily!');
          return retVal;
        },
      },
    ],
  };
}

/** A fresh instance per call site: its STRING overload counts its own invocations, as the Java field does. */
function badUdf(): FunctionDef {
  let calls = 0;
  return {
    name: 'BAD_UDF',
    overloads: [
      {
        params: ['INTEGER'],
        returns: T.STRING,
        invoke: () => {
          throw new SqlEvaluationError('boom!');
        },
      },
      {
        params: ['BOOLEAN'],
        returns: T.INTEGER,
        invoke: ([arg]) => {
          if (arg === true) throw new SqlEvaluationError('You asked me to throw...');
          return 0;
        },
      },
      {
        params: ['STRING'],
        returns: T.STRING,
        // Java's String parameter receives nulls too, and the count moves on every call
        handlesNulls: true,
        invoke: ([arg]) => (calls++ % 2 === 0 ? null : arg),
      },
    ],
  };
}

function testUdf(): FunctionDef {
  const named = (method: string) => () => method;
  return {
    name: 'TEST_UDF',
    overloads: [
      { params: ['INTEGER', 'STRING'], returns: T.STRING, invoke: named('doStuffIntString') },
      { params: ['BIGINT', 'STRING'], returns: T.STRING, invoke: named('doStuffLongString') },
      { params: ['BIGINT', 'BIGINT', 'STRING'], returns: T.STRING, invoke: named('doStuffLongLongString') },
      { params: ['BIGINT'], variadic: true, returns: T.STRING, invoke: named('doStuffLongVarargs') },
      { params: ['STRUCT'], returns: T.STRING, invoke: ([struct]) => (struct as Record<string, unknown>)['A'] ?? null },
      { params: [], returns: STRUCT_A, invoke: () => ({ A: 'foo' }) },
    ],
  };
}

function toStruct(): FunctionDef {
  return {
    name: 'TOSTRUCT',
    overloads: [{ params: ['STRING'], returns: STRUCT_A, handlesNulls: true, invoke: ([value]) => ({ A: value ?? null }) }],
  };
}

const TEST_UDFS: Readonly<Record<string, () => FunctionDef>> = {
  WHENCONDITION: whenCondition,
  WHENRESULT: whenResult,
  BAD_UDF: badUdf,
  TEST_UDF: testUdf,
  TOSTRUCT: toStruct,
};

/** The QTT runner's extra functions: a new instance of the named test UDF for each call it resolves. */
export const qttTestFunctions: ExtraFunctions = (upperName) => TEST_UDFS[upperName]?.();
