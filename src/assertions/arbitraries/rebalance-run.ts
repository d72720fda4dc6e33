import type { TestDriver } from '../../sim/driver/test-driver.js';
import type { ProcessingGuarantee } from '../../sim/runtime/runtime.js';
import type { ScheduledFault } from '../harness/fault-kinds.js';
import { appendedRecords, type AppendedRecord, type FaultyHistory, type MembershipMove } from './faults.js';
import { pipeByTopic } from './pipe-by-topic.js';

/**
 * One change of the application, in a schedule applied one change after another: a membership move (join,
 * clean leave, crash of one instance) or `crash-all` (every live instance dies and the application restarts).
 * `afterRecords` counts records processed (by any instance, repartitioned and redelivered ones included) since
 * the previous change; `instance` picks, modulo their count, among the live instances that own tasks.
 */
export interface MembershipChange {
  readonly move: MembershipMove | 'crash-all';
  readonly afterRecords: number;
  readonly instance: number;
}

/** What a run with membership changes did, in order: e.g. `join 2`, `leave 0`, `crash 1`, `crash-all`. */
export interface MembershipRunReport {
  readonly applied: readonly string[];
  /** Instance crashes that struck (crash moves, crash-all counting every live instance). */
  readonly crashes: number;
}

/** The change waiting to happen: what, on which instance, and the processed and crash counts when it was armed. */
interface ArmedChange {
  readonly move: MembershipMove | 'crash-all';
  readonly instance: number;
  readonly from: number;
  readonly crashes: number;
  readonly afterRecords: number;
}

/**
 * Sends `records` into the driver one by one and changes the group as scheduled (the Kafka side is the
 * TestDriver's: docs/kafka-semantics.md, "Rebalances between instances"):
 * - `join` (TestDriver#addInstance) and `leave` (removeInstance: commit, hand over) happen at the first record
 *   boundary after `afterRecords` more processed records; so does `crash-all` (crash, then restart());
 * - `crash` is armed at once with crashInstanceAfter(i, afterRecords): it strikes inside the run, before the
 *   commit that record would trigger, and the survivors resume the instance's tasks from its last commit;
 * - with one live instance a `leave` or `crash` is a `join` instead (the group never empties itself);
 * - a down application (its last instance crashed) is restarted at once;
 * - after the last record the run commits until nothing is pending, so an exactly-once tail becomes visible.
 * The driver should be created with several `instances`, a `processingGuarantee` and a `commitEvery`.
 */
export function driveWithMembershipChanges<R>(driver: TestDriver, records: readonly R[], send: (r: R) => void, changes: readonly MembershipChange[]): MembershipRunReport {
  const applied: string[] = [];
  const crashesBefore = driver.crashCount();
  let seen = 0;
  let processed = 0;
  const processedNow = (): number => {
    const trace = driver.trace();
    for (; seen < trace.length; seen++) if (trace[seen]!.task !== null) processed++;
    return processed;
  };
  let next = 0;
  let pending = null as ArmedChange | null;
  const owners = (): number[] => {
    const live = driver.instanceIds();
    const owning = live.filter((i) => driver.tasksOf(i).length > 0);
    return owning.length > 0 ? owning : live;
  };
  const arm = (): void => {
    pending = null;
    const c = changes[next];
    if (c === undefined) return;
    next++;
    const single = driver.instanceIds().length < 2;
    const move = (c.move === 'leave' || c.move === 'crash') && single ? 'join' : c.move;
    const candidates = owners();
    const instance = candidates[c.instance % candidates.length]!;
    pending = { move, instance, from: processedNow(), crashes: driver.crashCount(), afterRecords: c.afterRecords };
    if (move === 'crash') driver.crashInstanceAfter(instance, c.afterRecords);
  };
  const step = (): void => {
    for (;;) {
      if (driver.isCrashed()) driver.restart();
      const p = pending;
      if (p === null) return;
      if (p.move === 'crash') {
        if (driver.crashCount() === p.crashes) return;
        applied.push(`crash ${p.instance}`);
      } else {
        if (processedNow() - p.from < p.afterRecords) return;
        if (p.move === 'join') applied.push(`join ${driver.addInstance()}`);
        else if (p.move === 'leave') {
          driver.removeInstance(p.instance);
          applied.push(`leave ${p.instance}`);
        } else {
          driver.crash();
          applied.push('crash-all');
        }
      }
      arm();
    }
  };
  arm();
  for (const r of records) {
    send(r);
    step();
  }
  driver.commit();
  step();
  while (driver.application.pendingRecords > 0) {
    driver.commit();
    step();
  }
  return { applied, crashes: driver.crashCount() - crashesBefore };
}

/** The TestDriver options a rebalance schedule needs: its instances, the guarantee and its commit spacing. */
export function rebalanceDriverOptions(
  history: Pick<FaultyHistory<unknown>, 'rebalances'>,
  guarantee: ProcessingGuarantee,
): { readonly processingGuarantee: ProcessingGuarantee; readonly instances?: number; readonly commitEvery?: number } {
  const r = history.rebalances;
  return r === undefined ? { processingGuarantee: guarantee } : { processingGuarantee: guarantee, instances: r.instances, commitEvery: r.commitEvery };
}

/**
 * Pipes the history into `driver` in append order (duplicates included), moving tasks between instances on the
 * history's rebalance schedule (see driveWithMembershipChanges). Create the driver with
 * rebalanceDriverOptions(history, guarantee). `pipe` sends one record (default: the record's topic's input
 * topic, key, value and timestamp).
 */
export function pipeWithRebalances<V>(driver: TestDriver, history: FaultyHistory<V>, pipe?: (record: AppendedRecord<V>) => void): MembershipRunReport {
  const send = pipe ?? pipeByTopic<V>(driver);
  return driveWithMembershipChanges(driver, appendedRecords(history), send, history.rebalances?.moves ?? []);
}

/**
 * A scenario fault schedule's `crash` and `rebalance` faults as membership changes, in schedule order (see
 * FAULT_KINDS): a crash fault is `crash-all`, a rebalance fault its move (a `join` of instance 0 when a
 * recorded fault lacks the fields); both come `at + 1` processed records after the previous change.
 */
export function membershipChangesOf(faults: readonly ScheduledFault[]): MembershipChange[] {
  return faults.flatMap((f): MembershipChange[] => {
    if (f.kind === 'crash') return [{ move: 'crash-all', afterRecords: f.at + 1, instance: 0 }];
    if (f.kind === 'rebalance') return [{ move: f.move ?? 'join', afterRecords: f.at + 1, instance: f.instance ?? 0 }];
    return [];
  });
}

/** Whether a schedule crashes anything: a crash fault or a rebalance that crashes an instance. */
export function crashesAnything(faults: readonly ScheduledFault[]): boolean {
  return faults.some((f) => f.kind === 'crash' || (f.kind === 'rebalance' && f.move === 'crash'));
}
