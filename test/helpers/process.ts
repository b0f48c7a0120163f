// Runs `parley` as a real child process (through tsx, so no build is needed) and waits for it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

export type ParleyProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function runParley(args: string[], env: Record<string, string>): ParleyProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function runParleyToEnd(args: string[], env: Record<string, string>) {
  const run = runParley(args, env);
  let stdout = '';
  let stderr = '';
  run.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  run.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await run.exited;
  return { code, stdout, stderr };
}

export { freePort } from '../../src/lib/free-port.js';

export async function waitUntilReady(baseUrl: string, run: ParleyProcess, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (run.child.exitCode !== null) throw new Error(`parley exited with ${run.child.exitCode}:\n${run.output()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`parley was not ready within ${timeoutMs} ms:\n${run.output()}`);
}

/** Log lines at error level (pino level 50+) a process printed. */
export const errorLines = (output: string) =>
  output.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
