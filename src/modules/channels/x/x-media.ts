// What X takes as a direct message's media (images, GIFs, videos, each within X's size limit) and the
// bytes of a reply's files, which X must be sent as uploads: our own stored files (by id, or by their
// /message-files/:id URL) are read from the database, anything else is downloaded from its public URL
// (never from a private address: lib/public-fetch.ts).
import type { MessageAttachment } from '../../../db/schema.js';
import type { Executor } from '../../../db/client.js';
import { fetchPublic, NotPublicUrlError } from '../../../lib/public-fetch.js';
import { ChannelSendError } from '../driver.js';
import { findStoredFiles } from './repository.js';

export type XMediaKind = 'image' | 'gif' | 'video';
export type XMediaFile = { name: string; contentType: string; kind: XMediaKind; bytes: Buffer };

const MB = 1024 * 1024;
/** X's upload limits (docs.x.com "Media types & size restrictions"); larger files are refused before any upload. */
export const X_MEDIA_LIMITS: Record<XMediaKind, number> = { image: 5 * MB, gif: 15 * MB, video: 512 * MB };
const DOWNLOAD_TIMEOUT_MS = 60_000;

const IMAGE_TYPES = new Set(['image/jpeg', 'image/pjpeg', 'image/png', 'image/webp', 'image/bmp', 'image/tiff']);
const VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime']);
const NOUN: Record<XMediaKind, string> = { image: 'images', gif: 'GIFs', video: 'videos' };

export function xMediaKindOf(contentType: string): XMediaKind | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/gif') return 'gif';
  if (IMAGE_TYPES.has(type)) return 'image';
  return VIDEO_TYPES.has(type) ? 'video' : null;
}

const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export const tooLargeForX = (name: string, kind: XMediaKind, size: number): string =>
  `"${name}" is too large for X (${megabytes(size)}; X takes ${NOUN[kind]} up to ${X_MEDIA_LIMITS[kind] / MB} MB).`;

const isHttpUrl = (url: string) => /^https?:\/\//i.test(url);

/** Our stored file an attachment is: its id, else the id in its /api/v1/message-files/:id (or web chat file) URL. */
export function storedFileIdOf(attachment: MessageAttachment): string | null {
  if (attachment.id) return attachment.id;
  const match = /\/api\/v1\/(?:message-files|webchat\/files)\/([^/?#]+)/.exec(attachment.url);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** Why X cannot carry this file in a direct message (its type, its declared size, nowhere to read it from), or null. */
export function xMediaRefusal(attachment: MessageAttachment): string | null {
  const kind = xMediaKindOf(attachment.contentType);
  if (!kind) return `X direct messages carry images (JPEG, PNG, WebP), GIFs and videos (MP4, MOV) only; "${attachment.name}" is ${attachment.contentType || 'of no known type'}: send a link to it instead.`;
  if (attachment.size > X_MEDIA_LIMITS[kind]) return tooLargeForX(attachment.name, kind, attachment.size);
  if (!storedFileIdOf(attachment) && !isHttpUrl(attachment.url)) return `"${attachment.name}" is neither a file stored in Parley nor at a public http(s) URL.`;
  return null;
}

/** The body of a download, refused as soon as it passes `limit` bytes (the Content-Length may be missing or wrong). */
async function readCapped(response: Response, limit: number, tooLarge: (size: number) => ChannelSendError): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    total += read.value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(total);
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}

async function download(deps: MediaDeps, attachment: MessageAttachment, kind: XMediaKind): Promise<Buffer> {
  let host: string;
  try {
    host = new URL(attachment.url).host;
  } catch {
    throw new ChannelSendError('permanent', `The URL of "${attachment.name}" is not a valid URL.`);
  }
  let response: Response;
  try {
    const init = { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) };
    // A link somebody wrote: public addresses only (SSRF), unless this driver was told to trust private ones.
    response = deps.allowPrivateDownloads ? await deps.fetch(attachment.url, { ...init, redirect: 'follow' }) : await fetchPublic(deps.download ?? deps.fetch, attachment.url, init);
  } catch (error) {
    if (error instanceof NotPublicUrlError) throw new ChannelSendError('permanent', `"${attachment.name}" is not downloaded: ${error.message} Upload the file instead.`);
    throw new ChannelSendError('temporary', `Cannot download "${attachment.name}" from ${host}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const kindOfFailure = response.status >= 500 || response.status === 429 ? 'temporary' : 'permanent';
    throw new ChannelSendError(kindOfFailure, `Cannot download "${attachment.name}" to send it on X: ${host} answered ${response.status}.`);
  }
  return readCapped(response, X_MEDIA_LIMITS[kind], (size) => new ChannelSendError('permanent', tooLargeForX(attachment.name, kind, size)));
}

/**
 * The bytes of every file of a reply, in order, checked against X's limits by their real size. Call
 * xMediaRefusal first: a file of a type X does not take is a programming error here.
 */
type MediaDeps = { db: Executor; workspaceId: string; fetch: typeof fetch; download?: typeof fetch | undefined; allowPrivateDownloads?: boolean | undefined };

export async function readXMedia(deps: MediaDeps, attachments: MessageAttachment[]): Promise<XMediaFile[]> {
  const ids = attachments.flatMap((attachment) => storedFileIdOf(attachment) ?? []);
  const stored = new Map((await findStoredFiles(deps.db, deps.workspaceId, ids)).map((file) => [file.id, file]));
  const files: XMediaFile[] = [];
  for (const attachment of attachments) {
    const kind = xMediaKindOf(attachment.contentType);
    if (!kind) throw new ChannelSendError('permanent', xMediaRefusal(attachment) ?? `"${attachment.name}" cannot be sent on X.`);
    const id = storedFileIdOf(attachment);
    const file = id ? stored.get(id) : undefined;
    let bytes: Buffer;
    if (file) bytes = file.content;
    else if (isHttpUrl(attachment.url) && !/\/api\/v1\/(?:message-files|webchat\/files)\//.test(attachment.url)) bytes = await download(deps, attachment, kind);
    else throw new ChannelSendError('permanent', `The file "${attachment.name}" of this reply is no longer stored.`);
    if (bytes.length > X_MEDIA_LIMITS[kind]) throw new ChannelSendError('permanent', tooLargeForX(attachment.name, kind, bytes.length));
    if (bytes.length === 0) throw new ChannelSendError('permanent', `The file "${attachment.name}" is empty.`);
    files.push({ name: attachment.name, contentType: attachment.contentType.split(';')[0]!.trim().toLowerCase(), kind, bytes });
  }
  return files;
}
