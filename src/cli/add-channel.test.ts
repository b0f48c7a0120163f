// `parley admin add-channel` as an operator runs it (specs/api.md): a web chat channel with its
// settings checked and stored, its script tag printed; bad input exits 2.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { runParleyToEnd } from '../../test/helpers/process.js';
import { SecretBox } from '../lib/secrets.js';
import { createAuth } from '../server/auth.js';
import { adminAddChannel, adminCreateWorkspace } from './admin.js';

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, PARLEY_SECRET: 'cli-test-secret-cli-test-secret-0123456789', PUBLIC_URL: 'https://parley.example' };
});
afterAll(async () => database.drop());

it('adds a web chat channel and prints its id and script tag; bad input exits 2', { timeout: 240_000 }, async () => {
  // The workspace in-process (the machine's time goes to the command under test).
  const auth = createAuth({ db: database.database.db, secret: env.PARLEY_SECRET!, publicUrl: env.PUBLIC_URL! });
  const { workspaceId } = await adminCreateWorkspace(database.database.db, auth, { name: 'Chat Co', ownerEmail: 'chat@example.com', ownerPassword: 'operator password' });

  const added = await runParleyToEnd(['admin', 'add-channel', '--workspace', workspaceId, '--type', 'webchat', '--config', JSON.stringify({ name: 'Site chat', greeting: 'Hej!', prechatFields: ['email'] })], env);
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  const result = JSON.parse(added.stdout) as { channelId: string; webhookUrl: null; widget: { snippet: string } };
  expect(result).toEqual({
    channelId: expect.stringMatching(/^ch_/),
    webhookUrl: null,
    widget: { scriptUrl: 'https://parley.example/widget.js', snippet: `<script src="https://parley.example/widget.js" data-channel="${result.channelId}" async></script>` },
  });
  const [row] = (await database.database.pool.query('SELECT workspace_id, type, name, config FROM channels WHERE id = $1', [result.channelId])).rows;
  expect(row).toMatchObject({ workspace_id: workspaceId, type: 'webchat', name: 'Site chat', config: { greeting: 'Hej!', prechatFields: ['email'], color: '#1c7ed6' } });

  // A messaging channel without its credentials is bad input.
  const incomplete = await runParleyToEnd(['admin', 'add-channel', '--workspace', workspaceId, '--type', 'telegram', '--config', '{}'], env);
  expect(incomplete.code).toBe(2);
  expect(incomplete.stderr).toContain('credentials');
  // A bad config is refused the same way, before anything is stored.
  await expect(adminAddChannel(database.database.db, new SecretBox(env.PARLEY_SECRET!), { workspaceId, type: 'webchat', settings: { color: 'blue' }, publicUrl: env.PUBLIC_URL! })).rejects.toMatchObject({ code: 'channel.invalid_config', status: 400 });
});
