// The web chat end to end in two Chromium pages: a customer on a shop's own site (another origin, with
// CSS that would break any widget not in a shadow root) opens the one-script-tag widget, fills the
// pre-chat form and writes; an agent signed in to the inbox sees the conversation arrive live, sees
// the customer typing, answers; the customer sees the agent typing and the reply (sent by the worker
// through the web chat driver); a reload keeps the history. Screenshots in /tmp/shots.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Runner } from 'graphile-worker';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker } from '../../src/jobs/worker.js';
import { webchatHubOf } from '../../src/modules/channels/webchat/webchat-routes.js';
import { openSignedIn, screenshot, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';
import { freePort } from '../helpers/process.js';

const SHOTS = '/tmp/shots';
// The browser's, inside evaluate (the tests' TypeScript has no DOM types).
declare const getComputedStyle: (node: unknown) => { backgroundColor: string; textTransform: string };
let app: BrowserApp;
let worker: Runner;
let owner: TestUser;
let workspaceId: string;
let channelId: string;
let shop: Server;
let shopUrl: string;

const api = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: Record<string, unknown>): Promise<T> => {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
};
const shot = (page: Page, name: string) => screenshot(page, SHOTS, name);

/** The shop's page: the one script tag, and hostile CSS a widget outside a shadow root would inherit. */
const shopPage = (snippet: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Lumen Coffee — Shop</title>
<style>
  body { font-family: Georgia, serif; margin: 0; background: #fdf6ec; color: #3b2f2f; }
  header { background: #3b2f2f; color: #fdf6ec; padding: 18px 40px; font-size: 22px; }
  main { padding: 40px; max-width: 720px; }
  button { background: hotpink !important; font-size: 30px !important; border: 5px dashed lime !important; }
  div { text-transform: uppercase; }
</style></head>
<body><header>Lumen Coffee</header>
<main><h1>Single-origin beans, roasted weekly</h1><p>Free shipping over €40. Questions about your order? Chat with us.</p><button>Add to cart</button></main>
${snippet}
</body></html>`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Lumen Coffee');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  const channel = await api<{ id: string; widget: { snippet: string } }>('POST', '/channels', {
    type: 'webchat',
    name: 'Shop chat',
    config: { title: 'Lumen Coffee', greeting: 'Hi! Ask us anything about your order.', color: '#8c5e3c', prechatFields: ['name', 'email'] },
  });
  channelId = channel.id;
  expect(channel.widget.snippet).toContain(`${app.base}/widget.js`);
  const port = await freePort();
  shopUrl = `http://localhost:${port}`;
  shop = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(shopPage(channel.widget.snippet)));
  await new Promise<void>((resolve) => shop.listen(port, '127.0.0.1', resolve));
  await webchatHubOf(app.t.db.database.pool)!.ready();
  // Replies are sent in the background, as in production, through the worker and the web chat driver.
  worker = await startWorker({ pool: app.t.db.database.pool, db: app.t.db.database.db, concurrency: 1, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => shop?.close(resolve));
  await app?.close();
});

it('a customer on the web chat and an agent in the inbox talk in real time', async () => {
  // The customer's page, on the shop's own origin.
  const customerContext = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const customer = await customerContext.newPage();
  await customer.goto(shopUrl);
  const launcher = customer.getByRole('button', { name: 'Open chat' });
  await launcher.waitFor();
  // The host page's button styles do not reach the widget.
  expect(await launcher.evaluate((node) => getComputedStyle(node).backgroundColor)).toBe('rgb(140, 94, 60)');
  await shot(customer, 'webchat-closed');

  // Nobody online yet: the form comes first, then the widget says the team is away.
  await launcher.click();
  const chat = customer.getByRole('dialog', { name: 'Lumen Coffee' });
  await chat.getByLabel('Name').waitFor();
  await chat.getByLabel('Name').fill('Nora Hansen');
  await chat.getByLabel('Email').fill('nora@example.com');
  await shot(customer, 'webchat-prechat');
  await chat.getByRole('button', { name: 'Start the chat' }).click();
  const box = chat.getByRole('textbox', { name: 'Message' });
  await box.waitFor();
  await chat.getByText('We are away').waitFor();

  // The agent signs in and goes online: the widget follows at once.
  const agent = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await api('PUT', '/agent-status', { availability: 'online' });
  await chat.getByText('We are online').waitFor();
  await agent.page.goto(`${app.base}/inbox`);
  await agent.page.getByText('No conversations yet').waitFor();
  // The agent's browser hears the customer typing on its real-time socket.
  await agent.page.evaluate(`new Promise((resolve) => {
    window.__typing = [];
    const socket = new WebSocket(location.origin.replace('http', 'ws') + '/api/v1/realtime?workspace=${workspaceId}');
    socket.onmessage = (event) => { const e = JSON.parse(event.data); if (e.type === 'conversation.typing') window.__typing.push(e.data); };
    socket.onopen = resolve;
  })`);

  // The customer writes; the conversation appears in the agent's queue without a reload.
  await box.fill('Hi! My order #1042 has not arrived yet.');
  await box.press('Enter');
  const own = chat.locator('[data-from="visitor"]').filter({ hasText: 'order #1042' });
  await expect.poll(() => own.getAttribute('data-status')).toBe('received');
  const row = agent.page.getByTestId('conversation-row').filter({ hasText: 'Nora Hansen' });
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  const view = agent.page.getByTestId('conversation-view');
  await view.getByTestId('inbound-message').getByText('My order #1042 has not arrived yet.').waitFor();

  // Typing, customer to agent (the event on the agent's socket, and the line above the composer) …
  await box.pressSequentially('Also', { delay: 30 });
  await expect.poll(() => agent.page.evaluate('window.__typing.map((t) => t.who + ":" + t.on).join()')).toContain('contact:true');
  await expect.poll(() => view.getByTestId('customer-typing').textContent(), { timeout: 10_000 }).toBe('Nora Hansen is typing…');
  await box.fill('');
  // … and agent to customer.
  const reply = view.getByRole('textbox', { name: 'Reply' });
  await reply.click();
  await reply.pressSequentially('Sorry Nora, ', { delay: 30 });
  await chat.getByText(/Olivia is typing/).waitFor({ timeout: 10_000 });
  await reply.pressSequentially('it left our roastery this morning.');
  await agent.page.keyboard.press('Control+Enter');

  // The worker sends it through the web chat driver: the open widget shows it, the inbox says delivered.
  const answer = chat.locator('[data-from="agent"]').filter({ hasText: 'it left our roastery this morning.' });
  await answer.waitFor({ timeout: 15_000 });
  expect(await answer.textContent()).toContain('Olivia');
  const sent = view.getByTestId('outbound-message').filter({ hasText: 'it left our roastery' });
  await expect.poll(() => sent.getByTestId('message-status').getAttribute('data-status'), { timeout: 15_000 }).toMatch(/delivered|read/);
  // A photo, sent through the socket from the shop's origin.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGklEQVR4nGP4//8/AymYgYGBgWFUw6gG2mgAAFiu/wF0vXcNAAAAAElFTkSuQmCC', 'base64');
  await chat.locator('input[type=file]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
  await chat.getByText('📎 receipt.png').waitFor();
  await box.fill('Great, thank you!');
  await box.press('Enter');
  await chat.locator('[data-from="visitor"] img[alt="receipt.png"]').waitFor();
  await view.getByTestId('inbound-message').getByText('Great, thank you!').waitFor({ timeout: 10_000 });
  const stored = await api<{ text: string; attachments: { name: string }[] }[]>('GET', `/conversations/${await row.getAttribute('data-conversation-id')}/messages`);
  expect(stored.find((message) => message.text === 'Great, thank you!')?.attachments.map((a) => a.name)).toEqual(['receipt.png']);
  // Nor do its inherited ones (the page upper-cases every div).
  expect(await answer.evaluate((node) => getComputedStyle(node).textTransform)).toBe('none');
  await shot(customer, 'webchat-conversation');
  await shot(agent.page, 'webchat-agent-inbox');

  // A reload resumes the same visitor with the whole conversation.
  await customer.reload();
  await customer.getByRole('button', { name: 'Open chat' }).click();
  const again = customer.getByRole('dialog', { name: 'Lumen Coffee' });
  await again.locator('[data-from="agent"]').filter({ hasText: 'it left our roastery' }).waitFor();
  const texts = await again.locator('.msg').allTextContents();
  expect(texts.map((text) => text.replace(/\d\d:\d\d.*$/, '').trim())).toEqual(['Hi! My order #1042 has not arrived yet.', 'OliviaSorry Nora, it left our roastery this morning.', 'Great, thank you!']);
  const conversations = await api<{ id: string }[]>('GET', '/conversations?view=all');
  expect(conversations).toHaveLength(1);

  // Esc closes the panel and gives the focus back to the launcher.
  await again.getByRole('textbox', { name: 'Message' }).focus();
  await customer.keyboard.press('Escape');
  await expect.poll(() => again.isVisible()).toBe(false);

  await agent.context.close();
  await customerContext.close();
});

it('sets a web chat up on the channels screen, with a live preview and the script tag to copy', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/settings/channels`);
  await page.getByRole('heading', { name: 'Shop chat' }).waitFor();
  expect(await page.getByTestId('widget-snippet').textContent()).toBe(`<script src="${app.base}/widget.js" data-channel="${channelId}" async></script>`);
  const preview = page.getByRole('figure', { name: 'Widget preview' });
  await page.getByLabel('Greeting').fill('Hej! Questions about beans or brewing?');
  await preview.getByText('Hej! Questions about beans or brewing?').waitFor();
  await page.getByLabel('Widget title').fill('Lumen Coffee support');
  await preview.getByText('Lumen Coffee support').waitFor();
  await preview.getByText('Away').click();
  await preview.getByText("We're away right now").waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await api<{ config: { greeting: string; title: string } }>('GET', `/channels/${channelId}`)).config).toMatchObject({ greeting: 'Hej! Questions about beans or brewing?', title: 'Lumen Coffee support' });
  await shot(page, 'webchat-channels-screen');

  // A second one from the screen.
  await page.getByRole('button', { name: 'Add channel' }).click();
  await page.getByRole('menuitem', { name: 'Web chat' }).click();
  await page.getByLabel('New channel name').fill('Help center chat');
  await page.getByRole('button', { name: 'Create web chat' }).click();
  await page.getByRole('heading', { name: 'Help center chat' }).waitFor();
  await page.getByRole('tab', { name: 'Shop chat' }).waitFor();
  await context.close();
});
