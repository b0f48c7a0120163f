// Reply buttons in a real Chromium: on a Telegram conversation the composer's "Buttons" control takes
// two titles from the keyboard (Enter adds, × removes), shows them as chips under the text, and the
// reply goes out with them: the sent bubble shows its buttons, and the API stored them. A web chat
// conversation offers no Buttons control. Screenshot: /tmp/shots/reply-buttons.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { receiveMessage } from '../../src/modules/inbox/commands/receive-message.js';
import { openSignedIn, screenshot, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';
import { createChannel } from '../helpers/inbox.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let owner: TestUser;
let workspaceId: string;
let telegramConversation: string;
let webchatConversation: string;

const customerWrites = async (channelId: string, thread: string, channel: 'telegram' | 'webchat') =>
  (
    await receiveMessage(app.t.db.database.db, {
      workspaceId,
      channelId,
      externalThreadId: thread,
      externalMessageId: `${thread}:1`,
      sender: { identity: { channel, externalId: `person-${thread}`, displayName: 'Ana Costa' }, name: 'Ana Costa' },
      text: 'My parcel has not arrived.',
    })
  ).conversationId;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  // No worker runs: the reply stays queued, which is all the composer and the bubble need.
  telegramConversation = await customerWrites(await createChannel(app.t, workspaceId, { type: 'telegram', name: 'Support bot' }), 'tg-1', 'telegram');
  webchatConversation = await customerWrites(await createChannel(app.t, workspaceId, { type: 'webchat', name: 'Website chat' }), 'wc-1', 'webchat');
});

afterAll(async () => app?.close());

it('adds two buttons from the keyboard, sends them with the reply, and the sent bubble shows them', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/inbox/${telegramConversation}`);
  const view = page.getByTestId('conversation-view');
  await view.getByTestId('inbound-message').getByText('My parcel has not arrived.').waitFor();

  await view.getByRole('textbox', { name: 'Reply' }).fill('Did the new parcel arrive?');
  await view.getByRole('button', { name: 'Buttons' }).click();
  const title = view.getByRole('textbox', { name: 'Button title' });
  await expect.poll(() => title.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true);
  for (const name of ['Yes, thanks', 'Not yet', 'Oops']) {
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
  }
  const chips = view.getByRole('list', { name: 'Reply buttons' }).getByRole('listitem');
  await expect.poll(() => chips.allTextContents()).toEqual(['Yes, thanks', 'Not yet', 'Oops']);
  await view.getByRole('button', { name: 'Remove button Oops' }).click();
  await expect.poll(() => chips.allTextContents()).toEqual(['Yes, thanks', 'Not yet']);
  await screenshot(page, SHOTS, 'reply-buttons-composer');

  // Ctrl+Enter in the title field sends, as in the text area.
  await title.focus();
  await page.keyboard.press('Control+Enter');
  const bubble = view.getByTestId('outbound-message').filter({ hasText: 'Did the new parcel arrive?' });
  await bubble.waitFor();
  await expect.poll(() => bubble.getByTestId('message-buttons').locator('.mantine-Badge-root').allTextContents()).toEqual(['Yes, thanks', 'Not yet']);
  await expect.poll(() => chips.count()).toBe(0);
  await screenshot(page, SHOTS, 'reply-buttons');

  const [stored] = (await app.t.db.database.pool.query('SELECT data FROM messages WHERE conversation_id = $1 AND direction = $2', [telegramConversation, 'outbound'])).rows as { data: unknown }[];
  expect(stored?.data).toEqual({ interactive: { type: 'buttons', buttons: [{ id: 'yes-thanks', title: 'Yes, thanks' }, { id: 'not-yet', title: 'Not yet' }] } });

  // Web chat shows no buttons: the composer offers none.
  await page.goto(`${app.base}/inbox/${webchatConversation}`);
  await view.getByTestId('inbound-message').getByText('My parcel has not arrived.').waitFor();
  await view.getByRole('textbox', { name: 'Reply' }).waitFor();
  expect(await view.getByRole('button', { name: 'Buttons' }).count()).toBe(0);
  await context.close();
});
