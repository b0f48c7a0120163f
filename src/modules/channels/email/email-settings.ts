// Settings of an email channel (a support mailbox): where to read mail (IMAP) and where to send it
// (SMTP), in the clear; the two passwords are credentials, sealed by manage-channels. The poller's
// cursor (UIDVALIDITY and last UID seen) lives in the config too, under `imapCursor`, written by the
// poller only: a config saved without it makes the next poll resync, which imports nothing twice.
import { z } from 'zod';
import type { ChannelTypeSettings } from '../settings.js';

const host = z.string().trim().min(1).max(255);
const port = z.number().int().min(1).max(65535);
const user = z.string().trim().min(1).max(320);
const password = z.string().min(1).max(2000);

export const imapCursorSchema = z.object({ uidValidity: z.string().regex(/^\d+$/), lastUid: z.number().int().min(0) });
export type ImapCursor = z.infer<typeof imapCursorSchema>;

export const emailConfigSchema = z
  .object({
    imapHost: host,
    imapPort: port.default(993),
    /** TLS from the first byte (993); false means plain or STARTTLS when the server offers it */
    imapSecure: z.boolean().default(true),
    imapUser: user,
    mailbox: z.string().trim().min(1).max(200).default('INBOX'),
    /** How far back the first poll (and a resync) imports mail */
    backfillDays: z.number().int().min(0).max(90).default(7),
    smtpHost: host,
    smtpPort: port.default(465),
    /** TLS from the first byte (465); false means STARTTLS when the server offers it (587) */
    smtpSecure: z.boolean().default(true),
    smtpUser: user.optional(),
    fromAddress: z.email().max(320),
    fromName: z.string().trim().max(200).optional(),
    imapCursor: imapCursorSchema.optional(),
  })
  .catchall(z.unknown());
export type EmailConfig = z.infer<typeof emailConfigSchema>;

export const emailCredentialsSchema = z.object({ imapPassword: password, smtpPassword: password.optional() });
export type EmailCredentials = z.infer<typeof emailCredentialsSchema>;

export const emailChannelSettings: ChannelTypeSettings = {
  type: 'email',
  defaultName: 'Email',
  config: emailConfigSchema,
  credentials: emailCredentialsSchema,
};

/** The channel's settings as stored, or why they cannot be used (settings saved before a schema change, a password that no longer opens…). */
export function readEmailSettings(
  config: Record<string, unknown>,
  credentials: Record<string, unknown>,
): { config: EmailConfig; credentials: EmailCredentials } | { error: string; kind: 'config' | 'credentials' } {
  const parsedConfig = emailConfigSchema.safeParse(config);
  if (!parsedConfig.success) return { kind: 'config', error: `The email channel's settings are not valid: ${z.prettifyError(parsedConfig.error).replace(/\n/g, ' ')}` };
  const parsedCredentials = emailCredentialsSchema.safeParse(credentials);
  if (!parsedCredentials.success) return { kind: 'credentials', error: 'The email channel has no usable password; enter it again.' };
  return { config: parsedConfig.data, credentials: parsedCredentials.data };
}
