/**
 * `streamsim run <scenario> --on kafka://...`: a scenario's Kafka Streams applications (DSL apps and SQL queries)
 * on a real cluster, over the input topics there (`gen --to` writes them). The scenario starts its processors once on
 * an in-memory broker shaped like the cluster (the input topics with the cluster's partition counts), which gives
 * every application's Topology, application id and the topics the simulator would create; each then runs as a
 * KafkaStreamsApp, in as many instances as asked. The run ends when every application has read and processed
 * everything on its input topics (repartition topics and other applications' outputs included) and has stayed so
 * for a moment; the output topics are then read back and summarized as `run` does in memory.
 * This module imports kafkajs: the CLI loads it with a dynamic import.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { errorReason } from './error-reason.js';
import { retrying } from './retrying.js';
import { createInputTopics, DLQ_SUFFIX, type AnyScenario, type ScenarioOutputRecord, type SummaryTable } from '../scenarios/common/index.js';
import { T0 } from '../scenarios/common/seeded-faker.js';
import { Broker } from '../sim/broker.js';
import { VirtualClock } from '../sim/clock.js';
import type { ProcessingGuarantee } from '../sim/runtime/transaction.js';
import { ensureClusterTopics, mirrorClusterTopics } from './cluster-topics.js';
import { KafkaStreamsApp } from './kafka-streams-app.js';
import { PartitionReader } from './partition-reader.js';
import { decodeRecord } from './wire-codec.js';

/** Something the cluster or the applications refused: the message is the one line the CLI prints. */
export class KafkaRunError extends Error {}

export interface KafkaRunProgress {
  /** Records processed so far by all applications of all instances (repartitioned ones count). */
  readonly processed: number;
  readonly applications: number;
  /** Input partitions (over all applications) not yet read to their end. */
  readonly lagging: number;
}

export interface KafkaScenarioRunOptions {
  /** Bootstrap brokers, "host:port". */
  readonly brokers: readonly string[];
  readonly seed: number;
  /** The scenario's options (the scenario's defaults fill the rest); they only shape its processors here. */
  readonly options?: Record<string, unknown>;
  readonly processingGuarantee?: ProcessingGuarantee;
  /** Instances of every application, sharing its tasks (default 1). */
  readonly instances?: number;
  /**
   * Kills instance `instance`: each of its applications dies in the middle of a batch once it has processed
   * `afterRecords` records (KafkaStreamsApp#crashAfter); the other instances take its tasks over.
   */
  readonly kill?: { readonly instance: number; readonly afterRecords: number };
  /** How long every application must stay caught up before the run ends (default 1500 ms). */
  readonly quietMs?: number;
  /** Gives up after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  readonly onProgress?: (p: KafkaRunProgress) => void;
  /** Prefix of the client ids (default 'streamsim-run'). */
  readonly clientId?: string;
}

export interface KafkaScenarioRunResult {
  readonly scenario: string;
  readonly applications: readonly string[];
  readonly instances: number;
  readonly processed: number;
  readonly dropped: number;
  /** Every output topic, and every `<topic>-dlq` that has records, read back from the cluster. */
  readonly outputs: ReadonlyMap<string, readonly ScenarioOutputRecord[]>;
  readonly deadLettered: number;
  readonly summary: readonly SummaryTable[];
  /** Stores restored from non-empty changelogs (by instances that took tasks over). */
  readonly restoredStores: number;
  /** Application instances that died (KafkaScenarioRunOptions.kill). */
  readonly killed: number;
}

const CONNECTION_TIMEOUT_MS = 3000;


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every record of the topics, read back from the cluster and decoded, partition by partition in offset order. */
export async function readTopics(kafka: Kafka, admin: Admin, metadata: Broker, topics: readonly string[], groupId: string): Promise<Map<string, ScenarioOutputRecord[]>> {
  const out = new Map<string, ScenarioOutputRecord[]>(topics.map((t) => [t, []]));
  const existing = new Set(await retrying(() => admin.listTopics()));
  const present = topics.filter((t) => existing.has(t));
  if (present.length === 0) return out;
  const partitions = (await retrying(() => admin.fetchTopicMetadata({ topics: present }))).topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId })));
  const byPartition = new Map<string, ScenarioOutputRecord[]>();
  const reader = new PartitionReader({
    kafka,
    admin,
    groupId,
    partitions,
    onRecord: (topic, partition, m) => {
      const d = decodeRecord(topic, m, metadata.hasTopic(topic) ? metadata.topicConfig(topic) : {});
      const k = `${topic}\u0000${partition}`;
      let list = byPartition.get(k);
      if (list === undefined) byPartition.set(k, (list = []));
      list.push({ topic, partition, offset: Number(m.offset), key: d.key, value: d.value, timestamp: Number(m.timestamp), headers: d.headers });
    },
  });
  await reader.caughtUp();
  for (const { topic, partition } of [...partitions].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : 0))) {
    out.get(topic)!.push(...(byPartition.get(`${topic}\u0000${partition}`) ?? []));
  }
  return out;
}

/** Whether every application has every task running somewhere, and every instance has read and processed all of its inputs. */
async function caughtUp(admin: Admin, byApp: ReadonlyMap<string, KafkaStreamsApp[]>): Promise<{ done: boolean; lagging: number; behind: string | null }> {
  let lagging = 0;
  let done = true;
  let behind: string | null = null;
  const ends = new Map<string, Map<number, number>>();
  const endOf = async (topic: string, partition: number): Promise<number> => {
    let m = ends.get(topic);
    if (m === undefined) {
      m = new Map((await retrying(() => admin.fetchTopicOffsets(topic))).map((o) => [o.partition, Number(o.high)]));
      ends.set(topic, m);
    }
    return m.get(partition) ?? 0;
  };
  for (const instances of byApp.values()) {
    const live = instances.filter((a) => a.state === 'running');
    const owned = new Set(live.flatMap((a) => a.ownedTaskIds()));
    const orphan = live.length === 0 ? 'every task' : live[0]!.allTaskIds().find((id) => !owned.has(id));
    if (orphan !== undefined) {
      done = false;
      behind ??= `${instances[0]!.applicationId}: ${orphan} runs nowhere yet`;
    }
    for (const app of live) {
      for (const p of app.progress()) {
        const end = await endOf(p.topic, p.partition);
        if (p.buffered > 0 || p.position < end || p.position < p.end) {
          lagging++;
          done = false;
          behind ??= `${app.applicationId} ${p.topic}-${p.partition}: read to ${p.position} of ${end}, ${p.buffered} buffered`;
        }
      }
    }
  }
  return { done, lagging, behind };
}

/** A scenario whose processors are more than Kafka Streams applications (actors on the virtual clock) stays in memory. */
function refuseActors(scenario: AnyScenario, run: KafkaScenarioRunOptions): void {
  const broker = new Broker({ clock: new VirtualClock(T0) });
  createInputTopics(broker, scenario.inputTopics, 1);
  const app = scenario.start({ broker, seed: run.seed, partitions: 1, options: { ...scenario.defaults, ...(run.options ?? {}), seed: run.seed } });
  try {
    if (app.runtimes === undefined || app.advanceTo !== undefined) {
      throw new KafkaRunError(`${scenario.name} runs actors on the virtual clock (services, connectors) besides Kafka Streams applications: it runs only on the in-memory broker`);
    }
  } finally {
    app.close();
  }
}

export async function runScenarioOnKafka(scenario: AnyScenario, run: KafkaScenarioRunOptions): Promise<KafkaScenarioRunResult> {
  const where = run.brokers.join(',');
  const instances = run.instances ?? 1;
  const clientId = run.clientId ?? 'streamsim-run';
  const kafkaFor = (i: number): Kafka =>
    new Kafka({ clientId: `${clientId}-${i}`, brokers: [...run.brokers], connectionTimeout: CONNECTION_TIMEOUT_MS, logLevel: logLevel.NOTHING });
  refuseActors(scenario, run);
  const kafka = kafkaFor(0);
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (err) {
    throw new KafkaRunError(`cannot reach Kafka at ${where}: ${errorReason(err)}`);
  }
  const apps: KafkaStreamsApp[][] = [];
  let scratchApp: { close(): void } | null = null;
  try {
    // The input topics as the cluster has them: their partition counts size every task.
    const metadata = new Broker({ clock: new VirtualClock(T0) });
    const inputNames = scenario.inputTopics.map((t) => t.name);
    const probe = new Broker();
    const missing = await mirrorClusterTopics(admin, probe, inputNames);
    if (missing.length > 0) {
      throw new KafkaRunError(`input topic${missing.length > 1 ? 's' : ''} ${missing.map((t) => `'${t}'`).join(', ')} not on ${where}: publish the input first (streamsim gen ${scenario.name} --to kafka://${where})`);
    }
    createInputTopics(metadata, scenario.inputTopics, (t) => probe.partitionCount(t));
    const options = { ...scenario.defaults, ...(run.options ?? {}), seed: run.seed };
    const started = scenario.start({ broker: metadata, seed: run.seed, partitions: probe.partitionCount(inputNames[0]!), options, ...(run.processingGuarantee === undefined ? {} : { processingGuarantee: run.processingGuarantee }) });
    scratchApp = started;
    const runtimes = started.runtimes!();
    // The topics the simulator created for them (SQL sinks, repartition and changelog topics), on the cluster too.
    await ensureClusterTopics(admin, metadata, metadata.listTopics().filter((t) => !inputNames.includes(t)));

    let failure: Error | null = null;
    for (let i = 0; i < instances; i++) {
      const k = i === 0 ? kafka : kafkaFor(i);
      apps.push(
        runtimes.map(
          (r) =>
            new KafkaStreamsApp(r.topology, {
              applicationId: r.applicationId,
              kafka: k,
              metadata,
              instanceId: String(i),
              ...(r.config.defaultPartitions === undefined ? {} : { defaultPartitions: r.config.defaultPartitions }),
              ...(run.processingGuarantee === undefined ? {} : { processingGuarantee: run.processingGuarantee }),
              onError: (e) => (failure ??= e),
            }),
        ),
      );
    }
    if (run.kill !== undefined) {
      const victims = apps[run.kill.instance];
      if (victims === undefined) throw new KafkaRunError(`there is no instance ${run.kill.instance} to kill: the run has ${instances}`);
      for (const a of victims) a.crashAfter(run.kill.afterRecords);
    }
    await Promise.all(apps.flat().map((a) => a.start()));
    const byApp = new Map<string, KafkaStreamsApp[]>();
    for (const a of apps.flat()) byApp.set(a.applicationId, [...(byApp.get(a.applicationId) ?? []), a]);

    const quietMs = run.quietMs ?? 1500;
    const deadline = Date.now() + (run.timeoutMs ?? 600_000);
    let quietSince: number | null = null;
    let lastProcessed = -1;
    for (;;) {
      if (failure !== null) throw new KafkaRunError(`an application failed: ${errorReason(failure)}`, { cause: failure });
      const processed = apps.flat().reduce((n, a) => n + a.processedTotal, 0);
      const { done, lagging, behind } = await caughtUp(admin, byApp);
      run.onProgress?.({ processed, applications: byApp.size, lagging });
      if (done && processed === lastProcessed) {
        quietSince ??= Date.now();
        if (Date.now() - quietSince >= quietMs) break;
      } else quietSince = null;
      lastProcessed = processed;
      if (Date.now() > deadline) throw new KafkaRunError(`the applications did not catch up within ${Math.round((run.timeoutMs ?? 600_000) / 1000)} s (${lagging} input partitions behind; ${behind ?? 'no progress'})`);
      await sleep(200);
    }

    const processed = apps.flat().reduce((n, a) => n + a.processedTotal, 0);
    const dropped = apps.flat().reduce((n, a) => n + a.droppedRecordsTotal(), 0);
    const restoredStores = apps.flat().reduce((n, a) => n + a.restoredStores, 0);
    await Promise.all(apps.flat().map((a) => a.close()));
    const dlqs = inputNames.map((t) => `${t}${DLQ_SUFFIX}`);
    const read = await readTopics(kafka, admin, metadata, [...scenario.outputTopics, ...dlqs], `${clientId}-read-${Date.now()}`);
    const outputs = new Map<string, ScenarioOutputRecord[]>();
    for (const t of scenario.outputTopics) outputs.set(t, read.get(t) ?? []);
    let deadLettered = 0;
    for (const t of dlqs) {
      const records = read.get(t) ?? [];
      if (records.length === 0) continue;
      deadLettered += records.length;
      outputs.set(t, records);
    }
    return {
      scenario: scenario.name,
      applications: [...byApp.keys()],
      instances,
      processed,
      dropped,
      outputs,
      deadLettered,
      summary: scenario.summarize(outputs),
      restoredStores,
      killed: apps.flat().filter((a) => a.state === 'killed').length,
    };
  } catch (err) {
    if (err instanceof KafkaRunError) throw err;
    throw new KafkaRunError(`the run on ${where} failed: ${errorReason(err)}`, { cause: err });
  } finally {
    await Promise.all(apps.flat().map((a) => a.kill().catch(() => undefined)));
    // killed instances disconnect after their batch: nothing of this run may touch the cluster after it returns
    await Promise.all(apps.flat().map((a) => a.stopped().catch(() => undefined)));
    scratchApp?.close();
    await admin.disconnect().catch(() => undefined);
  }
}
