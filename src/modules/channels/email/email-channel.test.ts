// The email channel end to end on real servers: Dovecot as the support mailbox (IMAP), smtp-server as
// the outgoing server, PostgreSQL and the app's HTTP API. An email appended to the mailbox is polled
// into a conversation with its contact resolved by address and its file stored; the agent's reply
// goes out threaded; the customer's answer joins the same conversation; nothing is imported twice.
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { Logger, makeWorkerUtils, runOnce, type Task } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../../test/helpers/app.js';
import { as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { SecretBox } from '../../../lib/secrets.js';
import { deliverMessage } from '../../inbox/jobs/send-message.js';
import { freePort, startDovecot, startSmtpCapture, type ImapServer, type SmtpCapture } from './mail-servers.js';
import { pollEmailChannel } from './poll-email-channel.js';
import { pollEmailChannelJob, pollEmailChannelsCron, POLL_EMAIL_CHANNEL_JOB, POLL_EMAIL_CHANNELS_JOB } from './poll-email-job.js';
import type { JobDefinition } from '../../../jobs/define.js';

const IMAP_USER = 'support';
const IMAP_PASSWORD = 'imap-secret-1';
const SMTP = { user: 'support-smtp', password: 'smtp-secret-1' };
const FROM = 'support@shop.example';

let t: TestApp;
let imap: ImapServer;
let smtp: SmtpCapture;
let ws: string;
let owner: TestUser;
const secrets = new SecretBox(TEST_SECRET);
const quietLogger = new Logger(() => () => {});
const deps = () => ({ db: t.db.database.db, secrets });

const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, ws), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: response.json() as { data: Record<string, unknown> & { id: string } } };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];

/** Puts a raw email into the mailbox, as the mail server does when mail arrives. */
async function deliverToMailbox(raw: string, mailbox = 'INBOX') {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: IMAP_USER, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    if (mailbox !== 'INBOX') await client.mailboxCreate(mailbox).catch(() => {});
    await client.append(mailbox, raw);
  } finally {
    await client.logout();
  }
}

async function withMailbox<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: IMAP_USER, pass: IMAP_PASSWORD }, logger: false });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

const email = (headers: string[], body: string) => [...headers, 'MIME-Version: 1.0', ...(headers.some((h) => h.startsWith('Content-Type')) ? [] : ['Content-Type: text/plain; charset=utf-8']), '', body].join('\r\n');
const date = () => new Date().toUTCString();

async function addEmailChannel(name: string, overrides: { config?: Record<string, unknown>; credentials?: Record<string, unknown> } = {}) {
  const created = await api('POST', '/channels', {
    type: 'email',
    name,
    config: { imapHost: imap.host, imapPort: imap.port, imapSecure: false, imapUser: IMAP_USER, smtpHost: smtp.host, smtpPort: smtp.port, smtpSecure: false, smtpUser: SMTP.user, fromAddress: FROM, fromName: 'Shop support', ...overrides.config },
    credentials: { imapPassword: IMAP_PASSWORD, smtpPassword: SMTP.password, ...overrides.credentials },
  });
  expect(created.status).toBe(201);
  return created.body.data.id;
}

beforeAll(async () => {
  [imap, smtp, t] = await Promise.all([startDovecot({ [IMAP_USER]: IMAP_PASSWORD }), startSmtpCapture(SMTP), buildTestApp()]);
  const created = await createWorkspaceWithOwner(t);
  ws = created.workspace.id;
  owner = created.owner;
}, 60_000);
afterAll(async () => {
  await Promise.all([imap?.close(), smtp?.close(), t?.close()]);
});

describe('an email conversation', () => {
  let channelId: string;
  let conversationId: string;
  let replyId: number;
  const pdf = Buffer.from('%PDF-1.4 the photo of a broken mug');

  it('imports a customer email appended to the mailbox as a conversation with the contact found by address', async () => {
    channelId = await addEmailChannel('Support mailbox');
    const stored = await rows<{ credentials: string; config: Record<string, unknown> }>('SELECT credentials, config FROM channels WHERE id = $1', [channelId]);
    expect(stored[0]!.credentials).not.toContain(IMAP_PASSWORD);
    // The customer answers an older email of the shop's (not in Parley): the chain's root names the thread.
    await deliverToMailbox(
      email(
        [
          'From: "Carla Diaz" <Carla.Diaz@customer.example>',
          `To: ${FROM}`,
          'Subject: Re: Your order 1234 has shipped',
          `Date: ${date()}`,
          'Message-ID: <carla-1@customer.example>',
          'In-Reply-To: <shipping-1234@shop.example>',
          'References: <shipping-1234@shop.example>',
          'Content-Type: multipart/mixed; boundary="b1"',
        ],
        [
          '--b1',
          'Content-Type: multipart/alternative; boundary="b2"',
          '',
          '--b2',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'The mug arrived broken. Photo attached.',
          '--b2',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>The mug arrived <b>broken</b>. Photo attached.</p>',
          '--b2--',
          '--b1',
          'Content-Type: application/pdf; name="mug.pdf"',
          'Content-Disposition: attachment; filename="mug.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          pdf.toString('base64'),
          '--b1--',
        ].join('\r\n'),
      ),
    );

    expect(await pollEmailChannel(deps(), ws, channelId)).toEqual({ status: 'polled', imported: 1, skipped: 0, more: false });

    const [conversation] = await rows<{ id: string; subject: string; external_thread_id: string; contact_id: string; channel_type: string }>(
      'SELECT id, subject, external_thread_id, contact_id, channel_type FROM conversations WHERE channel_id = $1',
      [channelId],
    );
    expect(conversation).toMatchObject({ subject: 'Re: Your order 1234 has shipped', external_thread_id: '<shipping-1234@shop.example>', channel_type: 'email' });
    conversationId = conversation!.id;
    const [contact] = await rows<{ email: string; name: string }>('SELECT email, name FROM contacts WHERE id = $1', [conversation!.contact_id]);
    expect(contact).toEqual({ email: 'carla.diaz@customer.example', name: 'Carla Diaz' });
    expect(await rows('SELECT channel, external_id FROM identities WHERE contact_id = $1', [conversation!.contact_id])).toEqual([{ channel: 'email', external_id: 'carla.diaz@customer.example' }]);

    const messages = (await api('GET', `/conversations/${conversationId}/messages`)).body.data as unknown as { text: string; attachments: { name: string; contentType: string; size: number; url: string }[] }[];
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBe('The mug arrived broken. Photo attached.');
    expect(messages[0]!.attachments).toEqual([expect.objectContaining({ name: 'mug.pdf', contentType: 'application/pdf', size: pdf.length })]);
    const file = await t.app.inject({ method: 'GET', url: messages[0]!.attachments[0]!.url, headers: as(owner, ws) });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    const [data] = await rows<{ data: { email: { html: string; references: string[] } } }>('SELECT data FROM messages WHERE conversation_id = $1', [conversationId]);
    expect(data!.data.email.html).toContain('<b>broken</b>');
  });

  it("sends the agent's reply over SMTP threaded under the customer's email, with both bodies", async () => {
    const [inbound] = await rows<{ attachments: Record<string, unknown>[] }>('SELECT attachments FROM messages WHERE conversation_id = $1', [conversationId]);
    const reply = await api('POST', `/conversations/${conversationId}/messages`, {
      text: 'Hello Carla,\n\nSorry about the mug: a new one is on its way <today>.',
      // A stored file goes as an attachment; a file elsewhere as a link.
      attachments: [inbound!.attachments[0], { name: 'Returns policy', contentType: 'application/pdf', size: 1000, url: 'https://shop.example/returns.pdf' }],
    });
    expect(reply.status).toBe(201);
    replyId = Number(reply.body.data.id);
    expect(await deliverMessage(deps(), ws, replyId)).toBe('sent');

    expect(smtp.received).toHaveLength(1);
    const sent = smtp.received[0]!;
    expect(sent).toMatchObject({ from: FROM, to: ['carla.diaz@customer.example'], user: SMTP.user });
    const mail = await simpleParser(sent.raw);
    expect(mail.from?.value).toEqual([{ address: FROM, name: 'Shop support' }]);
    expect(mail.subject).toBe('Re: Your order 1234 has shipped');
    expect(mail.messageId).toBe(`<parley-${replyId}@shop.example>`);
    expect(mail.inReplyTo).toBe('<carla-1@customer.example>');
    expect(mail.references).toEqual(['<shipping-1234@shop.example>', '<carla-1@customer.example>']);
    expect(mail.text?.trim()).toBe('Hello Carla,\n\nSorry about the mug: a new one is on its way <today>.\n\nReturns policy: https://shop.example/returns.pdf');
    expect(mail.html).toBe('<p>Hello Carla,</p>\n<p>Sorry about the mug: a new one is on its way &lt;today&gt;.</p>\n<p>Returns policy: https://shop.example/returns.pdf</p>');
    expect(mail.attachments.map((file) => ({ name: file.filename, type: file.contentType, bytes: file.content.toString() }))).toEqual([{ name: 'mug.pdf', type: 'application/pdf', bytes: pdf.toString() }]);
    const [stored] = await rows<{ status: string; external_id: string }>('SELECT status, external_id FROM messages WHERE id = $1', [replyId]);
    expect(stored).toEqual({ status: 'sent', external_id: `<parley-${replyId}@shop.example>` });
  });

  it("puts the customer's answers in the same conversation, by References or by In-Reply-To alone, and skips automatic mail", async () => {
    const ours = `<parley-${replyId}@shop.example>`;
    await deliverToMailbox(
      email(
        ['From: Carla Diaz <carla.diaz@customer.example>', `To: ${FROM}`, 'Subject: Re: Your order 1234 has shipped', `Date: ${date()}`, 'Message-ID: <carla-2@customer.example>', `In-Reply-To: ${ours}`, `References: <shipping-1234@shop.example> <carla-1@customer.example> ${ours}`],
        'Thank you!\n\n> Sorry about the mug',
      ),
    );
    // Some clients send only In-Reply-To: our Message-ID is enough to find the conversation.
    await deliverToMailbox(email(['From: carla.diaz@customer.example', `To: ${FROM}`, 'Subject: Re: mug', `Date: ${date()}`, 'Message-ID: <carla-3@customer.example>', `In-Reply-To: ${ours}`], 'One more thing: the saucer too.'));
    await deliverToMailbox(email(['From: carla.diaz@customer.example', `To: ${FROM}`, 'Subject: Out of office', `Date: ${date()}`, 'Message-ID: <ooo-1@customer.example>', 'Auto-Submitted: auto-replied'], 'I am away until Monday.'));
    await deliverToMailbox(
      email(['From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>', `To: ${FROM}`, 'Subject: Undelivered Mail', `Date: ${date()}`, 'Message-ID: <bounce-1@mx.customer.example>'], 'Delivery failed.'),
    );

    // A local sender with no address anyone can answer (cron mail) is passed over without holding back the rest.
    await deliverToMailbox(email(['From: root@localhost', `To: ${FROM}`, 'Subject: Cron <root@mail> run-parts', `Date: ${date()}`, 'Message-ID: <cron-1@localhost>'], 'run-parts output'));

    expect(await pollEmailChannel(deps(), ws, channelId)).toEqual({ status: 'polled', imported: 2, skipped: 3, more: false });
    const messages = await rows<{ conversation_id: string; direction: string; text: string }>('SELECT conversation_id, direction, text FROM messages WHERE channel_id = $1 ORDER BY id', [channelId]);
    expect(messages.map((m) => [m.direction, m.text.split('\n')[0]])).toEqual([
      ['inbound', 'The mug arrived broken. Photo attached.'],
      ['outbound', 'Hello Carla,'],
      ['inbound', 'Thank you!'],
      ['inbound', 'One more thing: the saucer too.'],
    ]);
    expect(new Set(messages.map((m) => m.conversation_id))).toEqual(new Set([conversationId]));
    expect(await rows('SELECT 1 FROM conversations WHERE channel_id = $1', [channelId])).toHaveLength(1);
  });

  it('imports nothing twice on the next poll, nor after the cursor is lost', async () => {
    expect(await pollEmailChannel(deps(), ws, channelId)).toEqual({ status: 'polled', imported: 0, skipped: 0, more: false });
    // A config saved without the cursor: the resync reads the mailbox again and finds every email known.
    await t.db.database.pool.query("UPDATE channels SET config = config - 'imapCursor' WHERE id = $1", [channelId]);
    expect(await pollEmailChannel(deps(), ws, channelId)).toEqual({ status: 'polled', imported: 0, skipped: 6, more: false });
    expect(await rows('SELECT 1 FROM messages WHERE channel_id = $1', [channelId])).toHaveLength(4);
  });
});

describe('the mailbox cursor', () => {
  it('resyncs when UIDVALIDITY changes (the mailbox was rebuilt), importing only what is new', async () => {
    const channelId = await addEmailChannel('Rebuilt mailbox', { config: { mailbox: 'Rebuilt' } });
    const first = email(['From: dan@customer.example', `To: ${FROM}`, 'Subject: Hello', `Date: ${date()}`, 'Message-ID: <dan-1@customer.example>'], 'First.');
    await deliverToMailbox(first, 'Rebuilt');
    expect(await pollEmailChannel(deps(), ws, channelId)).toMatchObject({ imported: 1 });
    const [before] = await rows<{ config: { imapCursor: { uidValidity: string; lastUid: number } } }>('SELECT config FROM channels WHERE id = $1', [channelId]);

    await withMailbox(async (client) => {
      await client.mailboxDelete('Rebuilt');
      await client.mailboxCreate('Rebuilt');
    });
    await deliverToMailbox(first, 'Rebuilt');
    await deliverToMailbox(email(['From: dan@customer.example', `To: ${FROM}`, 'Subject: Hello', `Date: ${date()}`, 'Message-ID: <dan-2@customer.example>', 'In-Reply-To: <dan-1@customer.example>'], 'Second.'), 'Rebuilt');

    expect(await pollEmailChannel(deps(), ws, channelId)).toEqual({ status: 'polled', imported: 1, skipped: 1, more: false });
    const [after] = await rows<{ config: { imapCursor: { uidValidity: string; lastUid: number } } }>('SELECT config FROM channels WHERE id = $1', [channelId]);
    expect(after!.config.imapCursor.uidValidity).not.toBe(before!.config.imapCursor.uidValidity);
    expect(after!.config.imapCursor.lastUid).toBe(2);
    expect(await rows<{ text: string }>('SELECT text FROM messages WHERE channel_id = $1 ORDER BY id', [channelId])).toEqual([{ text: 'First.' }, { text: 'Second.' }]);
    expect(await rows('SELECT DISTINCT conversation_id FROM messages WHERE channel_id = $1', [channelId])).toHaveLength(1);
  });
});

describe('a backlog', () => {
  it('imports at most the run limit and says more is waiting, the next run taking the rest in order', async () => {
    const channelId = await addEmailChannel('Backlog', { config: { mailbox: 'Backlog' } });
    for (const n of [1, 2, 3]) await deliverToMailbox(email([`From: fay${n}@customer.example`, `To: ${FROM}`, `Subject: Question ${n}`, `Date: ${date()}`, `Message-ID: <fay-${n}@customer.example>`], `Question ${n}`), 'Backlog');
    expect(await pollEmailChannel(deps(), ws, channelId, { limit: 2 })).toEqual({ status: 'polled', imported: 2, skipped: 0, more: true });
    expect(await pollEmailChannel(deps(), ws, channelId, { limit: 2 })).toEqual({ status: 'polled', imported: 1, skipped: 0, more: false });
    expect(await rows<{ text: string }>('SELECT text FROM messages WHERE channel_id = $1 ORDER BY id', [channelId])).toEqual([{ text: 'Question 1' }, { text: 'Question 2' }, { text: 'Question 3' }]);
    expect(await rows('SELECT 1 FROM conversations WHERE channel_id = $1', [channelId])).toHaveLength(3);
  });
});

describe('IMAP failures', () => {
  it('marks the channel as needing reconnection when the login is refused, until new credentials are saved', async () => {
    const channelId = await addEmailChannel('Wrong password', { credentials: { imapPassword: 'not-the-password' } });
    const outcome = await pollEmailChannel(deps(), ws, channelId);
    expect(outcome).toMatchObject({ status: 'failed', kind: 'credentials' });
    const [channel] = await rows<{ health: string; last_error: string }>('SELECT health, last_error FROM channels WHERE id = $1', [channelId]);
    expect(channel!.health).toBe('needs_reconnect');
    expect(channel!.last_error).toMatch(/refused the login/);
    expect(channel!.last_error).not.toContain('not-the-password');

    // New credentials put it back in the rotation.
    expect((await api('PATCH', `/channels/${channelId}`, { credentials: { imapPassword: IMAP_PASSWORD } })).status).toBe(200);
    expect(await pollEmailChannel(deps(), ws, channelId)).toMatchObject({ status: 'polled' });
  });

  it('leaves the channel healthy when the server cannot be reached, noting the error for the next run', async () => {
    const channelId = await addEmailChannel('Unreachable', { config: { imapPort: await freePort() } });
    const outcome = await pollEmailChannel(deps(), ws, channelId);
    expect(outcome).toMatchObject({ status: 'failed', kind: 'temporary' });
    const [channel] = await rows<{ health: string; last_error: string | null }>('SELECT health, last_error FROM channels WHERE id = $1', [channelId]);
    expect(channel!.health).toBe('ok');
    expect(channel!.last_error).toMatch(/^IMAP: /);
  });
});

describe('SMTP failures', () => {
  let channelId: string;
  let conversationId: string;

  beforeAll(async () => {
    channelId = await addEmailChannel('SMTP failures', { config: { mailbox: 'Failures' } });
    await deliverToMailbox(email(['From: erin@customer.example', `To: ${FROM}`, 'Subject: Question', `Date: ${date()}`, 'Message-ID: <erin-1@customer.example>'], 'Do you ship to Norway?'), 'Failures');
    await pollEmailChannel(deps(), ws, channelId);
    conversationId = (await rows<{ id: string }>('SELECT id FROM conversations WHERE channel_id = $1', [channelId]))[0]!.id;
  });

  const reply = async (text: string) => Number((await api('POST', `/conversations/${conversationId}/messages`, { text })).body.data.id);
  const message = async (id: number) => (await rows<{ status: string; error: string | null; external_id: string | null }>('SELECT status, error, external_id FROM messages WHERE id = $1', [id]))[0]!;

  it('fails the message at once with the server text on a 5xx', async () => {
    smtp.refuseNext({ responseCode: 550, message: '5.1.1 <erin@customer.example>: Recipient address rejected: User unknown' });
    const id = await reply('Yes we do.');
    expect(await deliverMessage(deps(), ws, id)).toBe('failed');
    expect(await message(id)).toMatchObject({ status: 'failed', error: expect.stringContaining('Recipient address rejected: User unknown') });
  });

  it('retries a 4xx and sends later with the same Message-ID', async () => {
    smtp.refuseNext({ responseCode: 451, message: '4.7.1 Greylisted, try again later' });
    const id = await reply('We ship to Norway in 3 days.');
    const now = new Date();
    expect(await deliverMessage(deps(), ws, id, now)).toBe('retrying');
    expect(await message(id)).toMatchObject({ status: 'queued', error: expect.stringContaining('Greylisted') });
    const before = smtp.received.length;
    expect(await deliverMessage(deps(), ws, id, new Date(now.getTime() + 10_000))).toBe('sent');
    expect(smtp.received).toHaveLength(before + 1);
    expect((await simpleParser(smtp.received.at(-1)!.raw)).messageId).toBe(`<parley-${id}@shop.example>`);
  });

  it('marks the channel as needing reconnection when the SMTP login is refused', async () => {
    expect((await api('PATCH', `/channels/${channelId}`, { credentials: { imapPassword: IMAP_PASSWORD, smtpPassword: 'wrong' } })).status).toBe(200);
    const id = await reply('Anything else?');
    expect(await deliverMessage(deps(), ws, id)).toBe('failed');
    expect(await message(id)).toMatchObject({ status: 'failed', error: expect.stringContaining('refused the login') });
    expect((await rows<{ health: string }>('SELECT health FROM channels WHERE id = $1', [channelId]))[0]!.health).toBe('needs_reconnect');
  });
});

describe('the worker', () => {
  const task = (job: JobDefinition): Task => async (payload, helpers) => job.handler(job.payload.parse(payload ?? {}), deps(), helpers);

  it('fans the cron out to one keyed poll job per healthy channel, even when two crons race, and the polls import the mail', async () => {
    const channelId = await addEmailChannel('Worker', { config: { mailbox: 'Worker' } });
    await deliverToMailbox(email(['From: gus@customer.example', `To: ${FROM}`, 'Subject: Via the worker', `Date: ${date()}`, 'Message-ID: <gus-1@customer.example>'], 'Hello worker.'), 'Worker');
    const pool = t.db.database.pool;
    const utils = await makeWorkerUtils({ pgPool: pool });
    try {
      await utils.addJob(POLL_EMAIL_CHANNELS_JOB, {});
      await utils.addJob(POLL_EMAIL_CHANNELS_JOB, {});
      // The crons alone first: the poll jobs they queue stay to be looked at.
      await runOnce({ pgPool: pool, taskList: { [POLL_EMAIL_CHANNELS_JOB]: task(pollEmailChannelsCron) }, logger: quietLogger });
    } finally {
      await utils.release();
    }
    const queued = await rows<{ key: string; queue_name: string; payload: { channelId: string; workspaceId: string } }>(
      `SELECT j.key, q.queue_name, j.payload FROM graphile_worker._private_jobs j
         JOIN graphile_worker._private_tasks k ON k.id = j.task_id
         LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
        WHERE k.identifier = $1 ORDER BY j.key`,
      [POLL_EMAIL_CHANNEL_JOB],
    );
    const healthy = await rows<{ id: string }>("SELECT id FROM channels WHERE type = 'email' AND enabled AND health <> 'needs_reconnect' ORDER BY id");
    expect(queued.map((job) => job.payload.channelId).sort()).toEqual(healthy.map((channel) => channel.id).sort());
    expect(queued.map((job) => job.payload.channelId)).toContain(channelId);
    for (const job of queued) expect(job).toEqual({ key: `${POLL_EMAIL_CHANNEL_JOB}:${job.payload.channelId}`, queue_name: `email:${job.payload.channelId}`, payload: { workspaceId: ws, channelId: job.payload.channelId } });
    // The channel whose SMTP login was refused waits for new credentials.
    const [refused] = await rows<{ id: string }>("SELECT id FROM channels WHERE name = 'SMTP failures'");
    expect(queued.map((job) => job.payload.channelId)).not.toContain(refused!.id);

    await runOnce({ pgPool: pool, taskList: { [POLL_EMAIL_CHANNEL_JOB]: task(pollEmailChannelJob) }, logger: quietLogger });
    expect(await rows('SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = $1', [POLL_EMAIL_CHANNEL_JOB])).toEqual([]);
    expect(await rows<{ text: string }>('SELECT text FROM messages WHERE channel_id = $1', [channelId])).toEqual([{ text: 'Hello worker.' }]);
  });
});
