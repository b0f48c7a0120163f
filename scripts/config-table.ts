// Rewrites the configuration table in README.md from the validated env schema (src/server/env.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { configTableMarkdown } from '../src/server/env.js';

const start = '<!-- config:start -->';
const end = '<!-- config:end -->';
const readme = readFileSync('README.md', 'utf8');
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync('README.md', `${before}\n${configTableMarkdown()}\n${after}`);
