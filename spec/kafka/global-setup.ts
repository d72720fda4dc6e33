import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

// Starts the real broker once for all real-broker specs and stops it after them; a broker that was already running
// (`node scripts/kafka-broker.mjs start` by hand) is reused and left running.
declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBootstrap: string;
  }
}

const script = fileURLToPath(new URL('../../scripts/kafka-broker.mjs', import.meta.url));

function brokerScript(command: 'start' | 'status' | 'stop'): string {
  // `status` only asks, and says nothing when no broker runs yet.
  const progress = command === 'status' ? 'ignore' : 'inherit';
  return execFileSync(process.execPath, [script, command], { stdio: ['ignore', 'pipe', progress], encoding: 'utf8' }).trim();
}

function runningBroker(): string | undefined {
  try {
    return brokerScript('status');
  } catch {
    return undefined;
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  const running = runningBroker();
  if (running !== undefined) {
    project.provide('kafkaBootstrap', running);
    return undefined;
  }
  project.provide('kafkaBootstrap', brokerScript('start'));
  return () => {
    brokerScript('stop');
  };
}
