// WhatsApp's 24-hour window in a real Chromium: a conversation whose customer last wrote 30 hours ago
// shows why free text cannot go out and offers the channel's templates instead — synced from a fake
// Cloud API with the Sync button, searched, one chosen, its variables filled with the preview
// following, sent, and delivered by the worker as a `type: template` call. Screenshots go to /tmp/shots/.
import { mkdirSync } from 'node:fs';
import type { Runner } from 'graphile-worker';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker } from '../../src/jobs/worker.js';
import { SecretBox } from '../../src/lib/secrets.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../src/modules/channels/whatsapp/fake-whatsapp.js';
import { receiveMessage } from '../../src/modules/inbox/commands/receive-message.js';
import { TEST_SECRET } from '../helpers/app.js';
import { openSignedIn, screenshot, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
const PHONE_NUMBER_ID = '1122334455667';
const CUSTOMER = '14155550123';
const TOKEN = 'EAAG-browser-token';
let app: BrowserApp;
let fake: FakeWhatsApp;
let worker: Runner;
let owner: TestUser;
let workspaceId: string;
let conversationId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  fake = await startFakeWhatsApp({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, businessAccountId: 'WABA9' });
  fake.templates.push(
    {
      id: '11',
      name: 'order_shipped',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way.', example: { body_text: [['Ada', '#1234']] } },
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track it', url: 'https://shop.example/track/{{1}}', example: ['https://shop.example/track/AB12'] }] },
      ],
    },
    { id: '12', name: 'appointment_reminder', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'See you on {{1}}.' }] },
  );
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  const response = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: as(owner, workspaceId),
    payload: { type: 'whatsapp', name: 'Support line', config: { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: 'WABA9', apiBaseUrl: fake.url }, credentials: { appSecret: 'secret', verifyToken: 'verify', accessToken: TOKEN } },
  });
  expect(response.statusCode, response.body).toBe(201);
  const channelId = (response.json() as { data: { id: string } }).data.id;
  const received = await receiveMessage(app.t.db.database.db, {
    workspaceId,
    channelId,
    externalThreadId: `${PHONE_NUMBER_ID}:${CUSTOMER}`,
    externalMessageId: 'wamid.OLD',
    sender: { identity: { channel: 'whatsapp', externalId: CUSTOMER, displayName: 'Dana Levi' }, name: 'Dana Levi', phone: `+${CUSTOMER}` },
    text: 'Is my order on its way?',
    occurredAt: new Date(Date.now() - 30 * 3600_000),
  });
  conversationId = received.conversationId;
  worker = await startWorker({ pool: app.t.db.database.pool, db: app.t.db.database.db, concurrency: 1, logger: pino({ level: 'silent' }), secrets: new SecretBox(TEST_SECRET) });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.close();
  await app?.close();
});

it('offers templates instead of free text once the 24-hour window has shut, and sends one with its variables', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/inbox/${conversationId}`);
  await page.getByTestId('template-picker').waitFor();
  await expect.poll(() => page.getByTestId('window-closed').textContent()).toMatch(/more than 24 hours ago/);
  expect(await page.getByRole('textbox', { name: 'Reply' }).count()).toBe(0);

  await page.getByText('No approved templates yet').waitFor();
  await page.getByRole('button', { name: 'Sync' }).click();
  await page.getByRole('button', { name: 'Template order_shipped (en_US)' }).waitFor();
  await page.getByLabel('Search templates').fill('appointment');
  await expect.poll(() => page.getByRole('button', { name: /^Template / }).count()).toBe(1);
  await page.getByLabel('Search templates').fill('shipped');
  await page.getByRole('button', { name: 'Template order_shipped (en_US)' }).click();

  const preview = page.getByTestId('template-preview');
  expect(await preview.textContent()).toContain('Hi {{1}}, your order {{2}} is on its way.');
  await page.getByLabel('{{1}} in the header').fill('#1234');
  await page.getByLabel('{{1}} in the body').fill('Dana');
  await expect.poll(() => page.getByText(/^Fill /).textContent()).toContain('{{2}} of the body');
  expect(await page.getByRole('button', { name: 'Send template' }).isDisabled()).toBe(true);
  await page.getByLabel('{{2}} in the body').fill('#1234');
  await expect.poll(() => page.getByText(/^Fill /).textContent()).toBe('Fill {{1}} in the link of "Track it".');
  await page.getByLabel('{{1}} in the link of "Track it"').fill('AB12');
  await expect.poll(() => preview.textContent()).toBe('Order #1234\n\nHi Dana, your order #1234 is on its way.\n\nReply STOP to opt out');
  await screenshot(page, SHOTS, 'whatsapp-template-picker');

  await page.getByRole('button', { name: 'Send template' }).click();
  await page.getByText('Hi Dana, your order #1234 is on its way.').first().waitFor();
  await expect.poll(() => fake.sent().length, { timeout: 20_000 }).toBe(1);
  expect(fake.sent()[0]).toMatchObject({ to: CUSTOMER, type: 'template', template: { name: 'order_shipped', language: { code: 'en_US' } } });
  expect((fake.sent()[0]!.template as { components: unknown[] }).components).toContainEqual({ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'AB12' }] });
  await screenshot(page, SHOTS, 'whatsapp-template-sent');

  // A note still works outside the window.
  await page.getByRole('radiogroup', { name: 'Reply or internal note' }).getByText('Note').click();
  await page.getByRole('textbox', { name: 'Internal note' }).waitFor();
  await context.close();
});
