import type { QttEngineFactory } from './engine-port.js';

/**
 * The SQL engine's factory, `createQttEngine` from src/sql/engine, loaded when a command needs it. A computed
 * specifier keeps the runner (and the CLI's other commands) building and running while the engine is absent.
 */
export async function loadEngineFactory(specifier = '../engine/index.js'): Promise<QttEngineFactory> {
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (err) {
    throw new Error(`the SQL engine is not available (${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)})`, { cause: err });
  }
  const factory = (mod as { createQttEngine?: unknown }).createQttEngine;
  if (typeof factory !== 'function') throw new Error('the SQL engine module has no createQttEngine');
  return factory as QttEngineFactory;
}
