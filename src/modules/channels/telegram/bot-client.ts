// The Telegram Bot API as the Telegram channel uses it: sendMessage (replies, inline keyboards),
// sendPhoto / sendDocument by URL or by a file_id Telegram already has, answerCallbackQuery,
// setWebhook, and getFile with the download of a customer's file (GET /file/bot<token>/<file_path>).
// Every method is POST /bot<token>/<method> with a JSON body answering {ok, result} or
// {ok: false, error_code, description, parameters}. The token is in the path, so no URL is ever logged.
import { ChannelSendError } from '../driver.js';

export const TELEGRAM_API_BASE_URL = 'https://api.telegram.org';
const REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
const DOWNLOAD_TIMEOUT_MS = 120_000;

export type TelegramHttp = { fetch: typeof fetch };
export const defaultTelegramHttp = (): TelegramHttp => ({ fetch: (input, init) => fetch(input, init) });

/** An inline keyboard button: `data` comes back as a callback query, `url` opens a link. */
export type InlineButton = { text: string; data?: string; url?: string };

export type SentTelegramMessage = { chatId: string; messageId: number };

/** getFile's File: `filePath` is missing when Telegram will not serve the file to the bot */
export type TelegramFile = { fileId: string; size: number | null; filePath: string | null };

type Failure = { error_code?: unknown; description?: unknown; parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown } };

/** Telegram's refusal as the channel's send failure. */
export function telegramFailure(httpStatus: number, body: Failure | null, method: string): ChannelSendError {
  const code = typeof body?.error_code === 'number' ? body.error_code : httpStatus;
  const description = typeof body?.description === 'string' && body.description.trim() ? body.description.slice(0, 300) : `HTTP ${httpStatus}`;
  if (code === 429) {
    const seconds = Number(body?.parameters?.retry_after);
    return new ChannelSendError('rate_limited', `Telegram asks to slow down: ${description}`, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS);
  }
  // A token Telegram does not know answers 401 Unauthorized, one that is not a token at all 404 Not Found.
  if (code === 401 || code === 404) return new ChannelSendError('credentials', `Telegram refused the bot token (${code} ${description}): connect the channel again with the token @BotFather gave.`);
  if (code === 403) {
    if (/blocked by the user/i.test(description)) return new ChannelSendError('permanent', `The customer blocked the bot, so Telegram does not deliver its messages (${description}).`);
    return new ChannelSendError('permanent', `Telegram does not let the bot write here: ${description}`);
  }
  if (code >= 500) return new ChannelSendError('temporary', `Telegram failed (${code}): ${description}`);
  const migrated = body?.parameters?.migrate_to_chat_id;
  if (migrated !== undefined) return new ChannelSendError('permanent', `The group became a supergroup with chat id ${String(migrated)}; its new messages arrive in a new conversation (${description}).`);
  return new ChannelSendError('permanent', `Telegram refused ${method} (${code}): ${description}`);
}

export class TelegramBotClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly http: TelegramHttp = defaultTelegramHttp(),
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** One Bot API call; answers its `result`. Failures are ChannelSendErrors. */
  async call<T>(method: string, params: Record<string, unknown>): Promise<T> {
    const url = `${this.base}/bot${this.token}/${method}`;
    let response: Response;
    try {
      response = await this.http.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(params), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      // Only the host: the URL carries the token.
      throw new ChannelSendError('temporary', `Cannot reach Telegram (${new URL(this.base).host}) for ${method}: ${error instanceof Error ? error.message : String(error)}`);
    }
    type Answer = { ok?: unknown; result?: unknown } & Failure;
    let body: Answer | null = null;
    try {
      const parsed: unknown = await response.json();
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Answer) : null;
    } catch {
      body = null;
    }
    if (response.ok && body?.ok === true) return body.result as T;
    if (response.ok && body === null) throw new ChannelSendError('temporary', `Telegram answered ${method} without JSON`);
    throw telegramFailure(response.status, body, method);
  }

  async sendMessage(input: { chatId: string; text: string; replyToMessageId?: number; buttons?: InlineButton[][] }): Promise<SentTelegramMessage> {
    return sent(
      await this.call('sendMessage', {
        chat_id: input.chatId,
        text: input.text,
        ...replyParams(input.replyToMessageId),
        ...keyboard(input.buttons),
      }),
    );
  }

  /** A photo or document by URL (Telegram downloads it) or by the file_id of a file Telegram has. */
  async sendFile(kind: 'photo' | 'document', input: { chatId: string; file: string; caption?: string; replyToMessageId?: number; buttons?: InlineButton[][] }): Promise<SentTelegramMessage> {
    return sent(
      await this.call(kind === 'photo' ? 'sendPhoto' : 'sendDocument', {
        chat_id: input.chatId,
        [kind]: input.file,
        ...(input.caption ? { caption: input.caption } : {}),
        ...replyParams(input.replyToMessageId),
        ...keyboard(input.buttons),
      }),
    );
  }

  /** Stops the spinner on the button the customer pressed (optionally with a short notice). */
  async answerCallbackQuery(callbackQueryId: string, text?: string): Promise<void> {
    await this.call('answerCallbackQuery', { callback_query_id: callbackQueryId, ...(text ? { text } : {}) });
  }

  /** A file's size and download path (getFile). Telegram serves bots files up to 20 MB; bigger ones are refused ("file is too big"). */
  async getFile(fileId: string): Promise<TelegramFile> {
    const result = await this.call<{ file_id?: unknown; file_size?: unknown; file_path?: unknown } | null>('getFile', { file_id: fileId });
    const size = typeof result?.file_size === 'number' && Number.isSafeInteger(result.file_size) ? result.file_size : null;
    return { fileId: typeof result?.file_id === 'string' ? result.file_id : fileId, size, filePath: typeof result?.file_path === 'string' && result.file_path !== '' ? result.file_path : null };
  }

  /** GET /file/bot<token>/<file_path>: Telegram's answer as it comes, for the caller to read within its limit. */
  async downloadFile(filePath: string): Promise<Response> {
    const url = `${this.base}/file/bot${this.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
    try {
      return await this.http.fetch(url, { method: 'GET', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch (error) {
      // Only the host: the URL carries the token.
      throw new ChannelSendError('temporary', `Cannot download a file from Telegram (${new URL(this.base).host}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Points the bot's updates at Parley's webhook; Telegram then sends the secret in X-Telegram-Bot-Api-Secret-Token. */
  async setWebhook(input: { url: string; secretToken: string; allowedUpdates?: string[] }): Promise<void> {
    await this.call('setWebhook', { url: input.url, secret_token: input.secretToken, allowed_updates: input.allowedUpdates ?? ['message', 'edited_message', 'channel_post', 'edited_channel_post', 'callback_query'] });
  }
}

// allow_sending_without_reply: a reply to a message deleted since still goes out, unthreaded.
const replyParams = (messageId: number | undefined) => (messageId ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {});

const keyboard = (buttons: InlineButton[][] | undefined) =>
  buttons?.length ? { reply_markup: { inline_keyboard: buttons.map((row) => row.map((button) => ({ text: button.text, ...(button.url ? { url: button.url } : { callback_data: button.data ?? button.text }) }))) } } : {};

function sent(result: unknown): SentTelegramMessage {
  const message = typeof result === 'object' && result !== null ? (result as { message_id?: unknown; chat?: { id?: unknown } }) : {};
  const chatId = message.chat?.id;
  if (typeof message.message_id !== 'number' || (typeof chatId !== 'number' && typeof chatId !== 'string')) throw new ChannelSendError('temporary', 'Telegram accepted the message without its chat and message id');
  return { chatId: String(chatId), messageId: message.message_id };
}
