#!/usr/bin/env node
// Runs the built CLI (dist/); `npm install` builds it. During development use `npm run dev -- <args>`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('parley: the server is not built yet. Run `npm install` (or `npm run build`) in the Parley folder first.\n');
  process.exit(1);
}
const { runCli } = await import(built);
process.exitCode = await runCli(process.argv);
