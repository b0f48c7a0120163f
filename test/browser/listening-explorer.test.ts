// The mention explorer in a real Chromium: mentions arrive live into an empty explorer, filter by
// topic, search with the matched words highlighted, open one and correct its sentiment from the
// keyboard, bulk-tag two, save a view and apply it, link an author to a new contact; a post ingested
// while the page is open appears at the top. Then the demo workspace, screenshotted in light and dark
// into /tmp/shots/ (empty, loaded list, detail).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSignedIn, screenshot, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { trainWorkspaceModel } from '../../src/modules/listening/jobs/train-model.js';
import { seedDemoWorkspace } from '../helpers/demo.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;

const api = async <T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, workspace = workspaceId): Promise<T> => {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspace), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
};
const query = async <T>(text: string, params: unknown[] = []) => (await app.t.db.database.pool.query(text, params)).rows as T[];
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
// POST /posts answers its counts at the top level, not under `data`.
const ingest = async (posts: Record<string, unknown>[], workspace = workspaceId) => {
  const response = await app.t.app.inject({ method: 'POST', url: '/api/v1/posts', headers: as(owner, workspace), payload: { source: 'api', posts } });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as { mentionIds: string[] };
};
const author = (handle: string, name: string, followers: number, verified = false) => ({ handle, externalId: `id-${handle}`, name, followers, verified });
const shot = (page: Page, name: string) => screenshot(page, SHOTS, name);
const newPage = (scheme: 'light' | 'dark', workspace = workspaceId) => openSignedIn(app, owner, PASSWORD, scheme, workspace);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  const zephyr = await api<{ id: string }>('POST', '/topics', { name: 'Zephyr', kind: 'brand' });
  await api('POST', '/queries', { topicId: zephyr.id, name: 'Brand', query: 'zephyr OR #zephyrrun' });
  const borealis = await api<{ id: string }>('POST', '/topics', { name: 'Borealis', kind: 'competitor' });
  await api('POST', '/queries', { topicId: borealis.id, name: 'Competitor', query: 'borealis' });
});

afterAll(async () => {
  await app?.close();
});

const rowsOf = (page: Page) => page.getByTestId('mention-row');

it('streams, filters, searches, corrects, bulk-tags, saves a view and links an author', async () => {
  const { context, page } = await newPage('light');
  await page.goto(`${app.base}/listening`);
  await page.getByText('No mentions yet').waitFor();
  await shot(page, 'mentions-empty-light');

  // Mentions arrive while the page is open: they appear without a reload.
  await ingest([
    { externalId: 'm1', text: 'My Zephyr laces snapped after two days. Really disappointed.', channel: 'twitter', author: author('lena_runs', 'Lena Park', 48_000, true), publishedAt: minutesAgo(50) },
    { externalId: 'm2', text: 'Just ran 10k in my new Zephyr shoes, they are wonderful! #zephyrrun', channel: 'mastodon', author: author('tomas@social.example', 'Tomás', 800), publishedAt: minutesAgo(40) },
    { externalId: 'm3', text: 'Borealis jackets are on sale this weekend', channel: 'twitter', author: author('dealhunter', 'Deal Hunter', 12_000), publishedAt: minutesAgo(30) },
    { externalId: 'm4', text: 'Comparing Zephyr and Borealis trail shoes for my next race', channel: 'reddit', author: author('trailnerd', 'trailnerd', 150), publishedAt: minutesAgo(20) },
    { externalId: 'm5', text: 'Las zapatillas Zephyr son muy cómodas, me encantan', channel: 'twitter', lang: 'es', author: author('ana_corre', 'Ana', 2_300), publishedAt: minutesAgo(10) },
  ]);
  await expect.poll(() => rowsOf(page).count(), { timeout: 15_000 }).toBe(5);

  // Filter by topic.
  await page.getByRole('combobox', { name: 'Topic' }).click();
  await page.getByRole('option', { name: 'Borealis' }).click();
  await expect.poll(() => rowsOf(page).count()).toBe(2);
  await page.getByRole('button', { name: /Remove filter Topic: Borealis/ }).click();
  await expect.poll(() => rowsOf(page).count()).toBe(5);

  // Full-text search, with "/" to get there; the words found are highlighted.
  await page.keyboard.press('/');
  await page.keyboard.type('laces');
  await expect.poll(() => rowsOf(page).count()).toBe(1);
  expect(await rowsOf(page).first().locator('mark').first().textContent()).toMatch(/laces|zephyr/i);
  await page.getByRole('button', { name: 'Clear the search' }).click();
  await expect.poll(() => rowsOf(page).count()).toBe(5);

  // Open a mention, correct its sentiment with "p", close with Esc.
  const laces = rowsOf(page).filter({ hasText: 'laces snapped' });
  const lacesId = (await laces.getAttribute('data-mention-id'))!;
  await laces.click();
  await page.waitForURL(`**/listening/mentions/${lacesId}`);
  const detail = page.getByTestId('mention-detail');
  await detail.getByText('Open the original').or(detail.getByText('Lena Park').first()).first().waitFor();
  expect(await detail.getByText('laces snapped').count()).toBeGreaterThan(0);
  await page.keyboard.press('p');
  await expect.poll(async () => (await query<{ sentiment_label: string; sentiment_by: string }>('SELECT sentiment_label, sentiment_by FROM mentions WHERE id = $1', [lacesId]))[0]).toEqual({ sentiment_label: 'positive', sentiment_by: 'person' });
  await detail.getByText('The machine said').waitFor();
  await page.keyboard.press('Escape');
  await page.waitForURL(`${app.base}/listening`);

  // The keyboard: k/j move (the closed mention stays highlighted), x selects, i marks irrelevant, s spam.
  await expect.poll(() => laces.getAttribute('data-active')).toBe('true');
  for (let i = 0; i < 5; i++) await page.keyboard.press('k');
  await page.keyboard.press('j');
  const second = rowsOf(page).nth(1);
  await expect.poll(() => second.getAttribute('data-active')).toBe('true');
  const secondId = (await second.getAttribute('data-mention-id'))!;
  await page.keyboard.press('k');
  await expect.poll(() => rowsOf(page).first().getAttribute('data-active')).toBe('true');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect.poll(() => second.getAttribute('data-selected')).toBe('true');
  await page.keyboard.press('x');
  await page.keyboard.press('i');
  await expect.poll(async () => (await query<{ relevance: string }>('SELECT relevance FROM mentions WHERE id = $1', [secondId]))[0]!.relevance).toBe('irrelevant');
  await page.keyboard.press('s');
  await expect.poll(async () => (await query<{ spam_marked: boolean }>('SELECT spam_marked FROM mentions WHERE id = $1', [secondId]))[0]!.spam_marked).toBe(true);
  await rowsOf(page).nth(1).getByText('Spam', { exact: true }).waitFor();
  // Back as it was, so the rest counts five mentions again.
  await app.t.app.inject({ method: 'PATCH', url: `/api/v1/mentions/${secondId}`, headers: as(owner, workspaceId), payload: { spam: null } });

  // Select two with their checkboxes and tag them together.
  await page.getByRole('checkbox', { name: 'Select the mention by Deal Hunter' }).check();
  await page.getByRole('checkbox', { name: 'Select the mention by trailnerd' }).check();
  const bulk = page.getByRole('region', { name: 'Bulk actions' });
  await bulk.getByText('2 selected').waitFor();
  await bulk.getByRole('combobox', { name: 'Tags to add to the selected mentions' }).fill('competitor-watch');
  await bulk.getByRole('combobox', { name: 'Tags to add to the selected mentions' }).press('Enter');
  await bulk.getByRole('button', { name: 'Tag', exact: true }).click();
  await expect
    .poll(async () => (await query<{ external_id: string }>("SELECT external_id FROM mentions WHERE 'competitor-watch' = ANY(tags) ORDER BY external_id")).map((row) => row.external_id))
    .toEqual(['m3', 'm4']);
  await rowsOf(page).filter({ hasText: '#competitor-watch' }).first().waitFor();

  // Save the current filters (negative sentiment) as a view, clear them, and get them back from the view.
  await page.getByRole('combobox', { name: 'Sentiment' }).click();
  await page.getByRole('option', { name: 'Positive' }).click();
  await expect.poll(async () => (await page.getByTestId('mention-count').textContent()) ?? '').toMatch(/match/);
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: /Save the current filters/ }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Happy people');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect.poll(async () => query<{ name: string; filters: Record<string, string> }>('SELECT name, filters FROM saved_views')).toEqual([{ name: 'Happy people', filters: { sentiment: 'positive' } }]);
  await page.getByRole('button', { name: /Remove filter Sentiment/ }).click();
  await expect.poll(() => rowsOf(page).count()).toBe(5);
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Happy people' }).click();
  await page.getByRole('button', { name: /Remove filter Sentiment: positive/ }).waitFor();

  // Link an author to a new contact: the mention then shows the contact.
  await page.getByRole('button', { name: /Remove filter Sentiment/ }).click();
  const ana = rowsOf(page).filter({ hasText: 'zapatillas' });
  const anaId = (await ana.getAttribute('data-mention-id'))!;
  await ana.click();
  await detail.getByRole('button', { name: 'Create contact' }).click();
  await detail.getByRole('link', { name: 'Ana' }).waitFor();
  const [linked] = await query<{ contact_id: string | null }>('SELECT contact_id FROM mentions WHERE id = $1', [anaId]);
  expect(linked!.contact_id).toMatch(/^ct_/);
  expect(await query('SELECT 1 FROM interactions WHERE contact_id = $1 AND source_id = $2', [linked!.contact_id, anaId])).toHaveLength(1);
  await page.keyboard.press('Escape');
  await page.waitForURL(`${app.base}/listening`);

  // A new post while the page is open appears at the top of the list.
  await ingest([{ externalId: 'm6', text: 'Zephyr customer service replied in minutes, impressed', channel: 'bluesky', author: author('quickfan.bsky.social', 'Quick Fan', 90), publishedAt: new Date().toISOString() }]);
  await expect.poll(async () => (await rowsOf(page).first().textContent()) ?? '', { timeout: 15_000 }).toContain('replied in minutes');
  await shot(page, 'mentions-list-small-light');
  await context.close();
});

it('shows the explorer with the demo workspace, in light and dark; new mentions wait while scrolled down', async () => {
  const demoId = await seedDemoWorkspace(app.t, owner.id);
  // Some corrections and a trained model, so "Learning" has something to show.
  const sample = await api<{ id: string; text: string; sentiment: { machineLabel: string } }[]>('GET', '/mentions?limit=80&spam=exclude', undefined, demoId);
  for (const mention of sample) {
    const label = /love|great|best|better|genial|encanta/i.test(mention.text) ? 'positive' : mention.sentiment.machineLabel;
    const response = await app.t.app.inject({ method: 'PATCH', url: `/api/v1/mentions/${mention.id}`, headers: as(owner, demoId), payload: { sentiment: label } });
    expect(response.statusCode).toBe(200);
  }
  await trainWorkspaceModel(app.t.db.database.db, demoId, 'sentiment');

  for (const scheme of ['light', 'dark'] as const) {
    const { context, page } = await newPage(scheme, demoId);
    await page.goto(`${app.base}/listening`);
    await expect.poll(() => rowsOf(page).count(), { timeout: 15_000 }).toBeGreaterThan(4);
    await shot(page, `mentions-list-${scheme}`);
    if (scheme === 'light') {
      // Scrolling to the end of the loaded rows fetches the next page by cursor.
      await page.getByTestId('mention-count').getByText('50+ mentions').waitFor();
      await page.getByRole('list', { name: 'Mentions' }).evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
      await expect.poll(async () => (await page.getByTestId('mention-count').textContent()) ?? '').toMatch(/^(100|[1-9]\d{2,})\+? mentions/);
      await page.getByRole('list', { name: 'Mentions' }).evaluate((list) => list.scrollTo({ top: 0 }));
      // The rest of the filters: influence (author followers) and a date range.
      await page.getByRole('button', { name: 'More filters' }).click();
      await page.getByRole('textbox', { name: 'Author followers at least' }).fill('1000');
      await page.getByRole('button', { name: /Remove filter ≥ 1,000 followers/ }).waitFor();
      await page.getByRole('button', { name: 'Published' }).click();
      await shot(page, 'mentions-filters-light');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /Remove filter ≥ 1,000 followers/ }).click();
    }
    await rowsOf(page).nth(1).click();
    await page.getByTestId('mention-detail').waitFor();
    await shot(page, `mentions-detail-${scheme}`);
    await page.keyboard.press('Escape');
    // The filter removed just before the row was clicked stays removed when the mention closes.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/listening');
    expect(new URL(page.url()).searchParams.get('minFollowers')).toBeNull();
    await page.keyboard.press('?');
    await page.getByText('Keyboard shortcuts').first().waitFor();
    if (scheme === 'light') await shot(page, 'mentions-help-light');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'What the model learned' }).click();
    await page.getByTestId('model-sentiment').waitFor();
    await shot(page, `mentions-model-${scheme}`);
    await page.keyboard.press('Escape');

    if (scheme === 'dark') {
      await page.getByRole('textbox', { name: 'Search mentions' }).fill('xylophone quokka');
      await page.getByText('No mention matches').waitFor();
      await shot(page, 'mentions-no-match-dark');
    }

    if (scheme === 'light') {
      // Scrolled down, a new mention waits behind a button instead of pushing the rows being read.
      const list = page.getByRole('list', { name: 'Mentions' });
      await list.evaluate((element) => element.scrollTo({ top: 1500 }));
      await expect.poll(() => list.getAttribute('data-at-top')).toBe('false');
      // The news travels over the workspace's socket: it must be up (a reconnect refetches instead).
      await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
      // A fresh id per attempt, so a retry is not a re-delivery of the same post.
      const live = await ingest([{ externalId: `live-${Date.now()}`, text: '@LumenCoffee your new oat latte is lovely', channel: 'twitter', author: author('oatfan', 'Oat Fan', 310), publishedAt: new Date().toISOString() }], demoId);
      expect(live.mentionIds).toHaveLength(1);
      const banner = page.getByRole('button', { name: '1 new mention' });
      await banner.waitFor({ timeout: 30_000 });
      expect(await rowsOf(page).filter({ hasText: 'oat latte is lovely' }).count()).toBe(0);
      await shot(page, 'mentions-new-banner-light');
      await banner.click();
      await expect.poll(async () => (await rowsOf(page).first().textContent()) ?? '').toContain('oat latte is lovely');
    }
    await context.close();
  }
});
