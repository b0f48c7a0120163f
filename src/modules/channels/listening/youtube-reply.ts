// Replies on YouTube: comments.insert (POST /youtube/v3/comments?part=snippet) with the thread's
// top-level comment as snippet.parentId, authorized by an OAuth token with the youtube.force-ssl
// scope; the API key a listening source reads with cannot write. Replies to a reply go to its
// thread, as YouTube threads are one level deep. A spent daily quota is a 403 that waits.
import { YOUTUBE_BASE_URL } from '../../listening/sources/youtube/youtube-driver.js';
import { ChannelSendError } from '../driver.js';
import { stringField, type SourceReplyClient } from './reply-client.js';
import { endpoint, replyFailure, replyJson, replyRequest } from './reply-http.js';

const PLATFORM = 'YouTube';
const QUOTA_REASONS = new Set(['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded']);
const QUOTA_WAIT_MS = 60 * 60_000;

export const youtubeReplyClient: SourceReplyClient = {
  sourceType: 'youtube',
  cannotReply(source) {
    if (source.credentials.oauthAccessToken) return null;
    return `The YouTube source "${source.name}" reads with an API key, which cannot post comments; add an OAuth access token (youtube.force-ssl scope) to reply.`;
  },
  async reply(source, request, http) {
    const parentId = stringField(request.parent.data, 'parentId') ?? stringField(request.parent.data, 'threadId') ?? request.parent.externalId;
    const baseUrl = typeof source.config.baseUrl === 'string' ? source.config.baseUrl : YOUTUBE_BASE_URL;
    const url = endpoint(baseUrl, '/youtube/v3/comments');
    url.searchParams.set('part', 'snippet');
    const response = await replyRequest(
      http,
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${source.credentials.oauthAccessToken}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ snippet: { parentId, textOriginal: request.text } }),
      },
      PLATFORM,
    );
    if (response.status === 403) {
      const body = (await response.clone().json().catch(() => null)) as { error?: { errors?: { reason?: string }[] } } | null;
      if (body?.error?.errors?.some((error) => error.reason && QUOTA_REASONS.has(error.reason))) {
        throw new ChannelSendError('rate_limited', 'The YouTube API quota of this source is spent for now', QUOTA_WAIT_MS);
      }
    }
    if (!response.ok) throw await replyFailure(response, PLATFORM, http);
    const comment = (await replyJson(response, PLATFORM)) as { id?: unknown };
    if (typeof comment.id !== 'string') throw new ChannelSendError('temporary', 'YouTube answered a comment without an id');
    return comment.id;
  },
};
