// Starts, checks and stops a real single-node Apache Kafka broker (KRaft, broker and controller in one JVM) on
// 127.0.0.1 for the real-broker specs (spec/kafka, issue 8): no Docker, only Java 17 and the broker's jars from
// Maven Central, which Maven copies into kafka/broker/target/lib on first use.
//
//   node scripts/kafka-broker.mjs start [--port N]   prints the bootstrap address (127.0.0.1:PORT) once a client can
//                                                    create a topic; a running broker is reused
//   node scripts/kafka-broker.mjs status             prints the bootstrap address, or exits 1 when stopped
//   node scripts/kafka-broker.mjs stop               SIGTERM, then SIGKILL after a grace period; removes the data
//
// Progress goes to stderr and only the address to stdout. The broker's own logs stay in kafka/broker/.kafka-data
// (console.log, logs/server.log) until the next start, to read after a failure.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, URL } from 'node:url';
import kafkajs from 'kafkajs';

const brokerDir = fileURLToPath(new URL('../kafka/broker/', import.meta.url));
const pom = join(brokerDir, 'pom.xml');
const lib = join(brokerDir, 'target', 'lib');
const libComplete = join(lib, '.complete');
const stateDir = join(brokerDir, '.kafka-data');
const stateFile = join(stateDir, 'broker.json');
const dataDir = join(stateDir, 'data');
const logsDir = join(stateDir, 'logs');
const consoleLog = join(stateDir, 'console.log');

const host = '127.0.0.1';
// Ready in 3-6 s here, 8 s with both cores busy: the margin is for a loaded CI machine.
const readyTimeoutMs = 120_000;
const stopGraceMs = 30_000;
const readyTopic = 'streamsim-broker-ready';

const log = (line) => process.stderr.write(`kafka-broker: ${line}\n`);

function fail(message) {
  log(message);
  process.exit(1);
}

/** Copies the broker's jars with Maven when they are missing or older than the pom, as on a fresh clone. */
function ensureClasspath() {
  if (existsSync(libComplete) && statSync(libComplete).mtimeMs >= statSync(pom).mtimeMs) return;
  log('resolving Apache Kafka\'s jars with Maven (kafka/broker)...');
  rmSync(lib, { recursive: true, force: true });
  const mvn = spawnSync('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', pom, 'package'], { stdio: ['ignore', 2, 2] });
  if (mvn.error !== undefined) fail(`cannot run mvn (${mvn.error.message}); install Maven and Java 17`);
  if (mvn.status !== 0) fail(`the Maven build of kafka/broker failed (exit ${mvn.status})`);
  // Written last, so that an interrupted copy is redone next time.
  writeFileSync(libComplete, '');
}

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True while `pid` is this broker's JVM (and not another process that got its pid after a reboot). */
function isBrokerProcess(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  return !existsSync('/proc') || (existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes('kafka.Kafka'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function serverProperties(port, controllerPort) {
  return [
    '# Written by scripts/kafka-broker.mjs: one node that is both broker and controller, for tests.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    // One replica of the internal topics, and one partition each: the first group or transaction waits for
    // fewer partitions to come online.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // A group's first member is assigned at once instead of after 3 s.
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/** After a fatal startup error the JVM still takes ~30 s to shut down: its log says so at once. */
function startupFailed() {
  const serverLog = join(logsDir, 'server.log');
  return existsSync(serverLog) && readFileSync(serverLog, 'utf8').includes('Exiting Kafka due to fatal exception');
}

/** Resolves once a client can create a topic and find a group coordinator; rejects when the JVM exits first. */
async function waitUntilReady(bootstrap, pid) {
  const kafka = new kafkajs.Kafka({ clientId: 'kafka-broker-script', brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 0 } });
  const deadline = performance.now() + readyTimeoutMs;
  // The probe runs beside the watch below: a request to a port that another program holds can hang for 30 s.
  const probe = { done: false, gaveUp: false, error: undefined };
  const probing = (async () => {
    while (!probe.gaveUp) {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.createTopics({ topics: [{ topic: readyTopic, numPartitions: 1 }], waitForLeaders: true });
        // Finding a coordinator creates __consumer_offsets, which the first consumer group would otherwise wait for.
        await admin.describeGroups([readyTopic]);
        probe.done = true;
        return;
      } catch (error) {
        probe.error = error;
        await sleep(250);
      } finally {
        await admin.disconnect().catch(() => {});
      }
    }
  })();
  try {
    while (!probe.done) {
      if (!isBrokerProcess(pid) || startupFailed()) throw new Error('the broker exited while starting');
      if (performance.now() > deadline) throw new Error(`the broker was not ready after ${readyTimeoutMs / 1000} s (${probe.error?.message ?? 'no answer'})`);
      await sleep(100);
    }
    await probing;
  } finally {
    probe.gaveUp = true;
  }
}

function tail(file, lines = 30) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Formats a fresh data dir and starts the JVM; resolves to its bootstrap address once it is ready. */
async function launch(fixedPort) {
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(logsDir, { recursive: true });

  const port = fixedPort ?? (await freePort());
  const controllerPort = await freePort();
  const bootstrap = `${host}:${port}`;
  const properties = join(stateDir, 'server.properties');
  writeFileSync(properties, serverProperties(port, controllerPort));

  const clusterId = randomBytes(16).toString('base64url');
  const format = spawnSync('java', ['-cp', `${lib}/*`, 'kafka.tools.StorageTool', 'format', '--config', properties, '--cluster-id', clusterId], { encoding: 'utf8' });
  if (format.error !== undefined) fail(`cannot run java (${format.error.message}); install Java 17`);
  if (format.status !== 0) fail(`formatting the storage failed (exit ${format.status}):\n${format.stdout}${format.stderr}`);

  const out = openSync(consoleLog, 'a');
  const jvmOptions = ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dkafka.logs.dir=${logsDir}`, `-Dlog4j2.configurationFile=${join(brokerDir, 'log4j2.xml')}`];
  const broker = spawn('java', ['-cp', `${lib}/*`, ...jvmOptions, 'kafka.Kafka', properties], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const spawnError = await new Promise((resolve) => {
    broker.once('error', resolve);
    broker.once('spawn', () => resolve(undefined));
  });
  if (spawnError !== undefined) fail(`cannot run java (${spawnError.message}); install Java 17`);
  broker.unref();
  writeFileSync(stateFile, `${JSON.stringify({ pid: broker.pid, bootstrap, clusterId }, null, 2)}\n`);
  log(`started pid ${broker.pid} on ${bootstrap}, waiting until it is ready...`);

  try {
    await waitUntilReady(bootstrap, broker.pid);
    return bootstrap;
  } catch (error) {
    log(`${error.message}; last lines of ${consoleLog} and logs/server.log:`);
    process.stderr.write(`${tail(consoleLog)}\n${tail(join(logsDir, 'server.log'))}\n`);
    await stop(0);
    throw error;
  }
}

async function start(fixedPort) {
  const running = readState();
  if (running !== undefined && isBrokerProcess(running.pid)) {
    await waitUntilReady(running.bootstrap, running.pid);
    log(`already running (pid ${running.pid})`);
    process.stdout.write(`${running.bootstrap}\n`);
    return;
  }
  const began = performance.now();
  ensureClasspath();
  // A free port can be taken by another process between our probe and the broker's bind: try other ports then.
  const attempts = fixedPort === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      const bootstrap = await launch(fixedPort);
      log(`ready in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      process.stdout.write(`${bootstrap}\n`);
      return;
    } catch (error) {
      if (attempt >= attempts || !error.message.includes('exited')) process.exit(1);
      log('trying again on other ports');
    }
  }
}

async function stop(graceMs = stopGraceMs) {
  const state = readState();
  if (state !== undefined && isBrokerProcess(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = performance.now() + graceMs;
    while (isBrokerProcess(state.pid) && performance.now() < deadline) await sleep(100);
    if (isBrokerProcess(state.pid)) {
      log(`pid ${state.pid} still running after ${graceMs / 1000} s: SIGKILL`);
      process.kill(state.pid, 'SIGKILL');
      while (isBrokerProcess(state.pid)) await sleep(100);
    }
    log(`stopped pid ${state.pid}`);
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
}

function status() {
  const state = readState();
  if (state === undefined || !isBrokerProcess(state.pid)) {
    log('stopped');
    process.exit(1);
  }
  log(`running (pid ${state.pid})`);
  process.stdout.write(`${state.bootstrap}\n`);
}

const [command, ...rest] = process.argv.slice(2);
const portFlag = rest.indexOf('--port');
const fixedPort = portFlag >= 0 ? Number(rest[portFlag + 1]) : undefined;
if (fixedPort !== undefined && !(Number.isInteger(fixedPort) && fixedPort > 0 && fixedPort < 65536)) fail('--port takes a port number');

if (command === 'start') await start(fixedPort);
else if (command === 'stop') await stop();
else if (command === 'status') status();
else fail('usage: node scripts/kafka-broker.mjs start [--port N] | status | stop');
