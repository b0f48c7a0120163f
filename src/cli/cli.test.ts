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

it('adds listening sources: credentials sealed apart from the config, a generic source with its secret, bad input exits 2', { timeout: 60_000 }, async () => {
  const created = await runParleyToEnd(['admin', 'create-workspace', '--name', 'Listening Co', '--owner-email', 'listen@example.com', '--owner-password', 'operator password'], env);
  const { workspaceId } = JSON.parse(created.stdout) as { workspaceId: string };

  const rss = await runParleyToEnd(
    ['admin', 'add-source', '--workspace', workspaceId, '--type', 'rss', '--config', JSON.stringify({ url: 'https://example.com/feed.xml', channel: 'blog', username: 'reader', password: 'feed-password-123' })],
    env,
  );
  expect(rss.stderr).toBe('');
  expect(rss.code).toBe(0);
  const { sourceId } = JSON.parse(rss.stdout) as { sourceId: string };
  expect(JSON.parse(rss.stdout)).toEqual({ sourceId });
  const [row] = (
    await database.database.pool.query('SELECT workspace_id, type, config, credentials, credential_fields, state FROM listening_sources WHERE id = $1', [sourceId])
  ).rows as { config: unknown; credentials: string }[];
  expect(row).toMatchObject({ workspace_id: workspaceId, type: 'rss', config: { url: 'https://example.com/feed.xml', channel: 'blog' }, credential_fields: ['password', 'username'], state: 'new' });
  expect(row!.credentials).not.toContain('feed-password-123');

  const generic = await runParleyToEnd(['admin', 'add-source', '--workspace', workspaceId, '--type', 'generic', '--config', '{}'], env);
  expect(generic.code).toBe(0);
  expect(JSON.parse(generic.stdout)).toMatchObject({ sourceId: expect.stringMatching(/^src_/), webhookSecret: expect.stringMatching(/^whsec_/) });

  const badJson = await runParleyToEnd(['admin', 'add-source', '--workspace', workspaceId, '--type', 'rss', '--config', '{url:'], env);
  expect(badJson.code).toBe(2);
  expect(badJson.stderr).toContain('--config: not JSON');
  const badConfig = await runParleyToEnd(['admin', 'add-source', '--workspace', workspaceId, '--type', 'rss', '--config', '{"url": "not a url"}'], env);
  expect(badConfig.code).toBe(2);
  expect(badConfig.stderr).toContain('url');
  const badType = await runParleyToEnd(['admin', 'add-source', '--workspace', workspaceId, '--type', 'myspace', '--config', '{}'], env);
  expect(badType.code).toBe(2);
  const noWorkspace = await runParleyToEnd(['admin', 'add-source', '--workspace', 'ws_nope', '--type', 'rss', '--config', '{"url": "https://example.com/feed"}'], env);
  expect(noWorkspace.code).toBe(2);
});
