import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseLosslessJson } from './lossless-json.js';
import type { QttFile, QttTestNode } from './model.js';

/** Every `.json` file among the paths (directories are read one level deep, sorted by name, as given otherwise). */
export function listQttFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).filter((n) => n.endsWith('.json')).sort()) files.push(join(p, name));
    } else {
      files.push(p);
    }
  }
  return files;
}

/** Reads test files; a file that does not parse or has no `tests` list comes back with an error instead. */
export function loadQttFiles(paths: readonly string[], parse: (text: string) => unknown = parseLosslessJson): QttFile[] {
  return listQttFiles(paths).map((path) => loadQttFile(path, parse));
}

export function loadQttFile(path: string, parse: (text: string) => unknown = parseLosslessJson): QttFile {
  const file = basename(path);
  try {
    return { path, file, tests: testsOf(parse(readFileSync(path, 'utf8'))) };
  } catch (err) {
    return { path, file, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Checks just enough shape that the runner can rely on `name` and `statements`; the rest is read defensively. */
export function testsOf(doc: unknown): QttTestNode[] {
  if (doc === null || typeof doc !== 'object' || !Array.isArray((doc as { tests?: unknown }).tests)) {
    throw new Error('not a query-validation-test file: no "tests" list');
  }
  return ((doc as { tests: unknown[] }).tests).map((t, i) => {
    if (t === null || typeof t !== 'object') throw new Error(`test #${i + 1} is not an object`);
    const node = t as Partial<QttTestNode>;
    if (typeof node.name !== 'string') throw new Error(`test #${i + 1} has no name`);
    if (!Array.isArray(node.statements) || !node.statements.every((s) => typeof s === 'string')) {
      throw new Error(`test '${node.name}' has no statements list`);
    }
    return node as QttTestNode;
  });
}
