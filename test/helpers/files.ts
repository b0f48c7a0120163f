// A temporary folder for the input files of one test file's CLI runs, removed after its tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Call at the top of a test file; returns `file(name, content)`, which writes a file there and gives its path. */
export function tempFiles(prefix: string): (name: string, content: string) => Promise<string> {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  return async (name, content) => {
    const target = path.join(dir, name);
    await writeFile(target, content);
    return target;
  };
}
