// `parley bench listening` prints exactly the keys of specs/cli.md; bad counts are usage errors.
import { expect, it } from 'vitest';
import { runParleyToEnd } from '../../test/helpers/process.js';

it('prints one JSON object with the figures of specs/cli.md', { timeout: 120_000 }, async () => {
  const result = await runParleyToEnd(['bench', 'listening', '--queries', '50', '--posts', '200', '--json', '--skip-pipeline'], {});
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const figures = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(Object.keys(figures)).toEqual(['queries', 'posts', 'matchPostsPerSec', 'matchP99Micros', 'enrichPostsPerSec', 'pipelinePostsPerSec', 'rssMB']);
  expect(figures.queries).toBe(50);
  expect(figures.posts).toBe(200);
  for (const key of ['matchPostsPerSec', 'matchP99Micros', 'enrichPostsPerSec', 'rssMB']) expect(figures[key]).toBeGreaterThan(0);
  expect(figures.pipelinePostsPerSec).toBeNull();
});

it('rejects a count that is not a positive integer with exit 2', { timeout: 60_000 }, async () => {
  const result = await runParleyToEnd(['bench', 'listening', '--queries', 'many', '--json'], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--queries');
  expect(result.stdout).toBe('');
});
