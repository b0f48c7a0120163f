// The listening setup screens in a real Chromium: create a topic, write a query with a mistake and see
// it underlined where it is, fix it and see the preview count from stored mentions, save it with
// Ctrl+Enter; add an RSS source and a webhook source whose secret is shown once and works. Then the
// same screens filled with the demo workspace, screenshotted in light and dark into /tmp/shots/.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createDemoWorkspace } from '../../src/modules/listening/demo/seed-demo.js';
import { ListeningPipeline } from '../../src/modules/listening/pipeline/pipeline.js';
import { signIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;

async function api<T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, workspace = workspaceId): Promise<T> {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspace), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
}
const rows = async <T>(text: string, params: unknown[] = []) => (await app.t.db.database.pool.query(text, params)).rows as T[];
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function shot(page: Page, name: string) {
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function newPage(scheme: 'light' | 'dark'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  await signIn(page, app.base, owner.email, PASSWORD);
  return { context, page };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  // Mentions already stored by an existing topic: what the new query's preview is measured on.
  const existing = await api<{ id: string }>('POST', '/topics', { name: 'Zephyr', kind: 'brand' });
  await api('POST', '/queries', { topicId: existing.id, query: 'zephyr' });
  await api('POST', '/posts', {
    source: 'api',
    posts: [
      { externalId: 'p1', text: 'The Zephyr app keeps crashing when I open my orders', publishedAt: hoursAgo(2) },
      { externalId: 'p2', text: 'Zephyr app update is great, love the dark mode', publishedAt: hoursAgo(26) },
      { externalId: 'p3', text: 'Zephyr crashed again on login. Fix it please', publishedAt: hoursAgo(50) },
      { externalId: 'p4', text: 'New Zephyr shoes arrived today, so comfy', publishedAt: hoursAgo(5) },
    ],
  });
});

afterAll(async () => {
  await app?.close();
});

it('creates a topic, shows a query error where it is, previews the fixed query on stored mentions and saves it', async () => {
  const { context, page } = await newPage('light');
  await page.goto(`${app.base}/listening/topics`);
  await page.getByRole('tab', { name: 'Topics' }).waitFor();
  await page.getByRole('link', { name: 'Topic Zephyr' }).waitFor();

  await page.getByRole('button', { name: 'New topic' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Zephyr app');
  await page.getByRole('button', { name: 'Create topic' }).click();
  await page.getByRole('heading', { name: 'Zephyr app' }).waitFor();
  await page.getByText('No queries yet').waitFor();
  await shot(page, 'topic-empty-light');

  await page.getByRole('button', { name: 'Add query' }).click();
  const input = page.getByRole('textbox', { name: 'Query' });
  const broken = 'zephyr AND (app OR';
  await input.fill(broken);
  // The server's error, underlined from its character: the OR with nothing after it.
  const underline = page.locator('[data-query-error]');
  await underline.waitFor();
  expect(await underline.getAttribute('data-position')).toBe(String(broken.indexOf('OR')));
  expect(await underline.textContent()).toBe('OR');
  await expect.poll(async () => page.getByTestId('query-error').textContent()).toContain(`Character ${broken.indexOf('OR') + 1}`);
  // The highlighter colours what the lexer read: the operators differently from the words.
  const operatorClass = await page.getByTestId('query-highlight').locator('span', { hasText: /^AND$/ }).getAttribute('class');
  const wordClass = await page.getByTestId('query-highlight').locator('span', { hasText: /^zephyr$/ }).getAttribute('class');
  expect(operatorClass).not.toBe(wordClass);
  await shot(page, 'query-error-light');

  await input.fill('zephyr AND (app OR crash*)');
  await expect.poll(async () => page.locator('[data-query-error]').count()).toBe(0);
  await expect.poll(async () => page.getByTestId('preview-count').textContent(), { timeout: 10_000 }).toBe('3');
  await expect.poll(async () => page.getByTestId('query-canonical').textContent()).toContain('zephyr AND (app OR crash*)');
  const samples = page.getByRole('list', { name: 'Sample matches' });
  expect(await samples.getByRole('listitem').count()).toBe(3);
  expect(await samples.locator('mark').first().textContent()).toMatch(/zephyr/i);
  await shot(page, 'query-editor-light');

  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('App complaints');
  await input.focus();
  await page.keyboard.press('Control+Enter');
  await page.getByRole('listitem', { name: 'Query App complaints' }).waitFor();
  const [saved] = await rows<{ query: string; enabled: boolean }>('SELECT query, enabled FROM listening_queries WHERE name = $1', ['App complaints']);
  expect(saved).toEqual({ query: 'zephyr AND (app OR crash*)', enabled: true });

  // Esc cancels the editor without saving.
  await page.getByRole('button', { name: 'Edit query App complaints' }).click();
  await input.fill('zephyr');
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Query' }).waitFor({ state: 'detached' });
  expect((await rows<{ query: string }>('SELECT query FROM listening_queries WHERE name = $1', ['App complaints']))[0]!.query).toBe('zephyr AND (app OR crash*)');
  await shot(page, 'topic-light');
  await context.close();
});

it('adds an RSS source and a webhook source whose secret is shown once and signs posts', async () => {
  const { context, page } = await newPage('light');
  await page.goto(`${app.base}/listening/sources`);
  await page.getByText('No sources yet').waitFor();
  await shot(page, 'sources-empty-light');

  await page.getByRole('button', { name: 'Add source' }).first().click();
  await page.getByRole('button', { name: 'RSS or Atom feed' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Coffee news');
  await page.getByLabel('Feed address').fill('https://news.example.com/coffee.xml');
  await page.getByLabel('Username').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Add source', exact: true }).click();
  await page.getByRole('row', { name: 'Source Coffee news' }).waitFor();
  const [rss] = await rows<{ config: { url: string; channel: string }; credential_fields: string[] }>("SELECT config, credential_fields FROM listening_sources WHERE name = 'Coffee news'");
  expect(rss!.config).toMatchObject({ url: 'https://news.example.com/coffee.xml', channel: 'news' });
  expect(rss!.credential_fields).toEqual([]);

  await page.getByRole('button', { name: 'Add source' }).click();
  await page.getByRole('button', { name: 'Webhook (any system)' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Support forum');
  await page.getByRole('dialog').getByRole('button', { name: 'Add source', exact: true }).click();
  const secret = (await page.getByTestId('webhook-secret').textContent())!;
  const url = (await page.getByTestId('webhook-url').textContent())!;
  expect(secret.length).toBeGreaterThan(20);
  expect(await page.getByTestId('webhook-example').textContent()).toContain(secret);
  await shot(page, 'source-secret-light');

  // The secret shown is the one that signs: a post sent with it is accepted.
  const body = JSON.stringify({ posts: [{ externalId: 'w1', text: 'Zephyr app crashed at checkout', channel: 'forum' }] });
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-parley-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }, body });
  expect(response.status).toBe(200);

  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'More actions for Support forum' }).click();
  await page.getByRole('menuitem', { name: 'Settings and credentials' }).click();
  await page.getByText('The signing secret was shown when the source was made').waitFor();
  expect(await page.getByText(secret).count()).toBe(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('row', { name: 'Source Support forum' }).waitFor();
  await shot(page, 'sources-light');
  await context.close();
});

it('shows the setup screens filled with the demo workspace, in light and dark', async () => {
  const pipeline = new ListeningPipeline(app.t.db.database.db);
  const demo = await createDemoWorkspace(app.t.db.database.db, pipeline, owner.id, { seed: 7, historyPosts: 600 });
  await pipeline.close();
  const demoId = demo.workspaceId;
  await api('POST', '/sources', { type: 'rss', name: 'Coffee trade news', config: { url: 'https://news.example.com/feed.xml' } }, demoId);
  const generic = await api<{ id: string }>('POST', '/sources', { type: 'generic', name: 'Community forum', config: { channel: 'forum' } }, demoId);
  const failing = await api<{ id: string }>('POST', '/sources', { type: 'rss', name: 'Roasters blog', config: { url: 'https://blog.example.com/rss', channel: 'blog' }, credentials: { username: 'lumen', password: 'secret' } }, demoId);
  await rows("UPDATE listening_sources SET state = 'ok', last_success_at = now() - interval '4 minutes', posts_received = 1840, mentions_stored = 212 WHERE name = 'Coffee trade news'");
  await rows("UPDATE listening_sources SET state = 'needs_reconnect', last_error_kind = 'credentials', last_error = 'HTTP 401 from blog.example.com', last_error_at = now(), failures = 3, last_success_at = now() - interval '2 days', posts_received = 96, mentions_stored = 11 WHERE id = $1", [failing.id]);
  await rows("UPDATE listening_sources SET state = 'ok', last_success_at = now() - interval '40 minutes', posts_received = 57, mentions_stored = 19 WHERE id = $1", [generic.id]);

  for (const scheme of ['light', 'dark'] as const) {
    const { context, page } = await newPage(scheme);
    // The app reads the current workspace from local storage (web/src/lib/api.ts).
    await page.evaluate(`localStorage.setItem('parley.workspace', ${JSON.stringify(demoId)})`);
    await page.goto(`${app.base}/listening/topics`);
    await page.getByRole('link', { name: 'Topic Lumen Coffee' }).waitFor();
    await shot(page, `demo-topics-${scheme}`);
    await page.getByRole('link', { name: 'Topic Lumen Coffee' }).click();
    await page.getByRole('list', { name: 'Queries' }).waitFor();
    await shot(page, `demo-topic-${scheme}`);
    await page.getByRole('button', { name: /^Edit query Brand name/ }).click();
    await expect.poll(async () => Number(await page.getByTestId('preview-count').textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, `demo-query-editor-${scheme}`);
    await page.keyboard.press('Escape');
    await page.goto(`${app.base}/listening/sources`);
    await page.getByRole('row', { name: 'Source Roasters blog' }).waitFor();
    expect(await page.getByRole('row', { name: 'Source Roasters blog' }).textContent()).toContain('The feed refused the username and password');
    await shot(page, `demo-sources-${scheme}`);
    // Credentials are write-only: the settings show which are set, and offer to replace them.
    await page.getByRole('button', { name: 'More actions for Roasters blog' }).click();
    await page.getByRole('menuitem', { name: 'Settings and credentials' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Replace' }).waitFor();
    expect(await page.getByRole('dialog').getByText('Set', { exact: true }).count()).toBe(2);
    expect(await page.getByRole('dialog').getByText('secret', { exact: true }).count()).toBe(0);
    await shot(page, `demo-edit-source-${scheme}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByRole('button', { name: 'Mastodon' }).waitFor();
    await shot(page, `demo-add-source-${scheme}`);
    await page.getByRole('button', { name: 'Reddit' }).click();
    await shot(page, `demo-add-reddit-${scheme}`);
    await context.close();
  }
});
