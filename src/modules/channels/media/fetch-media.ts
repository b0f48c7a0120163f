// channels.fetch_media: the photos and files customers send on WhatsApp and Telegram arrive as platform
// ids ('whatsapp-media:<id>', 'telegram-file:<file_id>'). The webhook drain queues this job for each
// such message (keyed by the message, so a re-delivery collides); it downloads each file through the
// platform's API with the channel's credentials, stores it in message_files as web chat and email do,
// and points the attachment at it, so agents open it in the inbox. A file too large, or gone from the
// platform, keeps its attachment with a note and is not tried again; a refused token, a rate limit or
// an outage fails the job, which graphile-worker retries with backoff (what was stored stays stored);
// a rate limit that says when to come back (Retry-After) queues the job again for that moment.
import { z } from 'zod';
import type { Executor } from '../../../db/client.js';
import type { MessageAttachment } from '../../../db/schema.js';
import { defineJob, type JobDeps } from '../../../jobs/define.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import { ChannelSendError } from '../driver.js';
import { findChannel, type ChannelRow } from '../repository.js';
import { openChannelCredentials } from '../settings.js';
import { fetchTelegramFile, telegramBotOf } from '../telegram/telegram-media.js';
import type { TelegramHttp } from '../telegram/bot-client.js';
import { whatsAppSettings, type GraphHttp } from '../whatsapp/graph.js';
import { fetchWhatsAppMedia } from '../whatsapp/whatsapp-media.js';
import { MEDIA_SIZE_LIMIT, type FetchedMedia } from './platform-media.js';
import { applyMediaResult, findMediaMessage, notDownloadedOf } from './repository.js';

export const FETCH_MEDIA_JOB = 'channels.fetch_media';
/** graphile-worker's backoff over 15 attempts spans about a day and a half: time to reconnect a channel whose token was refused. */
const MAX_ATTEMPTS = 15;

const WHATSAPP_PREFIX = 'whatsapp-media:';
const TELEGRAM_PREFIX = 'telegram-file:';

/** A platform that keeps answering "slow down" is waited out this many times, each for as long as it asks; then the job fails and backs off as any other. */
const MAX_RATE_LIMIT_WAITS = 10;
/** The longest wait a Retry-After is taken at its word for */
const MAX_RATE_LIMIT_WAIT_MS = 60 * 60_000;

const fetchMediaPayload = z.object({
  workspaceId: z.string().min(1),
  channelId: z.string().min(1),
  messageId: z.number().int().positive(),
  /** Times a platform's rate limit has been waited out for this message */
  waits: z.number().int().min(0).optional(),
});
export type FetchMediaPayload = z.infer<typeof fetchMediaPayload>;

/** An attachment that is still only the platform's id of a file */
export const isPlatformMedia = (attachment: { url: string }): boolean => attachment.url.startsWith(WHATSAPP_PREFIX) || attachment.url.startsWith(TELEGRAM_PREFIX);

/** Called by the webhook drain for each stored message: one fetch job per message with files that are platform ids. */
export async function queueMediaFetch(db: Executor, target: { workspaceId: string; channelId: string }, message: { messageId: number; attachments: { url: string }[] }): Promise<void> {
  if (message.messageId <= 0 || !message.attachments.some(isPlatformMedia)) return;
  await enqueueMediaFetch(db, { ...target, messageId: message.messageId });
}

/** The message's fetch job, keyed by the message (a re-delivery collides); `runAt` to wait out a rate limit. */
const enqueueMediaFetch = (db: Executor, payload: FetchMediaPayload, runAt?: Date) =>
  enqueueJob(db, FETCH_MEDIA_JOB, payload, { jobKey: `${FETCH_MEDIA_JOB}:${payload.messageId}`, maxAttempts: MAX_ATTEMPTS, ...(runAt ? { runAt } : {}) });

export type FetchMediaOptions = { limit?: number; graphHttp?: GraphHttp; telegramHttp?: TelegramHttp };
export type FetchMediaSummary = { stored: number; noted: number; failed: string[] };

/**
 * Thrown when some files could not be fetched this time (those done are kept): the job is retried.
 * `retryAfterMs`: the platform said when to come back (a rate limit's Retry-After).
 */
export class MediaFetchFailed extends Error {
  constructor(
    readonly failures: string[],
    readonly retryAfterMs?: number,
  ) {
    super(`Could not fetch ${failures.length === 1 ? 'a file' : `${failures.length} files`} of the message yet: ${failures.join('; ')}`);
    this.name = 'MediaFetchFailed';
  }
}

async function fetchOne(channel: ChannelRow, credentials: Record<string, unknown>, attachment: MessageAttachment, options: FetchMediaOptions): Promise<FetchedMedia> {
  const limit = options.limit ?? MEDIA_SIZE_LIMIT;
  const account = { config: channel.config, credentials };
  if (attachment.url.startsWith(WHATSAPP_PREFIX)) {
    if (channel.type !== 'whatsapp') return { kind: 'not_downloaded', reason: 'unavailable', note: `not downloaded: a WhatsApp file on a ${channel.type} channel`, size: null };
    return fetchWhatsAppMedia(whatsAppSettings(account), attachment.url.slice(WHATSAPP_PREFIX.length), { limit, ...(options.graphHttp ? { http: options.graphHttp } : {}) });
  }
  if (channel.type !== 'telegram') return { kind: 'not_downloaded', reason: 'unavailable', note: `not downloaded: a Telegram file on a ${channel.type} channel`, size: null };
  const bot = telegramBotOf(account, options.telegramHttp);
  if (!bot) throw new Error(`The Telegram channel "${channel.name}" has no bot token, so its customers' files cannot be downloaded: add the token @BotFather gave.`);
  return fetchTelegramFile(bot, attachment.url.slice(TELEGRAM_PREFIX.length), { limit, declaredSize: attachment.size });
}

/** The content type to store: the platform's when it names a real one, else what the webhook said. */
const contentTypeOf = (fetched: string | null, attachment: MessageAttachment) => (fetched && /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(fetched) ? fetched : attachment.contentType);

/** Downloads and stores the message's platform-id files; throws MediaFetchFailed (to be retried) when some could not be fetched this time. */
export async function fetchMessageMedia(deps: Pick<JobDeps, 'db' | 'secrets'>, payload: FetchMediaPayload, options: FetchMediaOptions = {}): Promise<FetchMediaSummary> {
  const summary: FetchMediaSummary = { stored: 0, noted: 0, failed: [] };
  let retryAfterMs: number | undefined;
  const message = await findMediaMessage(deps.db, payload);
  if (!message) return summary;
  const noted = new Set(notDownloadedOf(message).map((entry) => entry.url));
  const pending = message.attachments.filter((attachment) => isPlatformMedia(attachment) && !noted.has(attachment.url));
  if (pending.length === 0) return summary;
  const channel = await findChannel(deps.db, payload.workspaceId, payload.channelId);
  if (!channel) return summary;
  const credentials = openChannelCredentials(deps.secrets, channel.credentials);

  for (const attachment of pending) {
    let fetched: FetchedMedia;
    try {
      fetched = await fetchOne(channel, credentials, attachment, options);
    } catch (error) {
      summary.failed.push(`"${attachment.name}": ${error instanceof Error ? error.message : String(error)}`);
      if (error instanceof ChannelSendError && error.kind === 'rate_limited' && error.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs);
      continue;
    }
    const applied = await applyMediaResult(
      deps.db,
      payload,
      attachment.url,
      fetched.kind === 'file'
        ? { kind: 'file', name: attachment.name, contentType: contentTypeOf(fetched.contentType, attachment), content: fetched.bytes }
        : {
            kind: 'noted',
            // The note goes in the name too, which is what the thread shows of a file.
            name: `${attachment.name} — ${fetched.note}`.slice(0, 300),
            notDownloaded: { url: attachment.url, name: attachment.name, reason: fetched.reason, note: fetched.note, size: fetched.size },
          },
    );
    if (applied) summary[fetched.kind === 'file' ? 'stored' : 'noted'] += 1;
  }
  if (summary.failed.length > 0) throw new MediaFetchFailed(summary.failed, retryAfterMs);
  return summary;
}

export const fetchMediaJob = defineJob({
  id: FETCH_MEDIA_JOB,
  payload: fetchMediaPayload,
  handler: async (payload, deps, helpers) => {
    let summary: FetchMediaSummary;
    try {
      summary = await fetchMessageMedia(deps, payload);
    } catch (error) {
      // A rate limit that says when to come back is waited out exactly (graphile-worker's backoff would guess).
      const waits = payload.waits ?? 0;
      if (!(error instanceof MediaFetchFailed) || error.retryAfterMs === undefined || waits >= MAX_RATE_LIMIT_WAITS) throw error;
      const runAt = new Date(Date.now() + Math.min(error.retryAfterMs, MAX_RATE_LIMIT_WAIT_MS));
      await enqueueMediaFetch(deps.db, { ...payload, waits: waits + 1 }, runAt);
      helpers.logger.info(`media of message ${payload.messageId}: rate limited, tried again at ${runAt.toISOString()} (${error.message})`);
      return;
    }
    if (summary.stored + summary.noted > 0) helpers.logger.info(`media of message ${payload.messageId}: ${summary.stored} stored, ${summary.noted} kept with a note`);
  },
});
