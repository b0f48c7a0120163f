// The routing rules screen in a real Chromium: the empty state offers the example rule as a
// template, "Test this rule" shows which recent conversations would match and why, the rule is
// created and then routes the next conversation; rules move up and down. Screenshots in /tmp/shots/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { receiveMessage } from '../../src/modules/inbox/commands/receive-message.js';
import { openSignedIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;
let channelId: string;
let socialCare: string;
let billing: string;

async function api<T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>): Promise<T> {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
}
const rows = async <T>(text: string, params: unknown[] = []) => (await app.t.db.database.pool.query(text, params)).rows as T[];

let sequence = 0;
const inbound = (handle: string, followers: number, text: string) => {
  sequence += 1;
  return receiveMessage(app.t.db.database.db, {
    workspaceId,
    channelId,
    externalThreadId: `thread-${sequence}`,
    externalMessageId: `message-${sequence}`,
    sender: { identity: { channel: 'twitter', handle, displayName: handle, followers } },
    text,
  });
};

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  socialCare = (await api<{ id: string }>('POST', '/teams', { name: 'Social Care' })).id;
  billing = (await api<{ id: string }>('POST', '/teams', { name: 'Billing' })).id;
  channelId = (await api<{ id: string }>('POST', '/channels', { type: 'webchat', name: 'Site chat' })).id;
  await inbound('bigvoice', 12_000, 'Your app lost my order, 12k people will hear about it');
  await inbound('smallfry', 40, 'Where do I change my address?');
  await inbound('alsobig', 25_000, 'Love the new release');
});

afterAll(async () => {
  await app?.close();
});

it('starts from the example rule, previews it, creates it, and the next big voice goes to Social Care', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/settings/routing-rules`);
  await page.getByText('No routing rules yet').waitFor();
  await shot(page, 'routing-rules-empty');

  await page.getByRole('button', { name: 'Use the example rule' }).click();
  const drawer = page.getByRole('dialog');
  await expect.poll(() => drawer.getByLabel('Name').inputValue()).toBe('Big voices to Social Care');
  await expect.poll(() => drawer.getByLabel('Team of action 1').inputValue()).toBe('Social Care');
  await drawer.getByRole('button', { name: 'Test this rule' }).click();
  const preview = drawer.getByTestId('rule-preview');
  await preview.getByText('2 of the 3 most recent conversations would match.').waitFor();
  expect(await preview.locator('[data-matched="true"]').count()).toBe(2);
  await preview.locator('[data-matched="false"]').getByText('(is 40)').waitFor();
  await shot(page, 'routing-rules-preview');

  await drawer.getByRole('button', { name: 'Create rule' }).click();
  await page.getByTestId('routing-rules').locator('[data-rule="Big voices to Social Care"]').waitFor();
  expect(await page.getByTestId('routing-rules').textContent()).toContain('Assign to team Social Care · Priority high');

  const routed = await inbound('biggest', 90_000, 'Hello?');
  const [conversation] = await rows<{ team_id: string; priority: string }>('SELECT team_id, priority FROM conversations WHERE id = $1', [routed.conversationId]);
  expect(conversation).toEqual({ team_id: socialCare, priority: 'high' });

  // A second rule, then moved above the first.
  await api('POST', '/routing-rules', { name: 'Refunds', conditions: { match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['refund'] }] }, actions: [{ type: 'add_labels', labels: ['refund'] }] });
  await page.reload();
  await page.locator('[data-rule="Refunds"]').waitFor();
  await page.getByRole('button', { name: 'Move Refunds up' }).click();
  await expect.poll(async () => (await api<{ name: string }[]>('GET', '/routing-rules')).map((rule) => rule.name)).toEqual(['Refunds', 'Big voices to Social Care']);
  await page.getByLabel('Assignment of Social Care').selectOption('round_robin');
  await expect.poll(async () => (await api<{ assignmentMethod: string }>('GET', `/teams/${socialCare}/assignment`)).assignmentMethod).toBe('round_robin');
  await shot(page, 'routing-rules-list');

  // A mistake is explained where it is.
  await page.getByRole('button', { name: 'New rule' }).click();
  await drawer.getByLabel('Name').fill('Nothing to do');
  await drawer.getByRole('button', { name: 'Create rule' }).click();
  await drawer.getByText('The rule cannot be saved yet').waitFor();
  await drawer.getByText('Actions: add at least one action').waitFor();
  await shot(page, 'routing-rules-error');

  // Built by hand: "message text contains any of refund, money back" → Billing, label refund.
  await drawer.getByLabel('Name').fill('Refund requests');
  await drawer.getByRole('button', { name: 'Add condition' }).click();
  await drawer.getByLabel('Field of condition 1').click();
  await page.getByRole('option', { name: 'Message text' }).click();
  const keywords = drawer.getByLabel('Value of condition 1');
  await keywords.fill('refund');
  await keywords.press('Enter');
  await keywords.fill('money back');
  await keywords.press('Enter');
  await drawer.getByRole('button', { name: 'Add action' }).click();
  await drawer.getByLabel('Team of action 1').click();
  await page.getByRole('option', { name: 'Billing' }).click();
  await drawer.getByRole('button', { name: 'Test this rule' }).click();
  await drawer.getByTestId('rule-preview').getByText('0 of the 4 most recent conversations would match.').waitFor();
  await drawer.getByRole('button', { name: 'Create rule' }).click();
  await page.locator('[data-rule="Refund requests"]').waitFor();
  const saved = (await api<{ name: string; conditions: unknown; actions: unknown }[]>('GET', '/routing-rules')).find((rule) => rule.name === 'Refund requests');
  expect(saved?.conditions).toEqual({ match: 'all', conditions: [{ field: 'conversation.text', op: 'contains', value: ['refund', 'money back'] }] });
  expect(saved?.actions).toEqual([{ type: 'assign_team', teamId: billing }]);
  await context.close();

  const dark = await openSignedIn(app, owner, PASSWORD, 'dark', workspaceId);
  await dark.page.goto(`${app.base}/settings/routing-rules`);
  await dark.page.locator('[data-rule="Refund requests"]').waitFor();
  await dark.page.getByRole('button', { name: 'Edit Big voices to Social Care' }).click();
  await dark.page.getByRole('dialog').getByRole('button', { name: 'Test this rule' }).click();
  await dark.page.getByTestId('rule-preview').waitFor();
  await shot(dark.page, 'routing-rules-dark');
  await dark.context.close();
});
