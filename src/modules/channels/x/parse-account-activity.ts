// X Account Activity API deliveries for the subscribed user (`for_user_id`): direct messages (thread = the sorted
// pair of user ids), tweets mentioning or replying to the user as public messages (thread = the conversation root),
// read receipts; follows, favorites, typing and the like are kept as unsupported.
import { WebhookParseError, senderIdentity, type InboundAttachment, type InboundEvent } from '../inbound.js';
import { asId, asNumber, asObject, asObjects, asString, asTime, compact, describeError, type JsonObject } from '../inbound-json.js';

const ignoredActivities = [
  'favorite_events',
  'follow_events',
  'unfollow_events',
  'block_events',
  'unblock_events',
  'mute_events',
  'unmute_events',
  'tweet_delete_events',
  'direct_message_indicate_typing_events',
  'user_event',
];

export function parseAccountActivity(body: unknown): InboundEvent[] {
  const envelope = asObject(body);
  const activityKeys = envelope ? Object.keys(envelope).filter((key) => key.endsWith('_events') || key === 'user_event') : [];
  if (!envelope || activityKeys.length === 0) {
    throw new WebhookParseError('x', 'not an X Account Activity delivery: expected "for_user_id" and an "*_events" list or "user_event"');
  }
  const forUserId = asId(envelope.for_user_id);
  const users = collectUsers(envelope);
  const events: InboundEvent[] = [];
  for (const key of activityKeys) {
    try {
      if (key === 'direct_message_events') {
        for (const event of asObjects(envelope[key])) events.push(parseDirectMessage(event, forUserId, users));
      } else if (key === 'tweet_create_events') {
        for (const tweet of asObjects(envelope[key])) events.push(parseTweet(tweet, forUserId));
      } else if (key === 'direct_message_mark_read_events') {
        for (const read of asObjects(envelope[key])) events.push(parseMarkRead(read, forUserId));
      } else {
        const count = Array.isArray(envelope[key]) ? envelope[key].length : 1;
        events.push({ kind: 'unsupported', type: `x.${key}`, reason: ignoredActivities.includes(key) ? `${count} activity item(s) Parley does not act on` : 'unknown activity type' });
      }
    } catch (error) {
      events.push({ kind: 'unsupported', type: `x.${key}`, reason: `could not be read: ${describeError(error)}` });
    }
  }
  return events;
}

/** Users by id: the delivery's `users` map (the documentation's example nests it, and users, inside `apps`) */
function collectUsers(envelope: JsonObject): Map<string, JsonObject> {
  const users = new Map<string, JsonObject>();
  const add = (map: JsonObject | undefined): void => {
    for (const [id, value] of Object.entries(map ?? {})) {
      const user = asObject(value);
      if (user && (user.screen_name !== undefined || user.name !== undefined) && !users.has(id)) users.set(id, user);
    }
  };
  add(asObject(envelope.users));
  const apps = asObject(envelope.apps);
  add(asObject(apps?.users));
  add(apps);
  return users;
}

function identityOf(userId: string, user: JsonObject | undefined): ReturnType<typeof senderIdentity> {
  const handle = asString(user?.screen_name) ?? asString(user?.username);
  return senderIdentity('twitter', userId, {
    handle,
    displayName: asString(user?.name),
    followers: asNumber(user?.followers_count) ?? asNumber(asObject(user?.public_metrics)?.followers_count),
    profileUrl: handle ? `https://x.com/${handle}` : undefined,
  });
}

function parseDirectMessage(event: JsonObject, forUserId: string | undefined, users: Map<string, JsonObject>): InboundEvent {
  const type = asString(event.type) ?? 'unknown';
  const create = asObject(event.message_create);
  const id = asId(event.id);
  if (type !== 'message_create' || !create || !id) return { kind: 'unsupported', type: `x.direct_message.${type}`, reason: 'not a message_create event' };
  const senderId = asId(create.sender_id);
  const recipientId = asId(asObject(create.target)?.recipient_id);
  const occurredAt = asTime(event.created_timestamp);
  if (!senderId) return { kind: 'unsupported', type: 'x.direct_message.message_create', reason: 'message without a sender' };
  // Our own DMs (sent through us or from the X app) come back too.
  if (senderId === forUserId) return { kind: 'status', externalMessageId: id, status: 'sent', occurredAt };

  const messageData = asObject(create.message_data) ?? {};
  const attachments: InboundAttachment[] = [];
  let text = asString(messageData.text) ?? '';
  // X sends one media object; some client libraries' fixtures hold a list.
  const attachmentMedia = asObject(messageData.attachment)?.media;
  const media = asObject(attachmentMedia) ?? asObjects(attachmentMedia)[0];
  if (media) {
    const attachment = mediaAttachment(media);
    if (attachment) attachments.push(attachment);
    // X appends the media's t.co link to the text; the attachment stands for it.
    const shortUrl = asString(media.url);
    if (shortUrl) text = text.replace(shortUrl, '').trim();
  }
  const quickReply = asObject(messageData.quick_reply_response);
  const pair = [senderId, recipientId ?? forUserId ?? 'unknown'].sort(byNumericId);
  return {
    kind: 'message',
    externalThreadId: pair.join(':'),
    externalMessageId: id,
    visibility: 'private',
    sender: { identity: identityOf(senderId, users.get(senderId)), ...(asString(users.get(senderId)?.name) ? { name: asString(users.get(senderId)?.name) } : {}) },
    text,
    attachments,
    replyToExternalId: null,
    occurredAt,
    ...(quickReply ? { data: compact({ quickReply: asString(quickReply.metadata) }) } : {}),
  };
}

function parseTweet(tweet: JsonObject, forUserId: string | undefined): InboundEvent {
  const id = asId(tweet.id_str) ?? asId(tweet.id);
  const user = asObject(tweet.user);
  const authorId = asId(user?.id_str) ?? asId(user?.id);
  const occurredAt = asTime(tweet.timestamp_ms ?? tweet.created_at);
  if (!id || !authorId) return { kind: 'unsupported', type: 'x.tweet_create_events', reason: 'tweet without an id or author' };
  if (authorId === forUserId) return { kind: 'status', externalMessageId: id, status: 'sent', occurredAt };
  if (asObject(tweet.retweeted_status)) return { kind: 'unsupported', type: 'x.tweet_create_events.retweet', reason: `retweet ${id} of the user's tweet` };

  const extended = asObject(tweet.extended_tweet);
  const inReplyTo = asId(tweet.in_reply_to_status_id_str) ?? asId(tweet.in_reply_to_status_id);
  const media = asObjects(asObject(extended?.extended_entities ?? tweet.extended_entities ?? tweet.entities)?.media);
  const attachments = media.flatMap((item) => mediaAttachment(item) ?? []);
  const handle = asString(user?.screen_name);
  const quoted = asObject(tweet.quoted_status);
  return {
    kind: 'message',
    // v2 payloads name the conversation root; v1.1 ones only the tweet replied to.
    externalThreadId: asId(tweet.conversation_id_str) ?? asId(tweet.conversation_id) ?? inReplyTo ?? id,
    externalMessageId: id,
    visibility: 'public',
    sender: { identity: identityOf(authorId, user), ...(asString(user?.name) ? { name: asString(user?.name) } : {}) },
    text: asString(extended?.full_text) ?? asString(tweet.full_text) ?? asString(tweet.text) ?? '',
    attachments,
    replyToExternalId: inReplyTo ?? null,
    occurredAt,
    data: compact({
      url: handle ? `https://x.com/${handle}/status/${id}` : undefined,
      inReplyToUserId: asId(tweet.in_reply_to_user_id_str) ?? asId(tweet.in_reply_to_user_id),
      quotedTweetId: quoted ? (asId(quoted.id_str) ?? asId(quoted.id)) : undefined,
      lang: asString(tweet.lang),
    }),
  };
}

function parseMarkRead(read: JsonObject, forUserId: string | undefined): InboundEvent {
  const lastRead = asId(read.last_read_event_id);
  const reader = asId(read.sender_id);
  if (!lastRead) return { kind: 'unsupported', type: 'x.direct_message_mark_read_events', reason: 'read receipt without a message id' };
  if (reader && reader === forUserId) return { kind: 'unsupported', type: 'x.direct_message_mark_read_events', reason: 'the account itself read the thread' };
  return { kind: 'status', externalMessageId: lastRead, status: 'read', occurredAt: asTime(read.created_timestamp) };
}

function mediaAttachment(media: JsonObject): InboundAttachment | undefined {
  const type = asString(media.type) ?? 'photo';
  const variants = asObjects(asObject(media.video_info)?.variants).filter((variant) => asString(variant.content_type) === 'video/mp4');
  const best = variants.sort((a, b) => (asNumber(b.bitrate) ?? 0) - (asNumber(a.bitrate) ?? 0))[0];
  const url = asString(best?.url) ?? asString(media.media_url_https) ?? asString(media.media_url);
  if (!url) return undefined;
  const contentType = best ? 'video/mp4' : type === 'animated_gif' ? 'image/gif' : 'image/jpeg';
  const name = url.split('?')[0]?.split('/').pop() || type;
  return { name, contentType, size: 0, url };
}

/** Snowflake ids compared as numbers: a shorter decimal string is a smaller id */
function byNumericId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
