/** NONE: a key or value with no columns; whatever the topic holds is ignored (ksqlDB's NoneFormat). */
import { SqlStatementError } from '../errors.js';
import { describeColumns, type Format } from './format.js';

export const NONE_FORMAT: Format = {
  name: 'NONE',
  checkSupported(columns, isKey) {
    if (columns.length > 0) {
      throw new SqlStatementError(
        `The 'NONE' format can only be used when no columns are defined. Got: ${describeColumns(columns, isKey)}`,
      );
    }
  },
  read: (topicValue) => (topicValue === null || topicValue === undefined ? null : {}),
  write: () => null,
};
