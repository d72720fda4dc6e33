import type { Broker } from '../broker.js';
import { TopologyError } from '../errors.js';
import { SeededRng, type RandomStream } from '../rng.js';
import type { StateStore } from '../stores/state-store.js';
import type { Topology } from '../topology.js';
import { StreamsRuntime, type DroppedRecord, type GroupGeneration, type RuntimeConfig } from './runtime.js';
import { assignTasksSticky } from './task-assignor.js';
import type { OutputListener } from './application-output.js';
import { Trace } from './trace.js';

/**
 * live: in the group, driven by runUntilIdle. zombie: dropped from the group without knowing it (expireInstance);
 * its next commit is fenced. down: crashed when no other instance was live; restart() brings it back.
 * gone: left (removeInstance) or crashed while others took its tasks over.
 */
export type InstanceState = 'live' | 'zombie' | 'down' | 'gone';

export interface ApplicationOptions {
  /** Instances started at once (default 1), ids 0..n-1. */
  readonly instances?: number;
  /** Called with every record any instance writes to a log (set before any task starts). */
  readonly outputListener?: OutputListener;
}

interface Instance {
  readonly id: number;
  runtime: StreamsRuntime;
  state: InstanceState;
}

/**
 * The instances of one Kafka Streams application: several StreamsRuntimes sharing an application id, a broker,
 * the committed offsets of the application's group and one trace, each running the tasks the sticky task
 * assignor (task-assignor.ts, Kafka's StreamsPartitionAssignor) gives it. Every membership change is a
 * rebalance into a new generation: revocations first (clean handovers commit), then assignments (the new owner
 * resumes at the committed offsets and restores stores from changelogs). Instance ids count up from 0 and are
 * never reused. Global stores are per instance. With one instance this is exactly a lone StreamsRuntime.
 */
export class ApplicationInstances implements GroupGeneration {
  readonly trace: Trace;
  private readonly outputListener: OutputListener | null;
  private readonly instances: Instance[] = [];
  /** Every runtime this application ran, in creation order. */
  private readonly runtimes: StreamsRuntime[] = [];
  /** live() without crash checks; null after any state change. */
  private liveCache: Instance[] | null = null;
  private readonly order: RandomStream;
  private generationNumber = 0;
  private crashes = 0;

  constructor(
    readonly topology: Topology,
    readonly broker: Broker,
    private readonly config: RuntimeConfig,
    options: ApplicationOptions = {},
  ) {
    const initialInstances = options.instances ?? 1;
    this.outputListener = options.outputListener ?? null;
    if (!Number.isInteger(initialInstances) || initialInstances < 1) {
      throw new TopologyError(`an application needs at least one instance, got ${initialInstances}`);
    }
    this.trace = new Trace(config.trace ?? true);
    this.order = new SeededRng(config.seed ?? 0).stream('instances');
    for (let i = 0; i < initialInstances; i++) this.instances.push(this.newInstance(i));
    this.rebalance();
  }

  /** The group generation: +1 on every rebalance. */
  get generation(): number {
    return this.generationNumber;
  }

  /** Ids of the instances in the group, ascending. */
  liveInstanceIds(): number[] {
    return this.live().map((s) => s.id);
  }

  get instanceCount(): number {
    return this.live().length;
  }

  stateOf(id: number): InstanceState {
    return this.get(id).state;
  }

  runtimeOf(id: number): StreamsRuntime {
    return this.get(id).runtime;
  }

  /** The task ids instance `id` runs (empty unless live or zombie). */
  tasksOf(id: number): string[] {
    const s = this.get(id);
    return s.state === 'live' || s.state === 'zombie' ? s.runtime.ownedTaskIds() : [];
  }

  /** The lowest live instance's runtime; while the application is down, the one that crashed last. */
  get primary(): StreamsRuntime {
    const first = this.live()[0] ?? [...this.instances].reverse().find((s) => s.state === 'down');
    return (first ?? this.instances[this.instances.length - 1]!).runtime;
  }

  /** True when no instance is live (every remaining one crashed): restart() brings them back. */
  get isDown(): boolean {
    return this.instanceCount === 0;
  }

  /** Instance crashes so far (crashInstance, armed crashes, crashAll). */
  get crashCount(): number {
    return this.crashes;
  }

  /** Starts a new instance, which joins the group: a rebalance gives it its share of tasks. Returns its id. */
  addInstance(): number {
    this.ensureUp('addInstance');
    const s = this.newInstance(this.instances.length);
    this.instances.push(s);
    this.liveCache = null;
    this.rebalance();
    return s.id;
  }

  /** Clean leave (Kafka: close() sends LeaveGroup): it commits and hands its tasks over; nothing is redelivered. */
  removeInstance(id: number): void {
    const s = this.liveInstance(id);
    if (this.instanceCount === 1) throw new TopologyError('cannot remove the last instance: close the application instead');
    s.runtime.revokeTasks(s.runtime.ownedTaskIds());
    s.runtime.close();
    this.setState(s, 'gone');
    this.rebalance();
  }

  /**
   * The instance dies (no flush, no commit). Its tasks move to the survivors, which resume from the last commit:
   * under at_least_once they process the records after it again, under exactly_once_v2 its open transaction was
   * aborted. When it was the last live instance the application is down until restart().
   */
  crashInstance(id: number): void {
    const s = this.liveInstance(id);
    s.runtime.crash();
    this.live(); // notices the crash: survivors take its tasks over
  }

  /** Arms a crash of the instance once it has processed `records` more records (StreamsRuntime#crashAfter). */
  crashInstanceAfter(id: number, records: number): void {
    const s = this.liveInstance(id);
    s.runtime.crashAfter(records);
    this.live();
  }

  /**
   * The group drops the instance as if its session had timed out, without the instance knowing (a zombie): its
   * tasks move to the others, which resume from the last commit. Its runtime (runtimeOf) still holds the tasks
   * and its open transaction; its next commit fails with CommitFailedError and aborts that transaction.
   */
  expireInstance(id: number): void {
    const s = this.liveInstance(id);
    if (this.instanceCount === 1) throw new TopologyError('cannot expire the last instance: its tasks would have no owner');
    this.setState(s, 'zombie');
    this.rebalance();
  }

  /** Crashes every live instance: the whole application is down until restart(). */
  crashAll(): void {
    if (this.isDown) throw new TopologyError('the application is already down');
    for (const s of this.live()) {
      s.runtime.crash();
      this.crashes++;
      this.setState(s, 'down');
    }
  }

  /** After a crash of the whole application: a new runtime for every instance that was down, then a rebalance. */
  restart(): void {
    if (!this.isDown) throw new TopologyError('restart() follows crash(): the application is running');
    for (const s of this.instances) {
      if (s.state !== 'down') continue;
      s.runtime = this.newInstance(s.id).runtime;
      this.setState(s, 'live');
    }
    this.rebalance();
  }

  /**
   * A new generation: the sticky assignor spreads every task over the live instances, keeping what each owns
   * up to its balanced share. Revocations run first in instance order (a clean handover commits), then
   * assignments, so a new owner resumes exactly where the old one committed.
   */
  rebalance(): void {
    const live = this.live();
    if (live.length === 0) return;
    this.generationNumber++;
    for (const s of live) s.runtime.joinGeneration(this, this.generationNumber);
    const owned = new Map(live.map((s) => [s.id, s.runtime.ownedTaskIds()]));
    const target = assignTasksSticky(live[0]!.runtime.allTaskIds(), owned);
    for (const s of live) {
      const keep = new Set(target.get(s.id));
      const revoke = owned.get(s.id)!.filter((t) => !keep.has(t));
      if (revoke.length > 0) s.runtime.revokeTasks(revoke);
    }
    for (const s of live) {
      const had = new Set(owned.get(s.id));
      const add = target.get(s.id)!.filter((t) => !had.has(t));
      if (add.length > 0) s.runtime.assignTasks(add);
    }
  }

  /**
   * Drives every live instance until none has anything left: in id order, or in a seeded order each pass when
   * shuffle is on. Repartition records are processed by whichever instance owns the reading task. An armed
   * crash that fires moves the instance's tasks to the survivors, which go on.
   */
  runUntilIdle(): number {
    let total = 0;
    for (;;) {
      let n = 0;
      let crashed = false;
      const live = this.live();
      for (const s of this.config.shuffle === true && live.length > 1 ? this.order.shuffle([...live]) : live) {
        if (s.state !== 'live' || s.runtime.hasCrashed) continue;
        n += s.runtime.runUntilIdle();
        crashed ||= s.runtime.hasCrashed;
      }
      total += n;
      // One instance alone runs to idle in one call; with several, one's commits can feed another.
      if (n === 0 || (live.length === 1 && !crashed) || this.isDown) return total;
    }
  }

  /** Moves the shared virtual wall clock once, then lets every live instance punctuate and commit on interval. */
  advanceWallClockTime(ms: number): void {
    const live = this.live();
    if (live.length === 1) {
      live[0]!.runtime.advanceWallClockTime(ms);
      return;
    }
    this.broker.clock.advance(ms);
    for (const s of live) {
      if (s.state === 'live' && !s.runtime.hasCrashed) s.runtime.wallClockAdvanced();
    }
    if (!this.isDown) this.runUntilIdle();
  }

  /** Commits every live instance (StreamsRuntime#commitAll), then processes what the commits made readable. */
  commitAll(): void {
    const live = this.live();
    if (live.length === 0) this.primary.commitAll(); // throws: the application is down
    for (const s of live) if (!s.runtime.hasCrashed) s.runtime.commitAll();
    if (live.length > 1 && !this.isDown) this.runUntilIdle();
  }

  /** Records waiting in the open transactions of live instances (exactly_once_v2). */
  get pendingRecords(): number {
    return this.live().reduce((sum, s) => sum + s.runtime.pendingRecords, 0);
  }

  /** Store instances of every live task (global stores: the primary instance's copy). */
  storeInstances(name: string): StateStore[] {
    const live = this.live();
    if (live.length <= 1) return this.primary.storeInstances(name);
    const global = live[0]!.runtime.globalStore(name);
    if (global !== undefined) return [global];
    return live.flatMap((s) => s.runtime.storeInstances(name));
  }

  /** Committed offsets of the application's group (shared by every instance). */
  committedOffsets(): { topic: string; partition: number; offset: number }[] {
    return this.primary.committedOffsets();
  }

  /** Every runtime this application ran, in creation order. */
  allRuntimes(): readonly StreamsRuntime[] {
    return this.runtimes;
  }

  /** Records dropped by operators, over every runtime the application ran. */
  droppedRecordsTotal(): number {
    return this.runtimes.reduce((sum, r) => sum + r.droppedRecordsTotal(), 0);
  }

  /** Drop reasons (each runtime keeps its first 1000), in runtime creation order. */
  droppedRecords(): DroppedRecord[] {
    return this.runtimes.flatMap((r) => r.dropped);
  }

  droppedRecordsByNode(): Map<string, number> {
    const total = new Map<string, number>();
    for (const r of this.runtimes) for (const [n, c] of r.droppedRecordsByNode()) total.set(n, (total.get(n) ?? 0) + c);
    return total;
  }

  /**
   * Commits until no live instance has pending records, then closes every live instance. They stay listed as
   * live, so that later calls fail as a closed runtime does ('this runtime is closed').
   */
  close(): void {
    if (this.live().length > 1) {
      this.commitAll();
      while (this.pendingRecords > 0) this.commitAll();
    }
    for (const s of this.live()) s.runtime.close();
  }

  private newInstance(id: number): Instance {
    const runtime = new StreamsRuntime(this.topology, this.broker, { ...this.config, assignedTasksOnly: true }, this.trace);
    runtime.outputListener = this.outputListener;
    runtime.start();
    this.runtimes.push(runtime);
    return { id, runtime, state: 'live' };
  }

  /**
   * The live instances, after noticing crashes (crashInstance, an armed crash firing in any call, or a crash of
   * the runtime itself): a crashed instance's tasks go to the survivors at once; with none, the application is down.
   */
  private live(): readonly Instance[] {
    // The common case (every pipe of a driver), without allocating: nothing changed since the last call.
    const cached = this.liveCache;
    if (cached !== null) {
      let crashed = false;
      for (let i = 0; i < cached.length; i++) if (cached[i]!.runtime.hasCrashed) crashed = true;
      if (!crashed) return cached;
    }
    for (const s of this.instances) {
      if (s.state !== 'live' || !s.runtime.hasCrashed) continue;
      this.crashes++;
      const survivors = this.instances.some((o) => o.state === 'live' && !o.runtime.hasCrashed);
      this.setState(s, survivors ? 'gone' : 'down');
      if (survivors) this.rebalance();
    }
    this.liveCache = this.instances.filter((s) => s.state === 'live');
    return this.liveCache;
  }

  private setState(s: Instance, state: InstanceState): void {
    s.state = state;
    this.liveCache = null;
  }

  private get(id: number): Instance {
    const s = this.instances[id];
    if (s === undefined) throw new TopologyError(`no instance ${id}: instances are 0..${this.instances.length - 1}`);
    return s;
  }

  private liveInstance(id: number): Instance {
    const s = this.get(id);
    if (s.state !== 'live') throw new TopologyError(`instance ${id} is ${s.state}, not live; live instances: ${this.liveInstanceIds().join(', ') || '(none)'}`);
    return s;
  }

  private ensureUp(what: string): void {
    if (this.isDown) throw new TopologyError(`${what}: the application is down; restart() it first`);
  }
}
