// Replies on Reddit: POST /api/comment with thing_id (the fullname of the post or comment answered)
// and api_type=json, with a user's OAuth token (the submit scope): the application-only token a
// listening source reads with belongs to no user and cannot comment. Reddit refuses some comments
// with a 200 and errors in the body; RATELIMIT among them says how long to wait.
import { REDDIT_DEFAULT_USER_AGENT, REDDIT_OAUTH_BASE_URL } from '../../listening/sources/reddit/reddit-client.js';
import { ChannelSendError } from '../driver.js';
import type { SourceReplyClient } from './reply-client.js';
import { endpoint, replyFailure, replyJson, replyRequest } from './reply-http.js';

const PLATFORM = 'Reddit';

type CommentAnswer = { json?: { errors?: unknown[][]; ratelimit?: number; data?: { things?: { data?: { name?: unknown } }[] } } };

const resetMs = (headers: Headers): number | undefined => {
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
};

export const redditReplyClient: SourceReplyClient = {
  sourceType: 'reddit',
  cannotReply(source) {
    if (source.credentials.userAccessToken) return null;
    return `The Reddit source "${source.name}" reads with an application token, which cannot comment; add a user access token (OAuth with the submit scope) to reply.`;
  },
  async reply(source, request, http) {
    // www.reddit.com serves reads without a token; writes go to the OAuth host.
    const configured = typeof source.config.baseUrl === 'string' ? source.config.baseUrl : undefined;
    const baseUrl = configured && !/^https:\/\/www\.reddit\.com/.test(configured) ? configured : REDDIT_OAUTH_BASE_URL;
    const response = await replyRequest(
      http,
      endpoint(baseUrl, '/api/comment'),
      {
        method: 'POST',
        headers: {
          authorization: `bearer ${source.credentials.userAccessToken}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'user-agent': REDDIT_DEFAULT_USER_AGENT,
        },
        body: new URLSearchParams({ api_type: 'json', thing_id: request.parent.externalId, text: request.text }).toString(),
      },
      PLATFORM,
    );
    if (!response.ok) throw await replyFailure(response, PLATFORM, http, { resetMs });
    const answer = ((await replyJson(response, PLATFORM)) as CommentAnswer).json;
    const errors = answer?.errors ?? [];
    if (errors.length > 0) {
      const [code, message] = errors[0] as [unknown, unknown];
      const text = `Reddit refused the comment: ${typeof message === 'string' ? message : String(code)}`;
      if (code === 'RATELIMIT') throw new ChannelSendError('rate_limited', text, typeof answer?.ratelimit === 'number' ? Math.ceil(answer.ratelimit * 1000) : 60_000);
      throw new ChannelSendError('permanent', text);
    }
    const name = answer?.data?.things?.[0]?.data?.name;
    if (typeof name !== 'string') throw new ChannelSendError('temporary', 'Reddit answered a comment without its name');
    return name;
  },
};
