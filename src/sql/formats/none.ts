/** NONE: a key or value with no columns; whatever the topic holds is ignored (ksqlDB's NoneFormat). */
import { describeColumns, UnsupportedSchemaError, type Format } from './format.js';

export const NONE_FORMAT: Format = {
  name: 'NONE',
  wrapping: { wrap: false, unwrap: false },
  checkSupported(columns, isKey) {
    if (columns.length > 0) {
      throw new UnsupportedSchemaError(
        `The 'NONE' format can only be used when no columns are defined. Got: ${describeColumns(columns, isKey)}`,
      );
    }
  },
  read: (topicValue) => (topicValue === null || topicValue === undefined ? null : {}),
  write: () => null,
};
