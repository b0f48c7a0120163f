// A mention opened as a conversation from the explorer: "Open as conversation" (or c) escalates it
// and the inbox opens on the new public conversation; back on the mention, the button opens the same
// conversation.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSignedIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;

const api = async <T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<T> => {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
};

beforeAll(async () => {
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  const topic = await api<{ id: string }>('POST', '/topics', { name: 'Zephyr', kind: 'brand' });
  await api('POST', '/queries', { topicId: topic.id, name: 'Brand', query: 'zephyr' });
});

afterAll(async () => {
  await app?.close();
});

it('opens a mention as a conversation and finds it again', { timeout: 90_000 }, async () => {
  const response = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/posts',
    headers: as(owner, workspaceId),
    payload: {
      source: 'api',
      posts: [
        {
          externalId: 'https://other.social/users/jo/statuses/111',
          text: 'My Zephyr laces broke after two days, is there a warranty?',
          channel: 'mastodon',
          author: { handle: 'jo@other.social', name: 'Jo Runner', followers: 12000 },
          data: { statusId: '111' },
        },
      ],
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  const mentionId = String((response.json() as { mentionIds: string[] }).mentionIds[0]);

  mkdirSync('/tmp/shots', { recursive: true });
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/listening/mentions/${mentionId}`);
  const button = page.getByTestId('open-conversation');
  await expect.poll(async () => (await button.textContent())?.trim(), { timeout: 15_000 }).toBe('Open as conversation');
  // Posted to the API, not read by a source with an account: the panel says replies cannot go out.
  await page.getByTestId('cannot-reply').getByText("posted to Parley's API", { exact: false }).waitFor();
  await page.getByTestId('mention-detail').hover();
  await page.screenshot({ path: '/tmp/shots/mention-open-conversation.png' });

  await page.keyboard.press('c');
  await page.waitForURL(/\/inbox\/cv_/);
  const conversationPath = new URL(page.url()).pathname;
  const [conversation] = (await app.t.db.database.pool.query<{ id: string; visibility: string; source_mention_id: string }>('SELECT id, visibility, source_mention_id FROM conversations WHERE workspace_id = $1', [workspaceId])).rows;
  expect(conversationPath).toBe(`/inbox/${conversation!.id}`);
  expect(conversation).toMatchObject({ visibility: 'public', source_mention_id: mentionId });
  await page.getByText('My Zephyr laces broke after two days', { exact: false }).first().waitFor();
  await page.screenshot({ path: '/tmp/shots/mention-conversation-inbox.png' });

  await page.goto(`${app.base}/listening/mentions/${mentionId}`);
  await expect.poll(async () => (await button.textContent())?.trim(), { timeout: 15_000 }).toBe('Open conversation');
  await button.click();
  await page.waitForURL((url) => url.pathname === conversationPath);
  const count = (await app.t.db.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM conversations WHERE workspace_id = $1', [workspaceId])).rows[0]!.n;
  expect(Number(count)).toBe(1);
  await context.close();
});
