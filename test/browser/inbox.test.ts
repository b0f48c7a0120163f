// The inbox in a real Chromium: the empty state, conversations seeded through receiveMessage shown in
// the queue, a new inbound message arriving live, opening one, replying (sent by the worker through
// the channel's driver), a note with an @mention picked from the list, resolving with "e", bulk
// assigning two, and who else is viewing. Screenshots (empty, queue, conversation, dark) go to
// /tmp/shots/.
import { mkdirSync } from 'node:fs';
import type { Runner } from 'graphile-worker';
import type { Locator, Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { channels } from '../../src/db/schema.js';
import { startWorker } from '../../src/jobs/worker.js';
import { newId } from '../../src/lib/ids.js';
import { ChannelSendError } from '../../src/modules/channels/driver.js';
import { registerChannelDriver } from '../../src/modules/channels/registry.js';
import { receiveMessage } from '../../src/modules/inbox/commands/receive-message.js';
import { insertMember } from '../../src/modules/workspaces/repository.js';
import { openSignedIn, screenshot, startBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { as, createUser, createWorkspaceWithOwner, PASSWORD, type TestUser } from '../helpers/factories.js';

const SHOTS = '/tmp/shots';
let app: BrowserApp;
let worker: Runner;
let owner: TestUser;
let dana: TestUser;
let danaMemberId: string;
let workspaceId: string;
let channelId: string;
/** The fake platform refuses the first send of the message with this text, as a real one can (the test then retries it). */
let refuseOnce: string | null = null;

const api = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: Record<string, unknown>): Promise<T> => {
  const response = await app.t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return (response.json() as { data: T }).data;
};
const shot = (page: Page, name: string) => screenshot(page, SHOTS, name);
const rows = (page: Page) => page.getByTestId('conversation-row');
// A key that opens a field moves the focus on the next frame; what is typed before that goes to the page's shortcuts.
const focused = (field: Locator) => expect.poll(() => field.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true);
let sequence = 0;
const inbound = (thread: string, name: string, text: string, extra: { followers?: number } = {}) =>
  receiveMessage(app.t.db.database.db, {
    workspaceId,
    channelId,
    externalThreadId: thread,
    externalMessageId: `msg-${(sequence += 1)}`,
    sender: { identity: { channel: 'telegram', externalId: `visitor-${thread}`, displayName: name, ...(extra.followers ? { followers: extra.followers } : {}) }, name },
    text,
  });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startBrowserApp();
  const acme = await createWorkspaceWithOwner(app.t, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  dana = await createUser(app.t, { name: 'Dana Expert' });
  danaMemberId = (await insertMember(app.t.db.database.db, { id: newId('mem'), workspaceId, userId: dana.id, role: 'agent' }))!.id;
  // The platform is the only thing faked: a Telegram account whose driver accepts sends (or refuses one).
  channelId = newId('ch');
  await app.t.db.database.db.insert(channels).values({ id: channelId, workspaceId, type: 'telegram', name: 'Support bot' });
  registerChannelDriver({
    type: 'telegram',
    send: (_context, message) => {
      if (refuseOnce !== null && message.text === refuseOnce) {
        refuseOnce = null;
        return Promise.reject(new ChannelSendError('permanent', 'Telegram refused the message: chat not found'));
      }
      return Promise.resolve({ externalId: `tg-${message.messageId}`, status: 'sent' });
    },
  });
  // Replies are sent in the background, as in production, through the worker.
  worker = await startWorker({ pool: app.t.db.database.pool, db: app.t.db.database.db, concurrency: 1, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
});

it('shows what to do when there is no conversation yet', async () => {
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/inbox`);
  await page.getByText('No conversations yet').waitFor();
  expect(await page.getByRole('link', { name: 'Connect a channel' }).getAttribute('href')).toBe('/settings/channels');
  await shot(page, 'inbox-empty');
  // The agent says they are away: assignment then leaves them out.
  await page.getByRole('button', { name: /Your availability/ }).click();
  await page.getByRole('menuitem', { name: /Away/ }).click();
  await expect.poll(async () => (await api<{ availability: string }>('GET', '/agent-status')).availability).toBe('away');
  await page.getByRole('button', { name: 'Your availability: Away' }).waitFor();
  await context.close();
});

it('lists conversations live, opens one, replies, notes with an @mention and resolves from the keyboard', async () => {
  const lena = await inbound('t-lena', 'Lena Park', 'My order #1042 has not arrived, can you check?');
  const tomas = await inbound('t-tomas', 'Tomás Ruiz', 'Do you ship to Portugal?');
  // SLA clocks as a policy would have set them: Lena's first response is overdue, Tomás's due soon.
  const pool = app.t.db.database.pool;
  await pool.query(`UPDATE conversations SET first_response_due_at = now() - interval '5 minutes', sla_breached = '{first_response}' WHERE id = $1`, [lena.conversationId]);
  await pool.query(`UPDATE conversations SET first_response_due_at = now() + interval '20 minutes' WHERE id = $1`, [tomas.conversationId]);
  await api('POST', '/canned-responses', { name: 'Sorry', shortcut: 'sorry', body: 'Hi {{contact.first_name}}, sorry for the trouble!' });
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'light', workspaceId);
  await page.goto(`${app.base}/inbox`);
  await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2);

  // A customer writes while the queue is open: the conversation appears without a reload.
  await inbound('t-ana', 'Ana Costa', 'Hi! The zip on my jacket broke after a week.');
  await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);
  await expect.poll(() => rows(page).first().textContent()).toContain('Ana Costa');
  const slaOf = (conversationId: string) => page.locator(`[data-conversation-id="${conversationId}"]`).getByTestId('sla-badge').textContent();
  expect(await slaOf(lena.conversationId)).toBe('SLA breached');
  expect(await slaOf(tomas.conversationId)).toMatch(/in (19|20) minutes/);
  await shot(page, 'inbox-queue');

  // Open it from the keyboard: j highlights the first row, Enter opens it.
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  const view = page.getByTestId('conversation-view');
  await view.waitFor();
  await expect.poll(() => page.url()).toMatch(/\/inbox\/cv_\w+/);
  await view.getByTestId('inbound-message').getByText('The zip on my jacket broke').waitFor();

  // Reply with r, send with Ctrl+Enter: the worker sends it and the bubble says so.
  await page.keyboard.press('r');
  await focused(view.getByRole('textbox', { name: 'Reply' }));
  await page.keyboard.type('Sorry about that, Ana! A new jacket is on its way.');
  await page.keyboard.press('Control+Enter');
  const reply = view.getByTestId('outbound-message').filter({ hasText: 'A new jacket is on its way' });
  await reply.waitFor();
  await expect.poll(() => reply.getByTestId('message-status').getAttribute('data-status'), { timeout: 15_000 }).toMatch(/sent|delivered|read/);

  // "/" opens the canned responses; the chosen one comes with the contact's first name filled in.
  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await focused(view.getByRole('textbox', { name: 'Reply' }));
  await page.keyboard.type('sor');
  await page.getByRole('option', { name: /\/sorry/ }).waitFor();
  await page.keyboard.press('Enter');
  // Typed on while the server fills it in: the keys stay, after the response.
  await page.keyboard.type(' See below.');
  await expect.poll(() => view.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Hi Ana, sorry for the trouble! See below.');
  await page.keyboard.press('Control+Enter');
  await view.getByTestId('outbound-message').filter({ hasText: 'Hi Ana, sorry for the trouble! See below.' }).waitFor();

  // The platform refuses the next one: it shows failed, in red, with a Retry that sends it.
  refuseOnce = 'Tracking number follows.';
  await page.keyboard.type('Tracking number follows.');
  await page.keyboard.press('Control+Enter');
  const refused = view.getByTestId('outbound-message').filter({ hasText: 'Tracking number follows.' });
  await refused.getByText('Not sent: Telegram refused the message: chat not found').waitFor({ timeout: 30_000 });
  await refused.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => refused.getByTestId('message-status').getAttribute('data-status'), { timeout: 15_000 }).toMatch(/sent|delivered|read/);

  // A note mentioning Dana, picked from the list that "@" opens.
  await page.keyboard.press('n');
  await focused(view.getByRole('textbox', { name: 'Internal note' }));
  await page.keyboard.type('Can you confirm the replacement, @Dan');
  await page.getByRole('option', { name: /Dana Expert/ }).waitFor();
  await page.keyboard.press('Enter');
  // Typed at once after the pick, as a quick hand would: every key lands after the mention, in order.
  await page.keyboard.type('please?');
  await page.keyboard.press('Control+Enter');
  const note = view.getByTestId('note');
  await note.waitFor();
  expect(await note.textContent()).toContain('Can you confirm the replacement, @Dana Expert please?');
  const conversationId = page.url().split('/inbox/')[1]!.split('?')[0]!;
  const messages = await api<{ kind: string; mentionedMemberIds: string[] }[]>('GET', `/conversations/${conversationId}/messages`);
  expect(messages.find((message) => message.kind === 'note')?.mentionedMemberIds).toEqual([danaMemberId]);
  await shot(page, 'inbox-conversation');

  // "?" lists the keys.
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Resolve').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });

  // Resolve with e.
  await page.keyboard.press('e');
  await expect.poll(async () => (await api<{ status: string }>('GET', `/conversations/${conversationId}`)).status).toBe('resolved');
  await view.getByRole('button', { name: 'Reopen' }).waitFor();
  await context.close();
});

it('bulk-assigns two conversations, assigns, labels and snoozes from the keyboard, shows who else is viewing, and splits a conversation', async () => {
  await inbound('t-mia', 'Mia Wong', 'Is the blue jacket back in stock?');
  await inbound('t-noah', 'Noah Berg', 'Can I change the delivery address?');
  const { context, page } = await openSignedIn(app, owner, PASSWORD, 'dark', workspaceId);
  await page.goto(`${app.base}/inbox`);
  await expect.poll(() => rows(page).first().textContent(), { timeout: 10_000 }).toContain('Noah Berg');
  // Select the first two with x.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  const bulk = page.getByRole('region', { name: 'Bulk actions' });
  await bulk.getByText('2 selected').waitFor();
  const ids = await Promise.all([0, 1].map((index) => rows(page).nth(index).getAttribute('data-conversation-id')));
  await bulk.getByRole('button', { name: 'Assign' }).click();
  await page.getByRole('menuitem', { name: 'Dana Expert' }).click();
  for (const id of ids) await expect.poll(async () => (await api<{ assignee: { memberId: string } | null }>('GET', `/conversations/${id}`)).assignee?.memberId).toBe(danaMemberId);
  await expect.poll(() => rows(page).nth(0).textContent()).toContain('Dana Expert');
  // The bar leaves once the change is made; until then the focus may be on its Assign button, whose Enter is its own.
  await bulk.waitFor({ state: 'detached' });

  // Open the second one with Enter, take it with a, label it with l, snooze it with s.
  await page.keyboard.press('Enter');
  const view = page.getByTestId('conversation-view');
  await view.waitFor();
  await page.keyboard.press('a');
  await expect.poll(async () => (await api<{ assignee: { name: string } | null }>('GET', `/conversations/${ids[1]}`)).assignee?.name).toBe('Olivia Owner');
  await page.keyboard.press('l');
  // Typed before the field has the focus, "s" would snooze: wait for it.
  await focused(page.getByRole('combobox', { name: 'Labels' }));
  await page.keyboard.type('shipping');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save labels' }).click();
  await expect.poll(async () => (await api<{ labels: string[] }>('GET', `/conversations/${ids[1]}`)).labels).toEqual(['shipping']);
  // Keys wait while a dropdown is on screen, so let the labels' one close first.
  await page.getByRole('button', { name: 'Save labels' }).waitFor({ state: 'detached' });
  await page.keyboard.press('s');
  await page.getByRole('menuitem', { name: 'For an hour' }).click();
  await expect.poll(async () => (await api<{ status: string }>('GET', `/conversations/${ids[1]}`)).status).toBe('snoozed');

  // Dana opens the first one: the owner's screen says she is there.
  await rows(page).first().click();
  await expect.poll(() => view.getAttribute('data-conversation-id')).toBe(ids[0]);
  const danaSession = await openSignedIn(app, dana, PASSWORD, 'light', workspaceId);
  await danaSession.page.goto(`${app.base}/inbox/${ids[0]}`);
  await danaSession.page.getByTestId('conversation-view').waitFor();
  await page.getByTestId('collision-banner').getByText('Dana Expert is viewing').waitFor({ timeout: 10_000 });
  await danaSession.page.getByRole('textbox', { name: 'Reply' }).click();
  await danaSession.page.keyboard.type('Looking');
  await page.getByTestId('collision-banner').getByText('Dana Expert is typing…').waitFor({ timeout: 10_000 });
  // The customer writes again: the open thread shows it without a reload.
  await inbound('t-noah', 'Noah Berg', 'Also, the door code is 4721.');
  await view.getByTestId('inbound-message').filter({ hasText: 'the door code is 4721' }).waitFor({ timeout: 10_000 });
  await shot(page, 'inbox-conversation-dark');
  await danaSession.context.close();

  // That second question is a topic of its own: split it off into a new conversation.
  const doorCode = view.getByTestId('inbound-message').filter({ hasText: 'the door code is 4721' });
  await doorCode.hover();
  await doorCode.getByRole('button', { name: 'Split from here' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Split' }).click();
  await expect.poll(() => view.getAttribute('data-conversation-id'), { timeout: 10_000 }).not.toBe(ids[0]);
  await view.getByTestId('inbound-message').filter({ hasText: 'the door code is 4721' }).waitFor();
  expect(await view.getByTestId('inbound-message').count()).toBe(1);
  await context.close();
});
