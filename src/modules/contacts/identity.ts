// Normalizes a public identity so that the same person seen twice yields the same (channel, external id):
// emails lower-cased, phones in E.164 (libphonenumber-js), Mastodon as user@instance, Bluesky by DID,
// other networks by their platform id or, when only a handle is known, the lower-cased handle.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { identityChannels } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';

export const identityInputSchema = z.object({
  channel: z.enum(identityChannels),
  externalId: z.string().trim().min(1).max(300).optional().describe('The platform id (page-scoped id, user id, DID…); derived from the handle, email or phone when absent'),
  handle: z.string().trim().min(1).max(300).optional(),
  displayName: z.string().trim().max(300).optional(),
  profileUrl: z.url().max(2000).optional(),
  avatarUrl: z.url().max(2000).optional(),
  bio: z.string().max(5000).optional(),
  followers: z.number().int().min(0).optional(),
  following: z.number().int().min(0).optional(),
  verified: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type IdentityInput = z.infer<typeof identityInputSchema>;

export type NormalizedIdentity = Omit<IdentityInput, 'externalId'> & { externalId: string; handle: string | undefined };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase().replace(/^mailto:/, '');
  return emailPattern.test(email) ? email : null;
}

/** E.164, or null when the number cannot be read (with `defaultCountry` for numbers written without +). */
export function normalizePhone(value: string, defaultCountry?: CountryCode): string | null {
  const trimmed = value.trim();
  const withPlus = /^00\d/.test(trimmed) ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(withPlus, defaultCountry);
  if (parsed?.isValid()) return parsed.number;
  // WhatsApp and Telegram send international numbers without the +.
  const digits = withPlus.replace(/[^\d]/g, '');
  if (!withPlus.startsWith('+') && digits.length >= 8) {
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international?.isValid()) return international.number;
  }
  return null;
}

const invalid = (channel: string, message: string) =>
  new AppError('identity.invalid', 400, `Invalid ${channel} identity: ${message}`, { channel });

export function normalizeIdentity(input: IdentityInput, options: { defaultCountry?: CountryCode } = {}): NormalizedIdentity {
  const handle = input.handle?.replace(/^@/, '').trim();
  const raw = input.externalId ?? handle;
  const { channel } = input;
  switch (channel) {
    case 'email': {
      const email = normalizeEmail(raw ?? '');
      if (!email) throw invalid(channel, `"${raw ?? ''}" is not an email address`);
      return { ...input, externalId: email, handle: email };
    }
    case 'phone':
    case 'whatsapp': {
      const phone = normalizePhone(raw ?? '', options.defaultCountry);
      if (!phone) throw invalid(channel, `"${raw ?? ''}" is not a phone number (write it with its country code, e.g. +44 20 7946 0958)`);
      return { ...input, externalId: phone, handle: phone };
    }
    case 'mastodon': {
      // user@instance; a profile URL https://instance/@user also works.
      let account = (raw ?? '').toLowerCase();
      const fromUrl = /^https?:\/\/([^/]+)\/@([^/?#]+)/.exec(input.profileUrl ?? account);
      if (fromUrl && !account.includes('@')) account = `${fromUrl[2]}@${fromUrl[1]}`;
      if (!/^[a-z0-9_.-]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(account)) throw invalid(channel, 'expected user@instance');
      return { ...input, externalId: account, handle: account };
    }
    case 'bluesky': {
      const did = input.externalId?.startsWith('did:') ? input.externalId : undefined;
      const bskyHandle = handle?.toLowerCase();
      if (!did && !bskyHandle) throw invalid(channel, 'needs a DID (did:plc:…) or a handle');
      return { ...input, externalId: did ?? `handle:${bskyHandle}`, handle: bskyHandle };
    }
    default: {
      if (!raw) throw invalid(channel, 'needs an externalId or a handle');
      const externalId = input.externalId?.trim() ?? `handle:${raw.toLowerCase()}`;
      return { ...input, externalId, handle: handle ?? undefined };
    }
  }
}

/** Free-mail domains say nothing about a company. */
export const freeMailDomains = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.fr', 'hotmail.com', 'hotmail.fr', 'outlook.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.ru', 'yandex.ru',
  'qq.com', '163.com', 'orange.fr', 'free.fr', 'libero.it', 'uol.com.br', 'example.com',
]);

export function emailDomain(email: string | null | undefined): string | null {
  const domain = email?.split('@')[1]?.toLowerCase();
  return domain && !freeMailDomains.has(domain) ? domain : null;
}
