// The Telegram Bot API for tests, on a real port: POST /bot<token>/<method> for sendMessage, sendPhoto,
// sendDocument, answerCallbackQuery, setWebhook and getFile, answering {ok, result} or Telegram's errors
// (401 for an unknown token, 403 when the user blocked the bot, 400 for bad requests, 429 with
// retry_after when injected), and GET /file/bot<token>/<file_path> serving the files of `files` (those
// over 20 MB getFile refuses, as Telegram does for bots). Every call is recorded with its method and JSON body.
import { FailureQueue, startJsonServer } from '../fake-platform-server.js';

export type FakeTelegramCall = { method: string; token: string; contentType: string | undefined; body: Record<string, unknown>; /** the result the fake answered */ result?: Record<string, unknown> };
export type FakeTelegramFailure = { status: number; body: Record<string, unknown> };

export type FakeTelegram = {
  url: string;
  calls: FakeTelegramCall[];
  /** accepted calls of one method, in order */
  of(method: string): FakeTelegramCall[];
  failNext(method: string, ...failures: FakeTelegramFailure[]): void;
  /** chat ids whose user blocked the bot */
  blocked: Set<string>;
  /** customers' files by file_id */
  files: Map<string, FakeTelegramFile>;
  /** the file downloads asked for, in order, with what was answered */
  downloads: FakeTelegramDownload[];
  close(): Promise<void>;
};

/** A file a customer sent; `fileSize` is what getFile reports (the bytes' length unless set) */
export type FakeTelegramFile = { bytes: Buffer; fileSize?: number };
export type FakeTelegramDownload = { token: string; filePath: string; status: number };

/** What the Bot API serves bots */
const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export async function startFakeTelegram(options: { token: string; blockedChats?: string[] }): Promise<FakeTelegram> {
  const calls: FakeTelegramCall[] = [];
  const accepted: FakeTelegramCall[] = [];
  const failures = new FailureQueue<FakeTelegramFailure>();
  const answered = new Set<string>();
  const blocked = new Set(options.blockedChats ?? []);
  const nextMessageId = new Map<string, number>();
  const files = new Map<string, FakeTelegramFile>();
  const downloads: FakeTelegramDownload[] = [];
  /** file_id → the path getFile gave it, and back */
  const pathOf = new Map<string, string>();
  const fileAt = new Map<string, string>();
  const bot = { id: 7_000_000_001, is_bot: true, first_name: 'Parley Support', username: 'parley_support_bot' };

  const server = await startJsonServer(
    (request, send, sendBytes) => {
      const error = (code: number, description: string) => send(code, { ok: false, error_code: code, description });
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(request.path);
      if (download && request.method === 'GET') {
        const [, token, filePath] = download as unknown as [string, string, string];
        const fileId = token === options.token ? fileAt.get(decodeURIComponent(filePath)) : undefined;
        const file = fileId ? files.get(fileId) : undefined;
        downloads.push({ token, filePath: decodeURIComponent(filePath), status: file ? 200 : 404 });
        return file ? sendBytes(200, file.bytes) : error(404, 'Not Found');
      }
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.path);
      if (!match || request.method !== 'POST') return error(404, 'Not Found');
      const [, token, method] = match as unknown as [string, string, string];
      if (request.body.trim() !== '' && !request.json) return error(400, "Bad Request: can't parse JSON object");
      const body = request.json ?? {};
      const call: FakeTelegramCall = { method, token, contentType: request.headers['content-type'], body };
      calls.push(call);
      // Telegram: a token of the right shape it does not know is 401; anything else in its place is 404.
      if (token !== options.token) return /^\d+:[\w-]{20,}$/.test(token) ? error(401, 'Unauthorized') : error(404, 'Not Found');
      const failure = failures.take(method);
      if (failure) return send(failure.status, failure.body);

      const chatId = body.chat_id === undefined ? undefined : String(body.chat_id);
      const message = (content: Record<string, unknown>) => {
        const messageId = nextMessageId.get(chatId!) ?? 500;
        nextMessageId.set(chatId!, messageId + 1);
        const reply = body.reply_parameters as { message_id?: unknown } | undefined;
        accepted.push(call);
        const result = {
          message_id: messageId,
          from: bot,
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'group' : 'private' },
          date: Math.floor(Date.now() / 1000),
          ...(reply?.message_id ? { reply_to_message: { message_id: reply.message_id, chat: { id: Number(chatId) } } } : {}),
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
          ...content,
        };
        call.result = result;
        return send(200, { ok: true, result });
      };
      const needsChat = ['sendMessage', 'sendPhoto', 'sendDocument'].includes(method);
      if (needsChat && (!chatId || !/^-?\d+$/.test(chatId))) return error(400, 'Bad Request: chat not found');
      if (needsChat && blocked.has(chatId!)) return error(403, 'Forbidden: bot was blocked by the user');

      switch (method) {
        case 'sendMessage':
          if (typeof body.text !== 'string' || body.text.trim() === '') return error(400, 'Bad Request: message text is empty');
          return message({ text: body.text });
        case 'sendPhoto':
          if (typeof body.photo !== 'string' || body.photo === '') return error(400, 'Bad Request: there is no photo in the request');
          return message({ photo: [{ file_id: `photo-${calls.length}`, file_unique_id: `u${calls.length}`, width: 800, height: 600 }], ...(body.caption ? { caption: body.caption } : {}) });
        case 'sendDocument':
          if (typeof body.document !== 'string' || body.document === '') return error(400, 'Bad Request: there is no document in the request');
          return message({ document: { file_id: `doc-${calls.length}`, file_unique_id: `u${calls.length}` }, ...(body.caption ? { caption: body.caption } : {}) });
        case 'answerCallbackQuery': {
          const id = body.callback_query_id;
          if (typeof id !== 'string' || answered.has(id)) return error(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
          answered.add(id);
          accepted.push(call);
          return send(200, { ok: true, result: true });
        }
        case 'getFile': {
          const fileId = typeof body.file_id === 'string' ? body.file_id : '';
          const file = files.get(fileId);
          if (!file) return error(400, 'Bad Request: wrong file_id or the file is temporarily unavailable');
          const size = file.fileSize ?? file.bytes.length;
          if (size > BOT_DOWNLOAD_LIMIT) return error(400, 'Bad Request: file is too big');
          const filePath = pathOf.get(fileId) ?? `documents/file_${pathOf.size}.bin`;
          pathOf.set(fileId, filePath);
          fileAt.set(filePath, fileId);
          accepted.push(call);
          return send(200, { ok: true, result: { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: size, file_path: filePath } });
        }
        case 'setWebhook':
          if (typeof body.url !== 'string' || !body.url.startsWith('https://')) return error(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
          if (body.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(body.secret_token))) return error(400, 'Bad Request: secret token contains unallowed characters');
          accepted.push(call);
          return send(200, { ok: true, result: true, description: 'Webhook was set' });
        default:
          return error(404, 'Not Found: method not found');
      }
    },
    { contentType: 'application/json' },
  );
  return {
    url: server.url,
    calls,
    of: (method) => accepted.filter((call) => call.method === method),
    failNext: (method, ...added) => failures.add(method, ...added),
    blocked,
    files,
    downloads,
    close: server.close,
  };
}
