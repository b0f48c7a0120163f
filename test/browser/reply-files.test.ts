// Files on a reply in a real Chromium: on a web chat conversation the paperclip, reached with Tab from the
// reply box and opened with Enter, picks a PNG; it uploads and shows as a chip with its name and size; the
// reply goes out with it and the sent bubble shows the image, served to the signed-in agent byte for byte.
// A file the server refuses stays as a red chip with the server's reason. Screenshot: /tmp/shots/reply-files.png.
import { randomBytes } from 'node:crypto';
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
let conversationId: string;
// A real 1×1 PNG, with random bytes after its end so the download is known to be this very file.
const png = Buffer.concat([
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
  randomBytes(300),
]);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  const channelId = await createChannel(app.t, workspaceId, { type: 'webchat', name: 'Website chat' });
  // No worker runs: the reply stays queued, which is all the composer and the bubble need.
  conversationId = (
    await receiveMessage(app.t.db.database.db, {
      workspaceId,
      channelId,
      externalThreadId: 'wv_visitor1:1',
      externalMessageId: 'wv_visitor1:1:1',
      sender: { identity: { channel: 'webchat', externalId: 'wv_visitor1', displayName: 'Ana Costa' }, name: 'Ana Costa' },
      text: 'Can you send me the invoice?',
    })
  ).conversationId;
});

afterAll(async () => app?.close());

it('attaches a file with the paperclip from the keyboard, sends it, and the sent bubble shows it', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/inbox/${conversationId}`);
  const view = page.getByTestId('conversation-view');
  await view.getByTestId('inbound-message').getByText('Can you send me the invoice?').waitFor();

  const reply = view.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Here is your invoice.');
  const paperclip = view.getByRole('button', { name: 'Attach a file' });
  // The reply box's next stop is the paperclip.
  await reply.focus();
  await page.keyboard.press('Tab');
  await expect.poll(() => paperclip.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true);
  // Enter on the paperclip opens the picker. The press goes to the paperclip itself (focused first), so a
  // re-render of the composer under a slow CI machine between the check above and the key cannot send it
  // to the page instead.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), paperclip.press('Enter')]);
  await chooser.setFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: png });

  const chips = view.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
  await expect.poll(() => chips.allTextContents()).toEqual([`invoice.png ${png.length} B`]);
  await expect.poll(() => view.getByRole('progressbar').count()).toBe(0);

  // A type the server does not take: a red chip with its reason, and it is not sent.
  const [refused] = await Promise.all([page.waitForEvent('filechooser'), paperclip.click()]);
  await refused.setFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
  await view.getByRole('alert').filter({ hasText: 'cannot be attached; allowed: image/png' }).waitFor();
  await screenshot(page, SHOTS, 'reply-files-composer');

  await view.getByRole('button', { name: 'Send' }).click();
  const bubble = view.getByTestId('outbound-message').filter({ hasText: 'Here is your invoice.' });
  const image = bubble.getByRole('img', { name: 'invoice.png' });
  await image.waitFor();
  await expect.poll(() => chips.count()).toBe(0);
  await expect.poll(() => image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
  await screenshot(page, SHOTS, 'reply-files');

  const src = await image.getAttribute('src');
  const download = await context.request.get(`${app.base}${src}`, { headers: { 'x-parley-workspace': workspaceId } });
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(png)).toBe(true);
  const [stored] = (await app.t.db.database.pool.query('SELECT attachments FROM messages WHERE conversation_id = $1 AND direction = $2', [conversationId, 'outbound'])).rows as { attachments: { name: string }[] }[];
  expect(stored?.attachments.map((attachment) => attachment.name)).toEqual(['invoice.png']);
  await context.close();
});
