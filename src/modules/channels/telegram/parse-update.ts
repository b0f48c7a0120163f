// Telegram Bot API updates (one per webhook call; a getUpdates response `{ok, result: [...]}` is read too):
// messages and channel posts with their media, edits, and inline-button callbacks. The thread is the chat id;
// message ids are only unique inside a chat, so a message is `${chatId}:${message_id}`.
import { WebhookParseError, senderIdentity, type InboundAttachment, type InboundEvent, type InboundSender } from '../inbound.js';
import { asArray, asId, asMimeType, asNumber, asObject, asObjects, asString, asTime, compact, describeError, type JsonObject } from '../inbound-json.js';

type MessageKey = 'message' | 'channel_post' | 'business_message';

/** Service messages: members joining, chat migrations, video chats… (not something a person wrote) */
const serviceKeys = [
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'channel_chat_created',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'pinned_message',
  'message_auto_delete_timer_changed',
  'proximity_alert_triggered',
  'write_access_allowed',
  'video_chat_scheduled',
  'video_chat_started',
  'video_chat_ended',
  'video_chat_participants_invited',
  'forum_topic_created',
  'forum_topic_closed',
  'forum_topic_reopened',
  'successful_payment',
  'users_shared',
  'chat_shared',
  'connected_website',
];

export function parseTelegramUpdate(body: unknown): InboundEvent[] {
  const envelope = asObject(body);
  if (envelope && envelope.ok === true && Array.isArray(envelope.result)) {
    return asArray(envelope.result).flatMap((update, index) => {
      const object = asObject(update);
      return object && asNumber(object.update_id) !== undefined ? parseOne(object) : [unsupported('telegram.update', `result ${index} is not an update`)];
    });
  }
  if (!envelope || asNumber(envelope.update_id) === undefined) {
    throw new WebhookParseError('telegram', 'not a Telegram update: expected {"update_id": number, ...} or a getUpdates response');
  }
  return parseOne(envelope);
}

function parseOne(update: JsonObject): InboundEvent[] {
  const events: InboundEvent[] = [];
  const kinds = Object.keys(update).filter((key) => key !== 'update_id');
  for (const key of kinds) {
    const value = asObject(update[key]);
    try {
      if (!value) events.push(unsupported(`telegram.${key}`, 'not an object'));
      else if (key === 'message' || key === 'channel_post' || key === 'business_message') events.push(parseMessage(value, key));
      else if (key === 'edited_message' || key === 'edited_channel_post' || key === 'edited_business_message') events.push(parseEdit(value, key));
      else if (key === 'callback_query') events.push(parseCallback(value));
      else events.push(unsupported(`telegram.${key}`, 'update type Parley does not act on'));
    } catch (error) {
      events.push(unsupported(`telegram.${key}`, `could not be read: ${describeError(error)}`));
    }
  }
  return events.length > 0 ? events : [unsupported('telegram.update', 'update with no content')];
}

function parseMessage(message: JsonObject, key: MessageKey): InboundEvent {
  const chat = asObject(message.chat);
  const chatId = asId(chat?.id);
  const messageId = asId(message.message_id);
  if (!chatId || !messageId) return unsupported(`telegram.${key}`, 'message without a chat or message id');
  const service = serviceKeys.find((serviceKey) => message[serviceKey] !== undefined);
  if (service) return unsupported(`telegram.${key}.${service}`, 'service message');

  const sender = senderOf(message, chat);
  if (!sender) return unsupported(`telegram.${key}`, 'message without a sender');
  const { text, attachments, data } = content(message);
  if (text === '' && attachments.length === 0 && Object.keys(data).length === 0) {
    const other = Object.keys(message).find((name) => !['message_id', 'from', 'chat', 'date', 'sender_chat', 'entities'].includes(name));
    return unsupported(`telegram.${key}.${other ?? 'empty'}`, 'message content Parley does not read');
  }
  const reply = asObject(message.reply_to_message);
  const replyId = asId(reply?.message_id);
  const chatType = asString(chat?.type) ?? 'private';
  const forwardFrom = asObject(message.forward_from);
  const forwardOrigin = asObject(message.forward_origin);
  const extra = compact({
    ...data,
    chatType,
    chatTitle: asString(chat?.title),
    forwarded: forwardFrom || forwardOrigin || message.forward_date !== undefined ? true : undefined,
    mediaGroupId: asId(message.media_group_id),
    command: commandOf(message),
  });
  return {
    kind: 'message',
    externalThreadId: chatId,
    externalMessageId: `${chatId}:${messageId}`,
    // Groups and channels are seen by all their members; a private chat is only the person and the bot.
    visibility: chatType === 'private' ? 'private' : 'public',
    sender,
    text,
    attachments,
    replyToExternalId: replyId ? `${asId(asObject(reply?.chat)?.id) ?? chatId}:${replyId}` : null,
    occurredAt: asTime(message.date),
    ...(asString(chat?.title) && chatType !== 'private' ? { subject: asString(chat?.title) } : {}),
    data: extra,
  };
}

function parseEdit(message: JsonObject, key: string): InboundEvent {
  const chatId = asId(asObject(message.chat)?.id);
  const messageId = asId(message.message_id);
  if (!chatId || !messageId) return unsupported(`telegram.${key}`, 'edit without a chat or message id');
  const text = asString(message.text) ?? asString(message.caption);
  // Live locations are edits of a location message every few seconds, with no text.
  if (text === undefined) return unsupported(`telegram.${key}.${asObject(message.location) ? 'location' : 'media'}`, 'edit without text (a live location or media change)');
  return { kind: 'edit', externalMessageId: `${chatId}:${messageId}`, text, occurredAt: asTime(message.edit_date ?? message.date) };
}

function parseCallback(callback: JsonObject): InboundEvent {
  const id = asId(callback.id);
  const from = asObject(callback.from);
  const fromId = asId(from?.id);
  if (!id || !fromId) return unsupported('telegram.callback_query', 'callback without an id or sender');
  const message = asObject(callback.message);
  const chatId = asId(asObject(message?.chat)?.id);
  const messageId = asId(message?.message_id);
  const data = asString(callback.data);
  const game = asString(callback.game_short_name);
  return {
    kind: 'message',
    // Buttons on an inline message have no chat; the person's private chat with the bot has their user id.
    externalThreadId: chatId ?? fromId,
    externalMessageId: `callback:${id}`,
    visibility: 'private',
    sender: userSender(from ?? {}, fromId),
    text: data ?? game ?? '',
    attachments: [],
    replyToExternalId: chatId && messageId ? `${chatId}:${messageId}` : null,
    // A callback has no time of its own (message.date is when the bot's message was sent); it happened just now.
    occurredAt: new Date(),
    data: compact({ callbackData: data ?? null, callbackQueryId: id, inlineMessageId: asId(callback.inline_message_id), gameShortName: game }),
  };
}

function senderOf(message: JsonObject, chat: JsonObject | undefined): InboundSender | undefined {
  const from = asObject(message.from);
  const fromId = asId(from?.id);
  // Channel posts and anonymous group admins speak as a chat.
  const senderChat = asObject(message.sender_chat) ?? (fromId ? undefined : chat);
  if (senderChat && (!fromId || from?.is_bot === true || asObject(message.sender_chat))) {
    const chatId = asId(senderChat.id);
    if (chatId) {
      const username = asString(senderChat.username);
      const title = asString(senderChat.title);
      return { identity: senderIdentity('telegram', chatId, { handle: username, displayName: title, profileUrl: username ? `https://t.me/${username}` : undefined }), ...(title ? { name: title } : {}) };
    }
  }
  return fromId && from ? userSender(from, fromId) : undefined;
}

function userSender(from: JsonObject, fromId: string): InboundSender {
  const username = asString(from.username);
  const name = [asString(from.first_name), asString(from.last_name)].filter(Boolean).join(' ') || undefined;
  const phone = asString(from.phone_number);
  return {
    identity: senderIdentity('telegram', fromId, { handle: username, displayName: name, profileUrl: username ? `https://t.me/${username}` : undefined }),
    ...(name ? { name } : {}),
    ...(phone ? { phone } : {}),
  };
}

function content(message: JsonObject): { text: string; attachments: InboundAttachment[]; data: Record<string, unknown> } {
  const text = asString(message.text) ?? asString(message.caption) ?? '';
  const attachments: InboundAttachment[] = [];
  const file = (value: JsonObject | undefined, fallbackName: string, fallbackType: string): void => {
    const fileId = asId(value?.file_id);
    if (!value || !fileId) return;
    attachments.push({
      name: asString(value.file_name) ?? asString(value.title) ?? fallbackName,
      contentType: asMimeType(value.mime_type) ?? fallbackType,
      size: asNumber(value.file_size) ?? 0,
      url: `telegram-file:${fileId}`,
    });
  };
  // A photo comes in several sizes; the last is the largest.
  const photo = asObjects(message.photo).at(-1);
  file(photo, 'photo.jpg', 'image/jpeg');
  file(asObject(message.document), 'document', 'application/octet-stream');
  file(asObject(message.audio), 'audio', 'audio/mpeg');
  file(asObject(message.voice), 'voice.ogg', 'audio/ogg');
  file(asObject(message.video), 'video.mp4', 'video/mp4');
  file(asObject(message.video_note), 'video-note.mp4', 'video/mp4');
  file(asObject(message.animation), 'animation.mp4', 'video/mp4');
  const sticker = asObject(message.sticker);
  file(sticker, 'sticker.webp', sticker?.is_animated === true ? 'application/x-tgsticker' : sticker?.is_video === true ? 'video/webm' : 'image/webp');

  const location = asObject(message.location);
  const venue = asObject(message.venue);
  const contact = asObject(message.contact);
  const poll = asObject(message.poll);
  const data = compact({
    location: location ? compact({ latitude: asNumber(location.latitude), longitude: asNumber(location.longitude), livePeriod: asNumber(location.live_period) }) : undefined,
    venue: venue ? compact({ title: asString(venue.title), address: asString(venue.address) }) : undefined,
    contact: contact ? compact({ phone: asString(contact.phone_number), firstName: asString(contact.first_name), lastName: asString(contact.last_name), userId: asId(contact.user_id) }) : undefined,
    poll: poll ? compact({ id: asId(poll.id), question: asString(poll.question), options: asObjects(poll.options).map((option) => asString(option.text) ?? '') }) : undefined,
    sticker: sticker ? compact({ emoji: asString(sticker.emoji), setName: asString(sticker.set_name) }) : undefined,
  });
  let fallbackText = text;
  if (!fallbackText && venue) fallbackText = [asString(venue.title), asString(venue.address)].filter(Boolean).join(', ');
  else if (!fallbackText && location) fallbackText = `${asNumber(location.latitude) ?? '?'}, ${asNumber(location.longitude) ?? '?'}`;
  else if (!fallbackText && contact) fallbackText = [asString(contact.first_name), asString(contact.last_name), asString(contact.phone_number)].filter(Boolean).join(' ');
  else if (!fallbackText && poll) fallbackText = asString(poll.question) ?? '';
  else if (!fallbackText && sticker) fallbackText = asString(sticker.emoji) ?? '';
  return { text: fallbackText, attachments, data };
}

/** '/start' or '/help@SomeBot' at the start of the text, from a bot_command entity */
function commandOf(message: JsonObject): string | undefined {
  const text = asString(message.text);
  const entity = asObjects(message.entities).find((candidate) => candidate.type === 'bot_command' && asNumber(candidate.offset) === 0);
  const length = asNumber(entity?.length);
  return text && length ? text.slice(0, length) : undefined;
}

function unsupported(type: string, reason: string): InboundEvent {
  return { kind: 'unsupported', type, reason };
}
