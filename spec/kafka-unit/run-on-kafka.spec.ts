import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { AnyScenario } from '../../src/scenarios/common/index.js';
import { pizzaScenario } from '../../src/scenarios/pizza/scenario.js';
import { TINY } from '../cli/tiny-scenario.js';

// `streamsim run <scenario> --on kafka://...` without a broker: the one line the CLI prints for each way it cannot
// start. spec/kafka/run-on-kafka.spec.ts runs scenarios on a real broker.

async function cli(scenarios: AnyScenario[], ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { scenarios });
  return { code, out, err };
}

describe('streamsim run --on', () => {
  it('refuses a bad URL in one line, before connecting', async () => {
    const r = await cli([TINY], 'run', 'tiny', '--on', 'kafka://nohost');
    expect(r.code).toBe(1);
    expect(r.err).toBe("streamsim: bad Kafka URL 'kafka://nohost': 'nohost' is not HOST:PORT; expected kafka://HOST:PORT[,HOST:PORT]\n");
    expect(r.out).toBe('');
  });

  it('says in one line that an unreachable broker cannot be reached', async () => {
    // port 1 on the loopback: nothing listens, the connection is refused at once
    const r = await cli([TINY], 'run', 'tiny', '--on', 'kafka://127.0.0.1:1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^streamsim: cannot reach Kafka at 127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });

  it('keeps a scenario with actors on the virtual clock in memory, and says why', async () => {
    const r = await cli([pizzaScenario], 'run', 'pizza', '--on', 'kafka://127.0.0.1:1');
    expect(r.code).toBe(1);
    expect(r.err).toBe('streamsim: pizza runs actors on the virtual clock (services, connectors) besides Kafka Streams applications: it runs only on the in-memory broker\n');
  });

  it('takes the input from the cluster: in-memory sizing and replay options are refused with --on, cluster options without it', async () => {
    expect((await cli([TINY], 'run', 'tiny', '--on', 'kafka://h:1', '--events', '10')).err).toBe(
      "streamsim: --events applies to in-memory runs; with --on the input is what the cluster's topics hold (gen --to publishes it)\n",
    );
    expect((await cli([TINY], 'run', 'tiny', '--instances', '2')).err).toBe('streamsim: --instances and --exactly-once apply with --on\n');
    expect((await cli([TINY], 'run', 'tiny', '--exactly-once')).err).toBe('streamsim: --instances and --exactly-once apply with --on\n');
  });
});
