import type { Command } from 'commander';
import { replay, replayReport } from '../assertions/harness/index.js';
// registers the scenario invariants, so that their replay files can be re-run
import '../scenarios/invariants/index.js';
import type { CliIo } from './program.js';

/**
 * `streamsim replay FILE`: re-runs a replay file written by `streamsim check` (or by checkInvariant in a spec):
 * prints the history table and the reason, and exits 1 while the failure reproduces, 0 once it passes.
 */
export function registerReplayCommand(program: Command, io: CliIo): void {
  program
    .command('replay')
    .description('re-run a failing history from a replay file and show the failure again')
    .argument('<file>', 'a replay file, e.g. fixtures/replays/<spec>-<hash>.json')
    .action((file: string) => {
      const outcome = replay(file);
      io.out(replayReport(outcome));
      if (outcome.reason === null) return;
      throw new Error(`${outcome.reproduced ? 'the failure reproduces' : 'the invariant fails, differently from the recording'}: ${outcome.reason}`);
    });
}
