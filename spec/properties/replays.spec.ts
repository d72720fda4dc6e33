import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listReplayFiles, replay, replayReport } from '../../src/assertions/harness/index.js';
// the specs a replay file can name register themselves on import
import '../../src/scenarios/invariants/index.js';

const REPLAY_DIR = fileURLToPath(new URL('../../fixtures/replays/', import.meta.url));
const files = listReplayFiles(REPLAY_DIR);

describe('fixtures/replays: every replay file is a regression test', () => {
  it('the loader reads the folder: every .json file, in name order, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamsim-replays-'));
    try {
      copyFileSync(join(REPLAY_DIR, 'README.md'), join(dir, 'README.md'));
      writeFileSync(join(dir, 'b-0000000002.json'), '{}');
      writeFileSync(join(dir, 'a-0000000001.json'), '{}');
      expect(listReplayFiles(dir).map((f) => basename(f))).toEqual(['a-0000000001.json', 'b-0000000002.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(listReplayFiles(join(REPLAY_DIR, 'no-such-folder'))).toEqual([]);
    // the real folder's files are the ones the tests below re-run
    expect(files.every((f) => f.startsWith(REPLAY_DIR) && f.endsWith('.json'))).toBe(true);
  });

  for (const file of files) {
    it(`${basename(file)} still gives its recorded outcome (the failure, or a pass once marked fixed)`, () => {
      const outcome = replay(file);
      expect(outcome.asRecorded, replayReport(outcome)).toBe(true);
    });
  }
});
