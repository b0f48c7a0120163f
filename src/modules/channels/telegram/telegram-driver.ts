// The Telegram channel's driver: an agent's message goes to the conversation's chat through the bot (a
// reply to the customer's message when there is one, files as photos or documents by URL, the buttons it
// carries as an inline keyboard), and gets `${chatId}:${messageId}` as its id, the key parse-update gives
// Telegram messages, so edits match.
// Also here: the acknowledgement of a pressed inline button (channels.telegram.answer_callback, queued
// by the webhook drain), and registering the channel's webhook URL and secret with Telegram.
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client.js';
import { defineJob, type JobDeps } from '../../../jobs/define.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { ChannelSendError, type ChannelDriver, type DriverContext, type OutboundAttachment, type OutboundMessage } from '../driver.js';
import type { InboundMessage } from '../inbound.js';
import { registerChannelDriver } from '../registry.js';
import { findChannel } from '../repository.js';
import { openChannelCredentials } from '../settings.js';
import { webhookUrlOf } from '../webhooks/channel-settings.js';
import { outboundMessage } from '../whatsapp/repository.js';
import { defaultTelegramHttp, TELEGRAM_API_BASE_URL, TelegramBotClient, type InlineButton, type SentTelegramMessage, type TelegramHttp } from './bot-client.js';

/** Telegram's limit on a photo's or document's caption; longer text goes as its own message first. */
const CAPTION_LIMIT = 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function botOf(channel: { config: Record<string, unknown>; credentials: Record<string, unknown> }, http: TelegramHttp): TelegramBotClient | null {
  const token = stringOf(channel.credentials.botToken);
  return token ? new TelegramBotClient(stringOf(channel.config.apiBaseUrl) ?? TELEGRAM_API_BASE_URL, token, http) : null;
}

/** Telegram's limit on a button's callback_data, in bytes */
const CALLBACK_DATA_LIMIT = 64;

/**
 * The inline keyboard of the buttons a message carries in `data.interactive` (as for WhatsApp: reply
 * buttons in one row, a list's rows one per row); each button's id comes back as a callback query.
 */
export function inlineKeyboardOf(data: Record<string, unknown> | undefined): InlineButton[][] | { refusal: string } | undefined {
  const interactive = data?.interactive as { type?: unknown; buttons?: unknown; sections?: unknown } | undefined;
  if (!interactive) return undefined;
  type Choice = { id?: unknown; title?: unknown };
  let rows: Choice[][];
  if (interactive.type === 'buttons' && Array.isArray(interactive.buttons)) rows = [interactive.buttons as Choice[]];
  else if (interactive.type === 'list' && Array.isArray(interactive.sections)) rows = (interactive.sections as { rows?: Choice[] }[]).flatMap((section) => (section.rows ?? []).map((row) => [row]));
  else return { refusal: 'The buttons on this message are not in a form Parley can send to Telegram (data.interactive of type buttons or list).' };
  const keyboard: InlineButton[][] = [];
  for (const row of rows) {
    const buttons: InlineButton[] = [];
    for (const choice of row) {
      const title = stringOf(choice.title);
      const id = stringOf(choice.id) ?? title;
      if (!title || !id) return { refusal: 'A Telegram button needs a title.' };
      if (Buffer.byteLength(id, 'utf8') > CALLBACK_DATA_LIMIT) return { refusal: `Telegram button ids are at most ${CALLBACK_DATA_LIMIT} bytes; "${id.slice(0, 80)}" is longer.` };
      buttons.push({ text: title, data: id });
    }
    if (buttons.length) keyboard.push(buttons);
  }
  return keyboard.length ? keyboard : { refusal: 'The message carries an empty set of buttons.' };
}

/** What Telegram is given for a file: the file_id of one it already has, or a public URL it downloads (a stored file's signed link). */
function fileRef(attachment: OutboundAttachment): string | null {
  if (attachment.url.startsWith('telegram-file:')) return attachment.url.slice('telegram-file:'.length) || null;
  const url = attachment.publicUrl ?? attachment.url;
  return /^https?:\/\//i.test(url) ? url : null;
}

type Plan = { reason: string } | { reason: null; bot: TelegramBotClient; chatId: string; replyTo: number | undefined };

function plan(context: DriverContext, message: OutboundMessage, http: TelegramHttp): Plan {
  const bot = botOf(context.channel, http);
  if (!bot) return { reason: `The Telegram channel "${context.channel.name}" has no bot token: add the token @BotFather gave to send.` };
  const chatId = message.externalThreadId;
  if (!chatId || !/^-?\d+$/.test(chatId)) return { reason: 'This conversation did not come from a Telegram chat.' };
  const unreachable = message.attachments.find((attachment) => !fileRef(attachment));
  if (unreachable) return { reason: `Telegram downloads files from a public http(s) URL; "${unreachable.name}" is not at one.` };
  // Only a message of this chat can be replied to (a pressed button's id is `callback:…`).
  const answered = message.replyToExternalId?.startsWith(`${chatId}:`) ? Number(message.replyToExternalId.slice(chatId.length + 1)) : undefined;
  return { reason: null, bot, chatId, replyTo: answered && Number.isSafeInteger(answered) ? answered : undefined };
}

export function createTelegramDriver(http: TelegramHttp = defaultTelegramHttp()): ChannelDriver {
  return {
    type: 'telegram',
    cannotReply(context, message) {
      return plan(context, message, http).reason;
    },
    async send(context, message) {
      const planned = plan(context, message, http);
      if (planned.reason !== null) throw new ChannelSendError('permanent', planned.reason);
      const { bot, chatId, replyTo } = planned;
      const keyboard = inlineKeyboardOf((await outboundMessage(context.db, context.channel.workspaceId, Number(message.messageId)))?.data);
      if (keyboard && 'refusal' in keyboard) throw new ChannelSendError('permanent', keyboard.refusal);
      const text = message.text.trim();
      const reply = replyTo ? { replyToMessageId: replyTo } : {};
      // The text rides on the first file as its caption when it fits; the message's id, its buttons and its
      // reply go with the first part.
      const captioned = text !== '' && text.length <= CAPTION_LIMIT && message.attachments.length > 0;
      const firstPart = { ...reply, ...(keyboard ? { buttons: keyboard } : {}) };
      let first: SentTelegramMessage | undefined;
      if (text !== '' && !captioned) first = await bot.sendMessage({ chatId, text, ...firstPart });
      for (const [index, attachment] of message.attachments.entries()) {
        const kind = PHOTO_TYPES.has(attachment.contentType.toLowerCase()) ? 'photo' : 'document';
        const sent = await bot.sendFile(kind, { chatId, file: fileRef(attachment)!, ...(captioned && index === 0 ? { caption: text } : {}), ...(first ? {} : firstPart) });
        first ??= sent;
      }
      if (!first) throw new ChannelSendError('permanent', 'A Telegram message needs text or a file.');
      return { externalId: `${first.chatId}:${first.messageId}`, status: 'sent' };
    },
  };
}

export const telegramDriver = createTelegramDriver();
registerChannelDriver(telegramDriver);

export const ANSWER_CALLBACK_JOB = 'channels.telegram.answer_callback';

const callbackPayload = z.object({ workspaceId: z.string(), channelId: z.string(), callbackQueryId: z.string().min(1) });
type CallbackPayload = z.infer<typeof callbackPayload>;

/** Called by the webhook drain for each Telegram message: a pressed button is acknowledged right away, by a job. */
export async function queueCallbackAnswer(db: Executor, target: { workspaceId: string; channelId: string }, message: InboundMessage): Promise<void> {
  const callbackQueryId = stringOf(message.data?.callbackQueryId);
  if (!callbackQueryId) return;
  // Telegram gives up on an unanswered callback within seconds, so a failure is retried briefly, not for hours.
  await enqueueJob(db, ANSWER_CALLBACK_JOB, { ...target, callbackQueryId }, { jobKey: `telegram-callback:${target.channelId}:${callbackQueryId}`, maxAttempts: 3 });
}

export type CallbackOutcome = 'answered' | 'no_channel' | 'no_token' | 'refused';

/** Answers one callback query through the channel's bot. Throws (to be retried) only on temporary failures. */
export async function answerCallback(deps: Pick<JobDeps, 'db' | 'secrets'>, payload: CallbackPayload, http: TelegramHttp = defaultTelegramHttp()): Promise<CallbackOutcome> {
  const channel = await findChannel(deps.db, payload.workspaceId, payload.channelId);
  if (!channel || channel.type !== 'telegram') return 'no_channel';
  const bot = botOf({ config: channel.config, credentials: openChannelCredentials(deps.secrets, channel.credentials) }, http);
  if (!bot) return 'no_token';
  try {
    await bot.answerCallbackQuery(payload.callbackQueryId);
    return 'answered';
  } catch (error) {
    // A query answered already or too old (400), or a bad token (the next send marks the channel): nothing to retry.
    if (error instanceof ChannelSendError && (error.kind === 'permanent' || error.kind === 'credentials')) return 'refused';
    throw error;
  }
}

export const answerCallbackJob = defineJob({
  id: ANSWER_CALLBACK_JOB,
  payload: callbackPayload,
  handler: async (payload, deps, helpers) => {
    const outcome = await answerCallback(deps, payload);
    if (outcome !== 'answered') helpers.logger.info(`telegram callback ${payload.callbackQueryId} not answered: ${outcome}`);
  },
});

/** Registers the channel's webhook URL and secret token with Telegram (setWebhook); answers the URL. */
export async function setTelegramWebhook(
  db: Database,
  secrets: SecretBox,
  input: { workspaceId: string; channelId: string; publicUrl: string },
  http: TelegramHttp = defaultTelegramHttp(),
): Promise<{ webhookUrl: string }> {
  const channel = await findChannel(db, input.workspaceId, input.channelId);
  if (!channel || channel.type !== 'telegram') throw new Error(`No Telegram channel ${input.channelId} in this workspace.`);
  const credentials = openChannelCredentials(secrets, channel.credentials);
  const bot = botOf({ config: channel.config, credentials }, http);
  const secretToken = stringOf(credentials.secretToken);
  if (!bot || !secretToken) throw new Error(`The Telegram channel "${channel.name}" needs its bot token and secret token before its webhook can be set.`);
  const webhookUrl = webhookUrlOf(input.publicUrl, 'telegram', channel.id);
  await bot.setWebhook({ url: webhookUrl, secretToken });
  return { webhookUrl };
}
