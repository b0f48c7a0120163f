// A file a customer sent to the bot, downloaded through the Bot API: getFile names its path, then
// GET /file/bot<token>/<file_path> serves it. Telegram serves bots files up to 20 MB, so a bigger one
// (by the size the update gave, or getFile's "file is too big") is noted without a download.
import { retryAfterMs } from '../../listening/sources/retry-after.js';
import { ChannelSendError } from '../driver.js';
import { megabytes, parleyLimitNote, readCapped, tooLarge, unavailable, type FetchedMedia } from '../media/platform-media.js';
import { TELEGRAM_API_BASE_URL, TelegramBotClient, defaultTelegramHttp, type TelegramHttp } from './bot-client.js';

/** What the Bot API lets a bot download (core.telegram.org/bots/api#getfile) */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const TELEGRAM_LIMIT_NOTE = `Telegram lets bots download files up to ${megabytes(TELEGRAM_DOWNLOAD_LIMIT).replace(/\.0 MB$/, ' MB')}`;
const NO_LONGER_AVAILABLE = 'no longer available on Telegram';

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The channel's bot, or null without a token. */
export function telegramBotOf(channel: { config: Record<string, unknown>; credentials: Record<string, unknown> }, http: TelegramHttp = defaultTelegramHttp()): TelegramBotClient | null {
  const token = stringOf(channel.credentials.botToken);
  return token ? new TelegramBotClient(stringOf(channel.config.apiBaseUrl) ?? TELEGRAM_API_BASE_URL, token, http) : null;
}

const limitNoteOf = (size: number, limit: number) => (size > TELEGRAM_DOWNLOAD_LIMIT ? TELEGRAM_LIMIT_NOTE : parleyLimitNote(limit));

/** The file behind a file_id (`declaredSize`: what the update said, 0 when it did not), or why only the attachment is kept. */
export async function fetchTelegramFile(bot: TelegramBotClient, fileId: string, options: { limit: number; declaredSize: number }): Promise<FetchedMedia> {
  const limit = Math.min(options.limit, TELEGRAM_DOWNLOAD_LIMIT);
  if (options.declaredSize > limit) return tooLarge(options.declaredSize, limitNoteOf(options.declaredSize, options.limit));
  let file;
  try {
    file = await bot.getFile(fileId);
  } catch (error) {
    if (!(error instanceof ChannelSendError) || error.kind !== 'permanent') throw error;
    if (/file is too big/i.test(error.message)) return tooLarge(null, TELEGRAM_LIMIT_NOTE);
    // "wrong file_id or the file is temporarily unavailable": an id from another bot, or a file Telegram let go.
    return unavailable(`${NO_LONGER_AVAILABLE} (${error.message})`);
  }
  if (file.size !== null && file.size > limit) return tooLarge(file.size, limitNoteOf(file.size, options.limit));
  if (!file.filePath) return unavailable(`${NO_LONGER_AVAILABLE} (getFile gave no path to download it from)`);
  const response = await bot.downloadFile(file.filePath);
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    return unavailable(NO_LONGER_AVAILABLE);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 401) throw new ChannelSendError('credentials', 'Telegram refused the bot token for a file download (401): connect the channel again with the token @BotFather gave.');
    if (response.status === 429) throw new ChannelSendError('rate_limited', `Telegram asks to slow down file downloads (429)`, retryAfterMs(response.headers));
    throw new ChannelSendError('temporary', `Telegram failed to serve a file (${response.status})`);
  }
  const read = await readCapped(response, limit);
  if ('tooLarge' in read) return tooLarge(read.tooLarge, limitNoteOf(read.tooLarge, options.limit));
  return { kind: 'file', bytes: read.bytes, contentType: null };
}
