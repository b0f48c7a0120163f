// Settings → Channels in a real Chromium: the empty state says what to do; a Telegram bot connected
// from the form shows the webhook URL and made-up secret to give Telegram and "Webhook not verified"
// until a delivery signed with that secret arrives; a delivery it cannot read is listed as a dead
// letter and retried from the screen; a Messenger channel whose token expires in 3 days (after the
// daily check) warns on its card and in its detail; credentials show only as "stored".
// Screenshots in light and dark into /tmp/shots/.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkTokenExpiry } from '../../src/modules/channels/health/check-token-expiry.js';
import { drainWebhookEvents } from '../../src/modules/channels/webhooks/drain-webhook-events.js';
import { openSignedIn, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
const DAY = 86_400_000;
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;

type ChannelJson = { id: string; name: string; type: string; status: { state: string }; webhook: { url: string } | null; storedCredentials: string[] };
const api = async <T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<T> => {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
};
async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Lumen Coffee');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
});
afterAll(async () => app?.close());

it('connects a Telegram bot from the screen, shows its webhook until verified, and warns of an expiring token', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/settings/channels`);
  await page.getByText('No channels yet').waitFor();
  await shot(page, 'channels-empty-light');

  await page.getByRole('button', { name: 'Add channel' }).click();
  await page.getByRole('menuitem', { name: 'Telegram' }).click();
  const form = page.getByTestId('connect-form');
  await form.getByLabel('Channel name').fill('Lumen bot');
  await form.getByLabel('Bot username').fill('lumen_coffee_bot');
  await form.getByLabel('Bot token').fill('123456:ABC-lumen');
  const secret = await form.getByRole('textbox', { name: /^Webhook secret token/ }).inputValue();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  await shot(page, 'channels-connect-telegram-light');
  await form.getByRole('button', { name: 'Connect Telegram' }).click();

  const setup = page.getByTestId('webhook-setup');
  await setup.waitFor();
  const [stored] = await api<ChannelJson[]>('GET', '/channels');
  expect(stored).toMatchObject({ type: 'telegram', name: 'Lumen bot', storedCredentials: ['botToken', 'secretToken'] });
  expect(await setup.getByTestId('webhook-url').textContent()).toBe(`${app.base}/webhooks/telegram/${stored!.id}`);
  expect(await setup.getByTestId('webhook-token').textContent()).toBe(secret);
  await expect.poll(() => page.getByTestId('channel-detail').getByTestId('channel-health').textContent()).toBe('Webhook not verified');
  await page.getByText('No dead letters').waitFor();
  // Stored credentials are never shown, only offered for replacement.
  await page.getByRole('button', { name: 'Replace Bot token' }).waitFor();
  expect(await page.content()).not.toContain('ABC-lumen');
  await shot(page, 'channels-telegram-unverified-light');

  // Telegram's first update, with the secret from the screen: the webhook is verified.
  const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 1730231903, chat: { id: 7, type: 'private', first_name: 'Ana' }, from: { id: 7, is_bot: false, first_name: 'Ana' }, text: 'Hi!' } });
  const delivered = await fetch(`${app.base}/webhooks/telegram/${stored!.id}`, { method: 'POST', body: update, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret } });
  expect(delivered.status).toBe(200);
  await page.reload();
  await expect.poll(() => page.getByTestId('channel-detail').getByTestId('channel-health').textContent()).toBe('Working');

  // An update the parser cannot read becomes a dead letter, listed with its reason and retried from here.
  const broken = JSON.stringify({ update_id: 2, message: 'not an object' });
  expect((await fetch(`${app.base}/webhooks/telegram/${stored!.id}`, { method: 'POST', body: broken, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret } })).status).toBe(200);
  expect(await drainWebhookEvents(app.t.db.database.db, { log: () => {} })).toMatchObject({ processed: 1, dead: 1 });
  await page.reload();
  const deadLetters = page.getByTestId('dead-letters');
  await deadLetters.getByText(broken).waitFor();
  await shot(page, 'channels-dead-letter-light');
  await deadLetters.getByRole('button', { name: 'Retry' }).click();
  await page.getByText('is queued again').waitFor();
  await deadLetters.getByText('No dead letters').waitFor();
  const [requeued] = (await app.t.db.database.pool.query<{ state: string }>('SELECT state FROM webhook_events WHERE channel_id = $1 AND body = $2', [stored!.id, Buffer.from(broken)])).rows;
  expect(requeued).toEqual({ state: 'received' });

  // A Messenger page whose token expires in 3 days, after the daily check.
  const messenger = await api<ChannelJson>('POST', '/channels', {
    type: 'messenger',
    name: 'Lumen Coffee page',
    config: { pageId: '1029384756' },
    credentials: { appSecret: 'app-secret', verifyToken: 'verify-me', accessToken: 'EAAB-page-token' },
    tokenExpiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
  });
  expect(await checkTokenExpiry(app.t.db.database.db)).toMatchObject({ warned: 1 });
  await page.reload();
  const card = page.getByRole('tab', { name: /Lumen Coffee page/ });
  expect(await card.getByTestId('channel-health').textContent()).toBe('Token expires in 3 days');
  await card.click();
  await expect.poll(() => page.url()).toContain(`channel=${messenger.id}`);
  await page.getByTestId('channel-health-panel').getByText('The access token expires in 3 days: replace it before then.').waitFor();
  await page.getByRole('button', { name: 'Replace Page access token' }).waitFor();
  await shot(page, 'channels-token-expiring-light');
  await context.close();

  const dark = await openSignedIn(app, owner, PASSWORD, 'dark', workspaceId);
  await dark.page.goto(`${app.base}/settings/channels?channel=${messenger.id}`);
  await dark.page.getByTestId('channel-health-panel').waitFor();
  await shot(dark.page, 'channels-token-expiring-dark');
  await dark.page.getByRole('tab', { name: /Lumen bot/ }).click();
  await dark.page.getByTestId('webhook-setup').waitFor();
  await shot(dark.page, 'channels-telegram-dark');
  await dark.page.getByRole('button', { name: 'Add channel' }).click();
  await dark.page.getByRole('menuitem', { name: 'WhatsApp' }).click();
  await dark.page.getByTestId('connect-form').getByLabel('Phone number ID').waitFor();
  await shot(dark.page, 'channels-connect-whatsapp-dark');
  await dark.context.close();
});
