// Replies on X: POST /2/tweets with reply.in_reply_to_tweet_id, which needs a user-context token
// (OAuth 2.0 with tweet.write): the app-only bearer token a listening source reads with cannot post.
import { rateLimitResetMs, X_BASE_URL } from '../../listening/sources/x/x-client.js';
import { ChannelSendError } from '../driver.js';
import type { SourceReplyClient } from './reply-client.js';
import { endpoint, replyFailure, replyJson, replyRequest } from './reply-http.js';

const PLATFORM = 'X';

export const xReplyClient: SourceReplyClient = {
  sourceType: 'x',
  cannotReply(source) {
    if (source.credentials.userAccessToken) return null;
    return `The X source "${source.name}" reads with an app-only bearer token, which cannot post; add a user access token (OAuth 2.0 with tweet.write) to reply.`;
  },
  async reply(source, request, http) {
    const baseUrl = typeof source.config.baseUrl === 'string' ? source.config.baseUrl : X_BASE_URL;
    const response = await replyRequest(
      http,
      endpoint(baseUrl, '/2/tweets'),
      {
        method: 'POST',
        headers: { authorization: `Bearer ${source.credentials.userAccessToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ text: request.text, reply: { in_reply_to_tweet_id: request.parent.externalId } }),
      },
      PLATFORM,
    );
    if (!response.ok) throw await replyFailure(response, PLATFORM, http, { resetMs: (_headers, now) => rateLimitResetMs(response, now) });
    const body = (await replyJson(response, PLATFORM)) as { data?: { id?: unknown } };
    if (typeof body.data?.id !== 'string') throw new ChannelSendError('temporary', 'X answered a post without an id');
    return body.data.id;
  },
};
