// The README's configuration table is generated from the env schema; this keeps the two in step.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { configTableMarkdown } from '../src/server/env.js';

it('README lists every configuration variable exactly as the schema defines it', () => {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('<!-- config:start -->') + '<!-- config:start -->'.length, readme.indexOf('<!-- config:end -->')).trim();
  expect(table, 'run `npm run docs:config` to regenerate it').toBe(configTableMarkdown());
});
