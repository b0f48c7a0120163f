// What each channel type accepts as settings: its config (kept in the clear) and its credentials
// (sealed with the instance's SecretBox, never shown again): web chat, the messaging platforms and
// email. Listening channels are made by listening sources, not here.
import { z } from 'zod';
import type { ChannelType } from '../../db/schema.js';
import type { SecretBox } from '../../lib/secrets.js';
import { AppError } from '../../server/errors.js';
import { emailChannelSettings } from './email/email-settings.js';
import { webchatConfigSchema } from './webchat/webchat-config.js';
import { messagingChannelSettings } from './webhooks/channel-settings.js';

export type ChannelTypeSettings = { type: ChannelType; config: z.ZodType<Record<string, unknown>>; credentials: z.ZodType<Record<string, string>>; defaultName: string };

const settingsByType = new Map<ChannelType, ChannelTypeSettings>([
  ['webchat', { type: 'webchat', config: webchatConfigSchema, credentials: z.object({}).strict(), defaultName: 'Web chat' }],
  ...messagingChannelSettings.map((entry) => [entry.type, entry] as const),
  ['email', emailChannelSettings],
]);

export const availableChannelTypes = (): ChannelType[] => [...settingsByType.keys()];

export function requireChannelType(type: string): ChannelTypeSettings {
  const entry = settingsByType.get(type as ChannelType);
  if (!entry) throw new AppError('channel.type_unavailable', 422, `Channels of type "${type}" are not available in this version of Parley.`, { field: 'type', type, available: availableChannelTypes() });
  return entry;
}

const invalid = (what: 'config' | 'credentials', error: z.ZodError) =>
  new AppError(`channel.invalid_${what}`, 400, `The channel's ${what} is not valid: ${z.prettifyError(error).replace(/\n/g, ' ')}`, {
    fields: error.issues.map((issue) => ({ in: what, path: issue.path.join('.'), message: issue.message })),
  });

export function checkChannelConfig(entry: ChannelTypeSettings, config: unknown): Record<string, unknown> {
  const parsed = entry.config.safeParse(config ?? {});
  if (!parsed.success) throw invalid('config', parsed.error);
  return parsed.data;
}

export function checkChannelCredentials(entry: ChannelTypeSettings, credentials: unknown): Record<string, string> {
  const parsed = entry.credentials.safeParse(credentials ?? {});
  if (!parsed.success) throw invalid('credentials', parsed.error);
  return parsed.data;
}

/** One JSON object of settings and credentials (the admin command's --config) split by the type's schemas. */
export function splitChannelSettings(entry: ChannelTypeSettings, settings: Record<string, unknown>): { config: Record<string, unknown>; credentials: Record<string, unknown> } {
  const credentialKeys = entry.credentials instanceof z.ZodObject ? Object.keys(entry.credentials.shape) : [];
  const config: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) (credentialKeys.includes(key) ? credentials : config)[key] = value;
  return { config, credentials };
}

export function sealChannelCredentials(secrets: SecretBox, credentials: Record<string, string>): string | null {
  return Object.keys(credentials).length > 0 ? secrets.seal(JSON.stringify(credentials)) : null;
}

/** The stored credentials for a driver; ones that no longer open (another PARLEY_SECRET) read as none. */
export function openChannelCredentials(secrets: SecretBox | undefined, sealed: string | null): Record<string, unknown> {
  if (!sealed || !secrets) return {};
  try {
    return JSON.parse(secrets.open(sealed)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
