/**
 * `streamsim registry <scenario> [--serve [--port N]]`: the subjects and versions of a scenario's schemas (each
 * input topic's Avro value schema under `<topic>-value`), and on request the registry behind Confluent Schema
 * Registry's REST endpoints on 127.0.0.1 until interrupted.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { AnyScenario } from '../scenarios/common/index.js';
import { scenarioSchemas } from '../scenarios/common/scenario-schemas.js';
import { serveRegistry } from '../sim/schema-registry/rest-facade.js';
import type { CliIo } from './program.js';
import { renderSummaryTable } from './summary-table.js';

interface RegistryOptions {
  serve?: boolean;
  port?: number;
}

function port(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port must be an integer in 0..65535, got '${raw}'`);
  return n;
}

export function registerRegistryCommand(program: Command, io: CliIo, scenarios: readonly AnyScenario[], untilInterrupted: () => Promise<void>): void {
  program
    .command('registry')
    .description("list a scenario's schema subjects and versions (or serve them with Confluent Schema Registry's REST API)")
    .argument('<scenario>', `one of: ${scenarios.map((s) => s.name).join(', ')}`)
    .option('--serve', "serve the registry on 127.0.0.1 with Schema Registry's REST endpoints until interrupted")
    .option('--port <n>', 'with --serve: the port (default: a free one)', port)
    .action(async (name: string, opts: RegistryOptions) => {
      const scenario = scenarios.find((s) => s.name === name);
      if (scenario === undefined) throw new InvalidArgumentError(`unknown scenario '${name}'; known: ${scenarios.map((s) => s.name).join(', ')}`);
      if (opts.port !== undefined && opts.serve !== true) throw new InvalidArgumentError('--port applies with --serve');
      const { registry, json } = scenarioSchemas(scenario);
      const rows = registry.subjects().flatMap((subject) =>
        registry.versions(subject).map((v) => {
          const s = registry.schema(subject, v);
          const fields = (JSON.parse(s.schema) as { fields?: unknown[] }).fields?.length ?? 0;
          return [subject, v, s.id, s.schemaType, fields];
        }),
      );
      io.out(renderSummaryTable({ title: `${scenario.name}: schema registry subjects (TopicNameStrategy)`, columns: ['subject', 'version', 'id', 'type', 'fields'], rows }));
      for (const j of json) io.out(`${j.topic}: JSON, no Avro schema (${j.reason})\n`);
      if (opts.serve !== true) return;
      const server = await serveRegistry(registry, opts.port ?? 0);
      io.out(`serving ${registry.subjects().length} subjects at ${server.url} (Confluent Schema Registry REST API); Ctrl-C stops\n`);
      try {
        await untilInterrupted();
      } finally {
        await server.close();
      }
    });
}
