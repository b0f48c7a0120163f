// The email channel's sends: an agent's reply goes out over SMTP (nodemailer) from the channel's
// address to the contact's, threaded in the customer's mail client — "Re: <subject>", In-Reply-To the
// email it answers, References its chain — with our own Message-ID made from our message id, so a
// retried send carries the same id and mail clients show one email. SMTP answers map onto the send
// job's kinds: 4xx temporary, 5xx permanent (with the server's words), a refused login credentials.
import nodemailer from 'nodemailer';
import type { Attachment } from 'nodemailer/lib/mailer/index.js';
import { normalizeEmail } from '../../contacts/identity.js';
import { ChannelSendError, type ChannelDriver, type DriverContext, type OutboundMessage, type SendResult } from '../driver.js';
import { registerChannelDriver } from '../registry.js';
import { readEmailSettings, type EmailConfig, type EmailCredentials } from './email-settings.js';
import * as repo from './repository.js';

const MAX_REFERENCES = 20;

/** Our Message-ID for one of our messages: the same on every attempt. */
export const outboundMessageId = (messageId: string, fromAddress: string) => `<parley-${messageId}@${fromAddress.split('@')[1] ?? 'parley.invalid'}>`;

export const replySubject = (subject: string | null) => {
  const base = subject?.trim() || 'Your message';
  return /^(re|aw|sv|antw)\s*:/i.test(base) ? base : `Re: ${base}`;
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The reply as HTML: paragraphs at blank lines, line breaks kept. */
export const htmlOf = (text: string) =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

type SmtpFailure = Error & { code?: string; responseCode?: number; response?: string };

export function classifySmtpError(error: unknown): ChannelSendError {
  const failure = (error instanceof Error ? error : new Error(String(error))) as SmtpFailure;
  const status = failure.responseCode;
  const said = (failure.response ?? failure.message).trim().slice(0, 500);
  const temporaryStatus = status !== undefined && status >= 400 && status < 500;
  if ((failure.code === 'EAUTH' && !temporaryStatus) || status === 530 || status === 534 || status === 535) return new ChannelSendError('credentials', `The SMTP server refused the login: ${said}`);
  if (status !== undefined && status >= 500) return new ChannelSendError('permanent', `The mail server refused the email: ${said}`);
  if (temporaryStatus) return new ChannelSendError('temporary', `The mail server deferred the email: ${said}`);
  return new ChannelSendError('temporary', `Could not reach the SMTP server: ${said}${failure.code ? ` (${failure.code})` : ''}`);
}

function settingsOf(context: DriverContext): { config: EmailConfig; credentials: EmailCredentials } {
  const settings = readEmailSettings(context.channel.config, context.channel.credentials);
  // A password that no longer opens asks for reconnection; settings that no longer parse fail the reply with why.
  if ('error' in settings) throw new ChannelSendError(settings.kind === 'credentials' ? 'credentials' : 'permanent', settings.error);
  return settings;
}

const recipientOf = (message: OutboundMessage) => normalizeEmail(message.recipient?.externalId ?? message.recipient?.handle ?? '');

/** The email's files: ours by id (web chat uploads, files of inbound emails); others as links in the text. */
async function attachmentsOf(context: DriverContext, message: OutboundMessage): Promise<{ files: Attachment[]; links: string[] }> {
  const ids = message.attachments.flatMap((attachment) => (attachment.id ? [attachment.id] : []));
  const stored = new Map((await repo.findFileContents(context.db, context.channel.workspaceId, ids)).map((file) => [file.id, file]));
  const files: Attachment[] = [];
  const links: string[] = [];
  for (const attachment of message.attachments) {
    const file = attachment.id ? stored.get(attachment.id) : undefined;
    if (file) files.push({ filename: file.name, contentType: file.contentType, content: file.content });
    else if (/^https?:\/\//i.test(attachment.url)) links.push(`${attachment.name}: ${attachment.url}`);
    else throw new ChannelSendError('permanent', `The file "${attachment.name}" of this reply is no longer stored.`);
  }
  return { files, links };
}

export const emailDriver: ChannelDriver = {
  type: 'email',

  cannotReply(_context, message) {
    return recipientOf(message) ? null : 'This conversation has no email address to answer.';
  },

  async send(context: DriverContext, message: OutboundMessage): Promise<SendResult> {
    const { config, credentials } = settingsOf(context);
    const to = recipientOf(message);
    if (!to) throw new ChannelSendError('permanent', 'This conversation has no email address to answer.');
    const answered = message.replyToExternalId;
    const chain = answered ? [...(await repo.referencesOfMessage(context.db, context.channel.id, answered)), answered] : [];
    // Like mail clients, keep the root (it threads) and the latest ids when the chain is long.
    const references = chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
    const subject = replySubject(await repo.conversationSubject(context.db, context.channel.workspaceId, message.conversationId));
    const { files, links } = await attachmentsOf(context, message);
    const text = [message.text.trim(), ...links].filter(Boolean).join('\n\n');
    const messageId = outboundMessageId(message.messageId, config.fromAddress);

    const transport = nodemailer.createTransport({
      host: config.smtpHost,
      port: config.smtpPort,
      secure: config.smtpSecure,
      ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: credentials.smtpPassword ?? credentials.imapPassword } } : {}),
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    try {
      await transport.sendMail({
        from: config.fromName ? { name: config.fromName, address: config.fromAddress } : config.fromAddress,
        to,
        subject,
        messageId,
        ...(answered ? { inReplyTo: answered, references } : {}),
        text,
        html: htmlOf(text),
        attachments: files,
      });
    } catch (error) {
      throw classifySmtpError(error);
    } finally {
      transport.close();
    }
    return { externalId: messageId, status: 'sent' };
  },
};

registerChannelDriver(emailDriver);
