// Page feed changes and Instagram comment changes: comments are public conversations whose thread is the post
// (the Page post id, or the Instagram media id). Comments written by the account itself are our own replies.
import { senderIdentity, type InboundEvent } from '../inbound.js';
import { asId, asObject, asString, asTime, compact, type JsonObject } from '../inbound-json.js';

/** One `changes[]` item of an `object: 'page'` entry */
export function parsePageChange(change: JsonObject, pageId: string | undefined, entryTime: Date): InboundEvent[] {
  const field = asString(change.field) ?? 'unknown';
  const value = asObject(change.value);
  if (field !== 'feed' || !value) return [unsupported(`facebook.${field}`, 'Page change Parley does not handle')];
  const item = asString(value.item) ?? 'unknown';
  const verb = asString(value.verb) ?? 'unknown';
  if (item !== 'comment') return [unsupported(`facebook.feed.${item}.${verb}`, 'only comments become conversations')];

  const commentId = asId(value.comment_id);
  const postId = asId(value.post_id) ?? asId(asObject(value.post)?.id);
  const from = asObject(value.from);
  const fromId = asId(from?.id);
  const occurredAt = asTime(value.created_time, entryTime);
  if (!commentId || !postId) return [unsupported(`facebook.feed.comment.${verb}`, 'comment without a comment or post id')];

  if (verb === 'edited') return [{ kind: 'edit', externalMessageId: commentId, text: asString(value.message) ?? '', occurredAt }];
  if (verb !== 'add') return [unsupported(`facebook.feed.comment.${verb}`, `comment ${commentId} ${verb}`)];
  if (fromId && fromId === pageId) return [{ kind: 'status', externalMessageId: commentId, status: 'sent', occurredAt }];
  if (!fromId) return [unsupported('facebook.feed.comment.add', 'comment without an author (the person has not allowed apps to see it)')];

  const parentId = asId(value.parent_id);
  const photo = asString(value.photo);
  const name = asString(from?.name);
  return [
    {
      kind: 'message',
      externalThreadId: postId,
      externalMessageId: commentId,
      visibility: 'public',
      sender: { identity: senderIdentity('facebook', fromId, { displayName: name }), ...(name ? { name } : {}) },
      text: asString(value.message) ?? '',
      attachments: photo ? [{ name: 'photo', contentType: 'image/jpeg', size: 0, url: photo }] : [],
      // A reply to another comment names that comment; a top-level comment's parent is the post itself.
      replyToExternalId: parentId && parentId !== postId ? parentId : null,
      occurredAt,
      data: compact({ postId, postUrl: asString(asObject(value.post)?.permalink_url), video: asString(value.video) }),
    },
  ];
}

/** One `changes[]` item of an `object: 'instagram'` entry */
export function parseInstagramChange(change: JsonObject, accountId: string | undefined, entryTime: Date): InboundEvent[] {
  const field = asString(change.field) ?? 'unknown';
  const value = asObject(change.value);
  if (!value) return [unsupported(`instagram.${field}`, 'change without a value')];
  if (field === 'mentions') return [unsupported('instagram.mentions', `the account was @mentioned in media ${asId(value.media_id) ?? '?'}; the mention is fetched, not pushed`)];
  if (field !== 'comments' && field !== 'live_comments') return [unsupported(`instagram.${field}`, 'Instagram change Parley does not handle')];

  const commentId = asId(value.id);
  const media = asObject(value.media);
  const mediaId = asId(media?.id);
  const from = asObject(value.from);
  const fromId = asId(from?.id);
  if (!commentId || !mediaId || !fromId) return [unsupported(`instagram.${field}`, 'comment without an id, media or author')];
  const occurredAt = asTime(value.timestamp, entryTime);
  if (fromId === accountId) return [{ kind: 'status', externalMessageId: commentId, status: 'sent', occurredAt }];

  const username = asString(from?.username);
  const parentId = asId(value.parent_id);
  return [
    {
      kind: 'message',
      externalThreadId: mediaId,
      externalMessageId: commentId,
      visibility: 'public',
      sender: { identity: senderIdentity('instagram', fromId, { handle: username, profileUrl: username ? `https://www.instagram.com/${username}` : undefined }) },
      text: asString(value.text) ?? '',
      attachments: [],
      replyToExternalId: parentId ?? null,
      occurredAt,
      data: compact({ mediaId, mediaProductType: asString(media?.media_product_type), live: field === 'live_comments' || undefined }),
    },
  ];
}

function unsupported(type: string, reason: string): InboundEvent {
  return { kind: 'unsupported', type, reason };
}
