// A mention's thread in the explorer: a reply shows the post it answers, and a post shows the
// replies that were stored, however the source records the parent (X's referenced tweets, Mastodon's
// in_reply_to_id).
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

it("shows a reply's parent and a post's stored replies", { timeout: 60_000 }, async () => {
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const response = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/posts',
    headers: as(owner, workspaceId),
    payload: {
      source: 'api',
      posts: [
        { externalId: 't1', text: 'Has anyone tried the new Zephyr trail shoes?', channel: 'twitter', publishedAt: at(30) },
        { externalId: 't2', text: 'Yes, my Zephyr pair is great on rocks', channel: 'twitter', publishedAt: at(20), data: { referencedTweets: [{ type: 'replied_to', id: 't1' }] } },
        { externalId: 't3', text: 'Zephyr soles wore out in a month for me', channel: 'twitter', publishedAt: at(10), data: { inReplyToId: 't1' } },
      ],
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  const ids = (await app.t.db.database.pool.query<{ id: string; external_id: string }>('SELECT id, external_id FROM mentions WHERE workspace_id = $1', [workspaceId])).rows;
  const idOf = (externalId: string) => String(ids.find((row) => row.external_id === externalId)!.id);

  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/listening/mentions/${idOf('t1')}`);
  const replies = page.getByTestId('mention-replies');
  await replies.waitFor();
  await replies.getByText('great on rocks').waitFor();
  await replies.getByText('wore out in a month').waitFor();
  await expect(replies.getByText('Replies stored (2)').count()).resolves.toBe(1);

  await page.goto(`${app.base}/listening/mentions/${idOf('t3')}`);
  const detail = page.getByTestId('mention-detail');
  await detail.getByText('In reply to').waitFor();
  await detail.getByText('Has anyone tried the new Zephyr trail shoes?').waitFor();
  await context.close();
});
