// Builds the Kafka Streams reference program (bench/java) when its jar is missing or older than its sources,
// so that `npm test` works on a fresh clone: spec/conformance runs streamsim and Kafka side by side.
// Maven takes kafka-streams from Maven Central on the first build; later builds use ~/.m2.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../bench/java/', import.meta.url));
const jar = join(root, 'target', 'streamsim-reference.jar');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sourcesChanged = Math.max(statSync(join(root, 'pom.xml')).mtimeMs, newestSource(join(root, 'src')));
if (existsSync(jar) && statSync(jar).mtimeMs >= sourcesChanged) process.exit(0);

process.stderr.write('building the Kafka Streams reference program (bench/java) with Maven...\n');
const mvn = spawnSync('mvn', ['-q', '-f', join(root, 'pom.xml'), 'package', '-DskipTests'], { stdio: 'inherit' });
if (mvn.error !== undefined) {
  process.stderr.write(`streamsim: cannot run mvn (${mvn.error.message}); install Maven and Java 17 to run the conformance specs\n`);
  process.exit(1);
}
if (mvn.status !== 0) {
  process.stderr.write(`streamsim: the Maven build of bench/java failed (exit ${mvn.status})\n`);
  process.exit(1);
}
