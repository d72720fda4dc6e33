import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SinkFileSystem } from './file-system.js';

/** A {@link SinkFileSystem} on a real directory (for the CLI): creates parent folders, writes UTF-8. */
export class NodeFileSystem implements SinkFileSystem {
  constructor(private readonly root: string) {}

  writeFile(path: string, content: string): void {
    const full = join(this.root, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, 'utf8');
  }
}
