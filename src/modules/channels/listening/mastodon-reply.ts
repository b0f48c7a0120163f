// Replies on Mastodon: POST /api/v1/statuses on the source's instance with in_reply_to_id (the
// status' id on that instance, recorded by the source as statusId), public, and our message id as
// the Idempotency-Key so that a retried send posts once. Needs a token with write:statuses.
import { ChannelSendError } from '../driver.js';
import { DEFAULT_MASTODON_URL, mastodonRetryAfterMs } from '../../listening/sources/mastodon/mastodon-http.js';
import { stringField, type SourceReplyClient } from './reply-client.js';
import { endpoint, replyFailure, replyJson, replyRequest } from './reply-http.js';

const PLATFORM = 'Mastodon';

/** Mastodon notifies the author only when the reply names them: their @acct goes first unless the agent wrote it. */
export function withMention(text: string, acct: string | null): string {
  if (!acct) return text;
  const handle = `@${acct.replace(/^@/, '')}`;
  return text.toLowerCase().includes(handle.toLowerCase()) ? text : `${handle} ${text}`;
}

export const mastodonReplyClient: SourceReplyClient = {
  sourceType: 'mastodon',
  cannotReply(source) {
    if (!source.credentials.accessToken) return `The Mastodon source "${source.name}" reads without an account; add an access token with the write:statuses scope to reply.`;
    return null;
  },
  async reply(source, request, http) {
    const statusId = stringField(request.parent.data, 'statusId');
    if (!statusId) throw new ChannelSendError('permanent', 'This post has no Mastodon status id to reply to.');
    const instance = typeof source.config.instance === 'string' ? source.config.instance : DEFAULT_MASTODON_URL;
    const response = await replyRequest(
      http,
      endpoint(instance, '/api/v1/statuses'),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${source.credentials.accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': request.messageId,
        },
        body: JSON.stringify({ status: withMention(request.text, request.parent.authorHandle), in_reply_to_id: statusId, visibility: 'public' }),
      },
      PLATFORM,
    );
    if (!response.ok) throw await replyFailure(response, PLATFORM, http, { resetMs: mastodonRetryAfterMs });
    const status = (await replyJson(response, PLATFORM)) as { id?: unknown };
    if (typeof status.id !== 'string') throw new ChannelSendError('temporary', 'Mastodon answered a status without an id');
    return status.id;
  },
};
