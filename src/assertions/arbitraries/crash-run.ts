import type { TestDriver } from '../../sim/driver/test-driver.js';
import type { ProcessingGuarantee } from '../../sim/runtime/runtime.js';
import { appendedRecords, type AppendedRecord, type FaultyHistory } from './faults.js';
import { pipeByTopic } from './pipe-by-topic.js';

/** The TestDriver options a crash schedule needs: the guarantee to run under and its commit spacing. */
export function crashDriverOptions(
  history: Pick<FaultyHistory<unknown>, 'crashes'>,
  guarantee: ProcessingGuarantee,
): { readonly processingGuarantee: ProcessingGuarantee; readonly commitEvery?: number } {
  return history.crashes === undefined ? { processingGuarantee: guarantee } : { processingGuarantee: guarantee, commitEvery: history.crashes.commitEvery };
}

/** What a run with crashes did. */
export interface CrashRunReport {
  /** Crashes that struck (an armed crash the run ended before does not count). */
  readonly crashes: number;
}

/**
 * Pipes the history into `driver` in append order (duplicates included) and crashes and restarts the application
 * on the history's crash schedule, as Kafka's processes would die and come back:
 * - crash i is armed with TestDriver#crashAfter(afterRecords[i]) at the start or once the previous restart has
 *   caught up, so it strikes in the middle of whichever pipe processes that record;
 * - a crashed driver is restarted at once (restart(): stores restored from their changelogs, every input
 *   partition resumed at its committed offset, the redelivered records processed again);
 * - after the last record the run commits until nothing is pending, so an exactly-once tail becomes visible (a
 *   commit makes repartition records readable, which the next transaction processes; a crash may strike there).
 * Create the driver with crashDriverOptions(history, guarantee). `pipe` sends one record (default: the
 * record's topic's input topic, key, value and timestamp).
 */
export function pipeWithCrashes<V>(driver: TestDriver, history: FaultyHistory<V>, pipe?: (record: AppendedRecord<V>) => void): CrashRunReport {
  return driveWithCrashes(driver, appendedRecords(history), pipe ?? pipeByTopic<V>(driver), history.crashes?.afterRecords ?? []);
}

/**
 * Sends `records` one by one with `send`, crashing the application after each count of `afterRecords` in turn and
 * restarting it at once (the rules of pipeWithCrashes), then commits until nothing is pending.
 */
export function driveWithCrashes<R>(driver: TestDriver, records: readonly R[], send: (record: R) => void, afterRecords: readonly number[]): CrashRunReport {
  const before = driver.crashCount();
  let next = 0;
  const arm = () => {
    if (next < afterRecords.length) driver.crashAfter(afterRecords[next++]!);
  };
  const restartIfCrashed = () => {
    while (driver.isCrashed()) {
      driver.restart();
      arm();
    }
  };
  arm();
  for (const r of records) {
    send(r);
    restartIfCrashed();
  }
  driver.commit();
  restartIfCrashed();
  while (driver.runtime.pendingRecords > 0) {
    driver.commit();
    restartIfCrashed();
  }
  return { crashes: driver.crashCount() - before };
}
