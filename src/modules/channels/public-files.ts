// Signed, expiring links to files stored in Parley (web chat uploads, agents' attachments, email files),
// for the platforms that fetch a message's attachments by URL (Meta, WhatsApp, Telegram): the send job
// hands drivers such a link (`publicUrl`) next to the signed-in-agents-only URL. The signature is an HMAC
// of the file id and the expiry under a key derived from the instance secret; a forged or expired link
// answers 404, like a missing file.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MessageAttachment } from '../../db/schema.js';
import type { SecretBox } from '../../lib/secrets.js';
import { safeEqual } from '../../lib/secrets.js';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import { publicAccess } from '../../server/http.js';
import type { OutboundAttachment } from './driver.js';
import { findStoredFile } from './repository.js';
import { sendFile } from './webchat/webchat-routes.js';

/** Long enough for a platform to fetch the file at send time and for the send job's retries, which sign again. */
export const PUBLIC_FILE_TTL_MS = 60 * 60 * 1000;

const STORED_FILE_URL = /^\/api\/v1\/(?:message-files|webchat\/files)\/([\w-]+)(?:[?#]|$)/;

/** The id of the stored file an attachment is, or null for a file elsewhere (a platform's URL or id). */
export function storedFileIdOf(attachment: Pick<MessageAttachment, 'id' | 'url'>): string | null {
  return STORED_FILE_URL.exec(attachment.url)?.[1] ?? null;
}

const signed = (fileId: string, expires: number) => `file:${fileId}:${expires}`;

export function signedFileUrl(secrets: SecretBox, publicUrl: string, fileId: string, now = Date.now()): string {
  const expires = Math.floor((now + PUBLIC_FILE_TTL_MS) / 1000);
  const url = new URL(`/api/v1/public-files/${encodeURIComponent(fileId)}`, publicUrl);
  url.searchParams.set('expires', String(expires));
  url.searchParams.set('signature', secrets.sign(signed(fileId, expires)));
  return url.toString();
}

/** The attachment as drivers get it: a file stored in Parley with its signed link, when this process knows its public URL and secret. */
export function withPublicUrl(deps: { secrets?: SecretBox | undefined; publicUrl?: string | undefined }, attachment: MessageAttachment, now = Date.now()): OutboundAttachment {
  const fileId = storedFileIdOf(attachment);
  if (!fileId || !deps.secrets || !deps.publicUrl) return attachment;
  return { ...attachment, publicUrl: signedFileUrl(deps.secrets, deps.publicUrl, fileId, now) };
}

export function verifyFileSignature(secrets: SecretBox, fileId: string, expires: number, signature: string, now = Date.now()): boolean {
  return expires * 1000 > now && safeEqual(secrets.sign(signed(fileId, expires)), signature);
}

export const publicFileRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  app.get('/public-files/:id', {
    config: { ...publicAccess, rateLimit: { max: 600, timeWindow: '1 minute' } },
    schema: {
      tags: ['inbox'],
      summary: 'A stored file, by the signed and expiring link a platform was given to fetch it',
      description: 'Links are made by the send job for platforms that fetch attachments by URL (Meta, WhatsApp, Telegram) and last an hour. A forged or expired link answers 404.',
      params: z.object({ id: z.string().min(1).max(100) }),
      querystring: z.object({ expires: z.coerce.number().int().positive(), signature: z.string().min(1).max(200) }),
    },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!verifyFileSignature(deps.secrets, id, request.query.expires, request.query.signature)) throw notFound('file', id);
    const file = await findStoredFile(deps.database.db, id);
    if (!file) throw notFound('file', id);
    return sendFile(reply, file);
  });
};
