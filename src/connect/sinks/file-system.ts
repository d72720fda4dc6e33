/**
 * Where a lake sink writes: a port, so tests and the in-memory store use {@link MemoryFileSystem} and the CLI a
 * real directory (`NodeFileSystem`). Paths are relative, `/`-separated. Writing a path again replaces the file
 * (an object store's PUT; Connect's S3 sink relies on it when a task re-delivers a file after a restart).
 */
export interface SinkFileSystem {
  writeFile(path: string, content: string): void;
}

/** A file as the in-memory store keeps it: its text and the virtual time it was (last) written. */
export interface MemoryFile {
  readonly content: string;
  readonly writtenAt: number;
  /** How many times the path was written (more than 1 means a re-delivery overwrote it). */
  readonly writes: number;
}

/** An in-memory {@link SinkFileSystem}; `now` stamps each write (pass the broker's virtual clock). */
export class MemoryFileSystem implements SinkFileSystem {
  private readonly byPath = new Map<string, MemoryFile>();

  constructor(private readonly now: () => number = () => 0) {}

  writeFile(path: string, content: string): void {
    const writes = (this.byPath.get(path)?.writes ?? 0) + 1;
    this.byPath.set(path, { content, writtenAt: this.now(), writes });
  }

  readFile(path: string): string | undefined {
    return this.byPath.get(path)?.content;
  }

  file(path: string): MemoryFile | undefined {
    return this.byPath.get(path);
  }

  /** Every path, sorted (the layout of the lake). */
  paths(): string[] {
    return [...this.byPath.keys()].sort();
  }
}
