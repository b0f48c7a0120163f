// Entry point for `npm run dev -- <args>` (tsx, no build step).
import { runCli } from './index.js';

process.exitCode = await runCli(process.argv);
