export { SqlEngine, type SqlEngineOptions } from './sql-engine.js';
export { MetaStore, type DataSource, type Column } from './metastore.js';
import type { QttEngineFactory } from '../qtt/engine-port.js';
import { SqlEngine } from './sql-engine.js';

/** The QTT runner's engine: a fresh SqlEngine per test case. */
export const createQttEngine: QttEngineFactory = (options) =>
  new SqlEngine({
    seed: options.seed,
    properties: options.properties,
    ...(options.checkBudget === undefined ? {} : { checkBudget: options.checkBudget }),
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
    ...(options.extraFunctions === undefined ? {} : { extraFunctions: options.extraFunctions }),
  });
