// `parley demo` as a newcomer runs it: a real child process on a fresh database (DATABASE_URL).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { runParleyToEnd } from '../../test/helpers/process.js';

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, PARLEY_SECRET: 'demo-test-secret-demo-test-secret-0123456789' };
});
afterAll(async () => database.drop());

type DemoOutput = {
  workspaceId: string;
  created: boolean;
  owner: { email: string; password?: string };
  seeded: { sent: number; stored: number };
  stream: null | { sent: number; stored: number };
  linkedMentions: number;
  mentionsLast7Days: Record<string, number>;
};

it('seeds a demo workspace with --duration 0, then reuses it', { timeout: 120_000 }, async () => {
  const first = await runParleyToEnd(['demo', '--duration', '0', '--owner-email', 'newcomer@example.com', '--owner-password', 'a long demo password'], env);
  expect(first.code, first.stderr).toBe(0);
  const lines = first.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const output = JSON.parse(lines[0]!) as DemoOutput;
  expect(output).toMatchObject({ created: true, owner: { email: 'newcomer@example.com' }, stream: null });
  expect(output.workspaceId).toMatch(/^ws_/);
  expect(output.seeded.stored).toBeGreaterThan(200);
  expect(output.linkedMentions).toBeGreaterThan(0);
  expect(Object.keys(output.mentionsLast7Days)).toHaveLength(6);
  for (const count of Object.values(output.mentionsLast7Days)) expect(count).toBeGreaterThan(0);
  expect(first.stderr).toContain('seeded a week of history');
  const [workspace] = (await database.database.pool.query('SELECT name FROM workspaces WHERE id = $1', [output.workspaceId])).rows as { name: string }[];
  expect(workspace!.name).toBe('Demo — Lumen Coffee (sample data)');
  const contacts = await database.database.pool.query('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1', [output.workspaceId]);
  expect(contacts.rows[0].n).toBeGreaterThan(10);

  // Again, with no owner named: Parley's first account, and the same workspace.
  const again = await runParleyToEnd(['demo', '--duration', '0'], env);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ workspaceId: output.workspaceId, created: false, seeded: { sent: 0, stored: 0 } });
  const count = await database.database.pool.query('SELECT count(*)::int AS n FROM workspaces');
  expect(count.rows[0].n).toBe(1);
});

it('streams for a few seconds and reports progress', { timeout: 120_000 }, async () => {
  const run = await runParleyToEnd(['demo', '--duration', '3', '--rate', '30', '--seed', '5'], env);
  expect(run.code, run.stderr).toBe(0);
  const output = JSON.parse(run.stdout) as DemoOutput;
  expect(output.stream!.sent).toBe(180);
  expect(output.stream!.stored).toBeGreaterThan(0);
  expect(run.stderr).toContain('complaint spike');
  expect(run.stderr).toContain('Lumen Coffee');
});

it('exits 2 on bad options', { timeout: 60_000 }, async () => {
  const badRate = await runParleyToEnd(['demo', '--rate', 'fast'], env);
  expect(badRate.code).toBe(2);
  expect(badRate.stderr).toContain('--rate');
  const badDuration = await runParleyToEnd(['demo', '--duration', '-5'], env);
  expect(badDuration.code).toBe(2);
  expect(badDuration.stderr).toContain('--duration');
  const unknownOwner = await runParleyToEnd(['demo', '--duration', '0', '--owner-email', 'nobody@example.com'], env);
  expect(unknownOwner.code).toBe(2);
  expect(unknownOwner.stderr).toContain('--owner-password');
  const help = await runParleyToEnd(['demo', '--help'], env);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--duration');
});
