// `parley admin …` as an operator runs it: JSON on stdout, exit codes 0 / 1 / 2 (specs/cli.md, api.md).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { runParleyToEnd } from '../../test/helpers/process.js';

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, PARLEY_SECRET: 'cli-test-secret-cli-test-secret-0123456789' };
});
afterAll(async () => database.drop());

it('creates a workspace with its owner, then a scoped API key for it', { timeout: 60_000 }, async () => {
  const created = await runParleyToEnd(
    ['admin', 'create-workspace', '--name', 'Acme', '--owner-email', 'ops@example.com', '--owner-password', 'operator password'],
    env,
  );
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  const { workspaceId, ownerId } = JSON.parse(created.stdout) as { workspaceId: string; ownerId: string };
  expect(workspaceId).toMatch(/^ws_/);

  // Same owner again: the account is reused, a second workspace is made.
  const again = await runParleyToEnd(['admin', 'create-workspace', '--name', 'Acme EU', '--owner-email', 'OPS@example.com', '--owner-password', 'whatever long'], env);
  expect(JSON.parse(again.stdout)).toMatchObject({ ownerId });

  const key = await runParleyToEnd(['admin', 'create-api-key', '--workspace', workspaceId, '--name', 'ci', '--scopes', 'read'], env);
  expect(key.code).toBe(0);
  const { apiKey, id } = JSON.parse(key.stdout) as { apiKey: string; id: string };
  expect(apiKey).toMatch(/^prly_/);
  const stored = await database.database.pool.query('SELECT workspace_id, scopes FROM api_keys WHERE id = $1', [id]);
  expect(stored.rows[0]).toEqual({ workspace_id: workspaceId, scopes: ['read'] });
  const audit = await database.database.pool.query("SELECT actor_type, actor_label FROM audit_events WHERE action = 'api_key.created'");
  expect(audit.rows).toEqual([{ actor_type: 'system', actor_label: 'parley admin' }]);
});

it('exits 2 with a message on bad input, and 0 on --help', { timeout: 60_000 }, async () => {
  const badEmail = await runParleyToEnd(['admin', 'create-workspace', '--name', 'X', '--owner-email', 'not-an-email', '--owner-password', 'long enough pw'], env);
  expect(badEmail.code).toBe(2);
  expect(badEmail.stderr).toContain('--owner-email');
  const missing = await runParleyToEnd(['admin', 'create-api-key'], env);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--workspace');
  const unknownWorkspace = await runParleyToEnd(['admin', 'create-api-key', '--workspace', 'ws_nope'], env);
  expect(unknownWorkspace.code).toBe(2);
  expect(unknownWorkspace.stderr).toContain('workspace');
  const help = await runParleyToEnd(['--help'], env);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('start');
  expect(help.stdout).toContain('migrate');
});
