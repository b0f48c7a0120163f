// pollEmailChannel: reads a support mailbox over IMAP and hands each new email to the inbox's
// receiveMessage. New mail is what has a UID above the cursor (UIDVALIDITY + last UID, in the
// channel's config); a new UIDVALIDITY (the mailbox was rebuilt) resyncs the last `backfillDays`,
// which imports nothing twice because messages are stored once per Message-ID. The cursor moves
// after each email, so a run that stops half way resumes where it stopped.
import { ImapFlow } from 'imapflow';
import type { Database } from '../../../db/client.js';
import { newId } from '../../../lib/ids.js';
import type { SecretBox } from '../../../lib/secrets.js';
import type { MessageAttachment } from '../../../db/schema.js';
import { AppError } from '../../../server/errors.js';
import { normalizeEmail } from '../../contacts/identity.js';
import { receiveMessage } from '../../inbox/commands/receive-message.js';
import { openChannelCredentials } from '../settings.js';
import { readEmailSettings, type EmailConfig, type EmailCredentials, type ImapCursor } from './email-settings.js';
import { parseEmail, threadRootOf, type ParsedEmail } from './parse-email.js';
import * as repo from './repository.js';

/** Emails imported per run; the job queues the next run at once when more are waiting. */
export const EMAILS_PER_RUN = 50;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 20;
const MAX_HTML_CHARS = 500_000;

export type PollOutcome =
  | { status: 'polled'; imported: number; skipped: number; more: boolean }
  | { status: 'failed'; kind: 'credentials' | 'temporary' | 'config'; message: string };

type ImapError = Error & { authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string; mailboxMissing?: boolean; code?: string };

/** What an IMAP failure means for the channel: a wrong password waits for a person, the network for the next run. */
export function classifyImapError(error: unknown): { kind: 'credentials' | 'temporary' | 'config'; message: string } {
  const failure = (error instanceof Error ? error : new Error(String(error))) as ImapError;
  const detail = failure.responseText || failure.message;
  if (failure.authenticationFailed || failure.serverResponseCode === 'AUTHENTICATIONFAILED') return { kind: 'credentials', message: `The IMAP server refused the login: ${detail}` };
  if (failure.mailboxMissing || failure.serverResponseCode === 'NONEXISTENT') return { kind: 'config', message: `The mailbox does not exist on the IMAP server: ${detail}` };
  return { kind: 'temporary', message: `IMAP: ${detail}${failure.code ? ` (${failure.code})` : ''}` };
}

/** An email could not be stored: not the IMAP server's doing. */
class StoreFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StoreFailure';
  }
}

export type PollDeps = { db: Database; secrets?: SecretBox | undefined; now?: Date };
export type PollOptions = { /** emails imported at most (EMAILS_PER_RUN) */ limit?: number };

export async function pollEmailChannel(deps: PollDeps, workspaceId: string, channelId: string, options: PollOptions = {}): Promise<PollOutcome> {
  const { db } = deps;
  const channel = await repo.findEmailChannel(db, workspaceId, channelId);
  if (!channel) return { status: 'failed', kind: 'config', message: `There is no email channel ${channelId} in this workspace.` };
  // Without the SecretBox every password would read as missing: that is this process's fault, not the channel's.
  if (!deps.secrets) throw new Error('polling email channels needs the worker\'s SecretBox (startWorker options)');
  const settings = readEmailSettings(channel.config, openChannelCredentials(deps.secrets, channel.credentials));
  if ('error' in settings) {
    await repo.setChannelHealth(db, workspaceId, channelId, settings.kind === 'credentials' ? 'needs_reconnect' : 'failing', settings.error);
    return { status: 'failed', kind: settings.kind, message: settings.error };
  }

  const client = imapClient(settings.config, settings.credentials);
  // An idle connection dropping later is reported through 'error'; without a listener it would crash the worker.
  client.on('error', () => {});
  try {
    await client.connect();
    const lock = await client.getMailboxLock(settings.config.mailbox, { readOnly: true });
    let outcome: PollOutcome;
    try {
      outcome = await importNewMail(deps, client, { id: channel.id, workspaceId, name: channel.name, ...settings }, options.limit ?? EMAILS_PER_RUN);
    } finally {
      lock.release();
    }
    await client.logout().catch(() => {});
    if (channel.health !== 'ok') await repo.setChannelHealth(db, workspaceId, channelId, 'ok', null);
    return outcome;
  } catch (error) {
    client.close();
    // Storing failed (the database, a bug), not the mailbox: the job fails and is retried, the cursor still before that email.
    if (error instanceof StoreFailure) throw error.cause;
    const failure = classifyImapError(error);
    // A refused login is not retried until someone fixes it (a locked account gets no worse); the rest is the next run's.
    await repo.setChannelHealth(db, workspaceId, channelId, failure.kind === 'credentials' ? 'needs_reconnect' : failure.kind === 'config' ? 'failing' : null, failure.message);
    return { status: 'failed', ...failure };
  }
}

function imapClient(config: EmailConfig, credentials: EmailCredentials): ImapFlow {
  return new ImapFlow({
    host: config.imapHost,
    port: config.imapPort,
    secure: config.imapSecure,
    auth: { user: config.imapUser, pass: credentials.imapPassword },
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
    disableAutoIdle: true,
  });
}

type PollChannel = { id: string; workspaceId: string; name: string; config: EmailConfig; credentials: EmailCredentials };

async function importNewMail(deps: PollDeps, client: ImapFlow, channel: PollChannel, limit: number): Promise<PollOutcome> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('the mailbox did not open');
  const uidValidity = String(mailbox.uidValidity);
  const cursor = channel.config.imapCursor;
  const now = deps.now ?? new Date();

  let uids: number[];
  if (cursor && cursor.uidValidity === uidValidity) {
    // "n:*" always includes the highest UID, even below n: the filter keeps only what is new.
    uids = ((await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > cursor.lastUid);
  } else {
    const since = new Date(now.getTime() - channel.config.backfillDays * 86_400_000);
    uids = (await client.search({ since }, { uid: true })) || [];
  }
  uids.sort((a, b) => a - b);
  const batch = uids.slice(0, limit);

  let imported = 0;
  let skipped = 0;
  let last: ImapCursor = { uidValidity, lastUid: cursor?.uidValidity === uidValidity ? cursor.lastUid : 0 };
  for (const uid of batch) {
    const fetched = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
    if (fetched && fetched.source) {
      const email = await parseEmail(fetched.source, `<imap-${uidValidity}-${uid}@${channel.id}>`);
      const received = fetched.internalDate instanceof Date ? fetched.internalDate : null;
      let stored: boolean;
      try {
        stored = await importEmail(deps, channel, email, received ?? now);
      } catch (error) {
        // An email the inbox refuses (bad input) is passed over, so it cannot hold back the mail after it.
        if (!(error instanceof AppError)) throw new StoreFailure(error);
        stored = false;
      }
      if (stored) imported += 1;
      else skipped += 1;
    }
    last = { uidValidity, lastUid: Math.max(last.lastUid, uid) };
    await repo.saveImapCursor(deps.db, channel.workspaceId, channel.id, last);
  }
  // An empty mailbox (or one whose mail is all older than the backfill) still records where it stands.
  if (batch.length === 0 && (!cursor || cursor.uidValidity !== uidValidity)) {
    await repo.saveImapCursor(deps.db, channel.workspaceId, channel.id, { uidValidity, lastUid: Math.max(0, (mailbox.uidNext ?? 1) - 1) });
  }
  return { status: 'polled', imported, skipped, more: uids.length > batch.length };
}

/** Stores one email as a customer message; false when it is not one (automatic, ours, known, or without a sender). */
async function importEmail(deps: PollDeps, channel: PollChannel, email: ParsedEmail, receivedAt: Date): Promise<boolean> {
  const { db } = deps;
  // A sender without a usable address (root@localhost…) has no one to answer.
  if (email.automatic || !email.from || !normalizeEmail(email.from.address)) return false;
  // Our own replies, copied into the mailbox by some servers, are already in the conversation.
  if (email.from.address === channel.config.fromAddress.toLowerCase()) return false;
  if (await repo.isKnownMessage(db, channel.id, email.messageId)) return false;

  // A reply joins the conversation of any message it answers that we know; otherwise its chain's root names the thread.
  const thread = (await repo.threadOfKnownMessages(db, channel.id, email.references)) ?? threadRootOf(email);
  const attachments: MessageAttachment[] = [];
  const left: { name: string; contentType: string; size: number; reason: string }[] = [];
  for (const file of email.attachments) {
    if (attachments.length >= MAX_FILES || file.content.length > MAX_FILE_BYTES) {
      left.push({ name: file.name, contentType: file.contentType, size: file.size, reason: attachments.length >= MAX_FILES ? 'too many files' : 'larger than 10 MB' });
      continue;
    }
    const id = newId('file');
    await repo.insertEmailFile(db, { id, workspaceId: channel.workspaceId, channelId: channel.id, name: file.name.slice(0, 300), contentType: file.contentType, content: file.content });
    attachments.push({ id, name: file.name.slice(0, 300), contentType: file.contentType, size: file.content.length, url: `/api/v1/message-files/${id}?workspace=${channel.workspaceId}` });
  }

  await receiveMessage(db, {
    workspaceId: channel.workspaceId,
    channelId: channel.id,
    externalThreadId: thread.slice(0, 500),
    externalMessageId: email.messageId.slice(0, 500),
    visibility: 'private',
    sender: {
      identity: { channel: 'email', externalId: email.from.address, ...(email.from.name ? { displayName: email.from.name } : {}) },
      email: email.from.address,
      ...(email.from.name ? { name: email.from.name } : {}),
    },
    text: email.text.slice(0, 20_000),
    attachments,
    ...(email.inReplyTo ? { replyToExternalId: email.inReplyTo } : {}),
    occurredAt: email.date && email.date.getTime() <= receivedAt.getTime() + 300_000 ? email.date : receivedAt,
    ...(email.subject ? { subject: email.subject.slice(0, 500) } : {}),
    data: {
      email: {
        messageId: email.messageId,
        references: email.references,
        inReplyTo: email.inReplyTo,
        from: email.from,
        to: email.to,
        cc: email.cc,
        subject: email.subject,
        ...(email.html ? { html: email.html.slice(0, MAX_HTML_CHARS) } : {}),
        ...(left.length ? { filesLeftOut: left } : {}),
      },
    },
  });
  return true;
}
