// The agent tools' settings screens in a real Chromium: canned responses (empty state, editor with
// the variable picker, a typo caught live, the preview against a sample contact, search) and the
// knowledge library (an article and a video demo, search, the kind filter). Screenshots in /tmp/shots/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSignedIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;

async function api<T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<T> {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Zephyr Shoes');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  await api('POST', '/custom-fields', { entity: 'contact', key: 'tier', label: 'Loyalty tier', type: 'text' });
});

afterAll(async () => {
  await app?.close();
});

it('writes a canned response with the variable picker, catching a typo live, and finds it by search', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/settings/canned-responses`);
  await page.getByText('No canned responses yet').waitFor();
  await shot(page, 'canned-responses-empty');

  await page.getByRole('button', { name: 'New canned response' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Refund policy');
  await dialog.getByLabel('Shortcut').fill('/refund');
  const body = dialog.getByRole('textbox', { name: 'Text' });
  await body.fill('Hi ');
  await dialog.getByRole('button', { name: 'Insert variable' }).click();
  await page.getByRole('menuitem', { name: /contact\.first_name/ }).click();
  await body.press('End');
  await body.pressSequentially(', your {{contact.custom.tier}} refund is on its way. — {{agent.nam}}');
  const problems = dialog.getByTestId('variable-problems');
  await problems.waitFor();
  expect(await problems.textContent()).toContain('Did you mean {{agent.name}}?');
  expect(await dialog.getByRole('button', { name: 'Create canned response' }).isDisabled()).toBe(true);
  await shot(page, 'canned-response-typo');

  await body.fill('Hi {{contact.first_name | "there"}}, your {{contact.custom.tier}} refund is on its way.\n— {{agent.first_name}}, {{workspace.name}}');
  await expect.poll(() => dialog.getByTestId('canned-preview').textContent()).toBe('Hi Jo, your [Loyalty tier] refund is on its way.\n— Olivia, Zephyr Shoes');
  expect(await problems.count()).toBe(0);
  await shot(page, 'canned-response-editor');
  await dialog.getByRole('button', { name: 'Create canned response' }).click();
  await dialog.waitFor({ state: 'detached' });

  const table = page.getByRole('table', { name: 'Canned responses' });
  await table.getByText('/refund').waitFor();
  await api('POST', '/canned-responses', { name: 'Greeting', shortcut: 'hello', body: 'Hello {{contact.first_name | "there"}}! How can I help?' });
  await page.reload();
  await table.getByText('/hello').waitFor();
  await shot(page, 'canned-responses-list');

  await page.getByRole('textbox', { name: 'Search canned responses' }).fill('refund');
  await expect.poll(() => table.getByRole('row').count()).toBe(2); // the header and one match
  await page.getByRole('textbox', { name: 'Search canned responses' }).fill('nothing like this');
  await page.getByText('No canned response matches “nothing like this”').waitFor();
  await context.close();
});

it('adds an article and a video demo to the knowledge library and searches it', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/settings/knowledge`);
  await page.getByText('The knowledge library is empty').waitFor();
  await shot(page, 'knowledge-empty');

  await page.getByRole('button', { name: 'Add article or video' }).first().click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill('How refunds work');
  await dialog.getByLabel('Link').fill('https://help.example.com/refunds');
  await dialog.getByLabel('Tags').fill('billing');
  await dialog.getByLabel('Tags').press('Enter');
  await dialog.getByLabel('Text', { exact: true }).fill('We refund the card you paid with within five business days of receiving the return.');
  await dialog.getByRole('button', { name: 'Add article' }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Add article or video' }).first().click();
  dialog = page.getByRole('dialog');
  await dialog.locator('label').filter({ hasText: 'Video demo' }).click();
  await dialog.getByLabel('Title').fill('Lacing your Zephyr runners');
  expect(await dialog.getByRole('button', { name: 'Add video demo' }).isDisabled()).toBe(true);
  await dialog.getByLabel('Video address').fill('https://videos.example.com/lacing');
  await dialog.getByLabel('Tags').fill('shoes');
  await dialog.getByLabel('Tags').press('Enter');
  await shot(page, 'knowledge-editor-video');
  await dialog.getByRole('button', { name: 'Add video demo' }).click();
  await dialog.waitFor({ state: 'detached' });

  const table = page.getByRole('table', { name: 'Knowledge library' });
  await table.getByText('Lacing your Zephyr runners').waitFor();
  await table.getByText('How refunds work').waitFor();
  await shot(page, 'knowledge-list');
  const saved = await api<{ title: string; kind: string; tags: string[]; url: string | null }[]>('GET', '/knowledge-articles');
  expect(saved.map((article) => [article.title, article.kind, article.tags, article.url])).toEqual([
    ['Lacing your Zephyr runners', 'video', ['shoes'], 'https://videos.example.com/lacing'],
    ['How refunds work', 'article', ['billing'], 'https://help.example.com/refunds'],
  ]);

  await page.getByRole('textbox', { name: 'Search the knowledge library' }).fill('refunds');
  await expect.poll(() => table.getByRole('row').count()).toBe(2);
  expect(await table.textContent()).toContain('How refunds work');
  await page.getByRole('textbox', { name: 'Search the knowledge library' }).fill('');
  await page.locator('label').filter({ hasText: 'Video demos' }).click();
  await expect.poll(() => table.textContent()).toContain('Lacing your Zephyr runners');
  expect(await table.getByRole('row').count()).toBe(2);
  await shot(page, 'knowledge-videos');
  await context.close();
});
