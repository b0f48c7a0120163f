// How each platform proves a webhook is its own (specs/api.md, fixtures' README): Meta's and X's
// HMAC-SHA256 of the raw body with the app's secret, Telegram's shared secret header, and the GET
// handshakes. Pure functions over the bytes as received; every comparison is constant-time.
import { createHmac } from 'node:crypto';
import { hmacSha256Hex, safeEqual } from '../../../lib/secrets.js';

export const webhookPlatforms = ['meta', 'x', 'telegram'] as const;
export type WebhookPlatform = (typeof webhookPlatforms)[number];

/** Meta: `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>`. */
export function metaSignatureMatches(appSecret: string, body: Buffer, header: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  return safeEqual(header.trim().toLowerCase(), `sha256=${hmacSha256Hex(appSecret, body)}`);
}

const base64Hmac = (key: string, message: string | Buffer) => createHmac('sha256', key).update(message).digest('base64');

/** X: `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>` (base64 is case-sensitive). */
export function xSignatureMatches(consumerSecret: string, body: Buffer, header: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  return safeEqual(header.trim(), `sha256=${base64Hmac(consumerSecret, body)}`);
}

/** X's CRC answer: `{"response_token": "sha256=<base64 HMAC-SHA256(consumer secret, crc_token)>"}`. */
export const xCrcResponseToken = (consumerSecret: string, crcToken: string) => `sha256=${base64Hmac(consumerSecret, crcToken)}`;

/** Telegram: `X-Telegram-Bot-Api-Secret-Token` equals the secret given to setWebhook. */
export function telegramSecretMatches(secretToken: string, header: string | undefined): boolean {
  return typeof header === 'string' && secretToken.length > 0 && safeEqual(header, secretToken);
}

/** Meta's subscription check: hub.mode=subscribe and the verify token we were given → the challenge to echo. */
export function metaChallenge(verifyToken: string, query: Record<string, unknown>): string | null {
  const mode = query['hub.mode'] ?? query.hub_mode;
  const token = query['hub.verify_token'] ?? query.hub_verify_token;
  const challenge = query['hub.challenge'] ?? query.hub_challenge;
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !verifyToken) return null;
  return safeEqual(token, verifyToken) ? challenge : null;
}
