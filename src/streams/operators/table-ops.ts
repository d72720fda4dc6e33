/** KTable's stateless operators; each lives in its own file. */
export { tableFilter } from './table-filter.js';
export { tableMapValues } from './table-map-values.js';
