// The X channel's driver: a private conversation is answered by direct message to the customer, a public
// one (a mention or a reply to the account) by a public reply to the customer's latest post in it. The
// message gets X's id (the DM event id, the post id), which the Account Activity webhook echoes back.
// A DM's files (images, GIFs, videos) are uploaded to X first, then sent one per DM event, the text with
// the first; public replies stay text only (a file there is refused with the reason).
import { ChannelSendError, type ChannelDriver, type DriverContext, type OutboundMessage } from '../driver.js';
import { registerChannelDriver } from '../registry.js';
import { defaultXHttp, X_API_BASE_URL, XClient, xUserAuthOf, type XHttp } from './x-client.js';
import { readXMedia, xMediaRefusal } from './x-media.js';

/** The other person of a DM thread (`${lowId}:${highId}`, see parse-account-activity) when the account's own id is known. */
function participantOf(context: DriverContext, message: OutboundMessage): string | null {
  if (message.recipient?.externalId) return message.recipient.externalId;
  const ownId = typeof context.channel.config.userId === 'string' ? context.channel.config.userId : null;
  const pair = message.externalThreadId?.split(':') ?? [];
  return ownId && pair.length === 2 && pair.includes(ownId) ? (pair.find((id) => id !== ownId) ?? null) : null;
}

type Plan = { reason: string } | { reason: null; client: XClient; kind: 'dm'; participantId: string } | { reason: null; client: XClient; kind: 'reply'; tweetId: string };

function plan(context: DriverContext, message: OutboundMessage, http: XHttp): Plan {
  const auth = xUserAuthOf(context.channel.credentials);
  if (!auth) {
    return {
      reason: `The X channel "${context.channel.name}" has no credentials that can post: add the consumer key, access token and access token secret (OAuth 1.0a), or an OAuth 2.0 user access token with dm.write, media.write and tweet.write.`,
    };
  }
  const baseUrl = typeof context.channel.config.apiBaseUrl === 'string' && context.channel.config.apiBaseUrl ? context.channel.config.apiBaseUrl : X_API_BASE_URL;
  const client = new XClient(baseUrl, auth, http);
  if (message.visibility === 'private') {
    const participantId = participantOf(context, message);
    if (!participantId) return { reason: 'This X conversation does not say which user to write to (no X user id for the customer).' };
    const refusal = message.attachments.map(xMediaRefusal).find((reason) => reason !== null);
    return refusal ? { reason: refusal } : { reason: null, client, kind: 'dm', participantId };
  }
  if (message.attachments.length > 0) return { reason: 'Parley answers public X posts with text only: send the file in a direct message, or a link to it.' };
  const tweetId = message.replyToExternalId && /^\d+$/.test(message.replyToExternalId) ? message.replyToExternalId : null;
  return tweetId ? { reason: null, client, kind: 'reply', tweetId } : { reason: 'This public X conversation has no post of the customer to reply to.' };
}

export function createXDriver(http: XHttp = defaultXHttp()): ChannelDriver {
  return {
    type: 'x',
    cannotReply(context, message) {
      return plan(context, message, http).reason;
    },
    async send(context, message) {
      const planned = plan(context, message, http);
      if (planned.reason !== null) throw new ChannelSendError('permanent', planned.reason);
      if (planned.kind === 'dm') {
        if (message.attachments.length === 0) return { externalId: (await planned.client.sendDirectMessage(planned.participantId, { text: message.text })).dmEventId, status: 'sent' };
        // Every file is read and uploaded before the first DM goes out, so a file X refuses sends nothing.
        const files = await readXMedia({ db: context.db, workspaceId: context.channel.workspaceId, fetch: http.fetch, download: http.download, allowPrivateDownloads: http.allowPrivateDownloads }, message.attachments);
        const mediaIds: string[] = [];
        for (const file of files) mediaIds.push(await planned.client.uploadDirectMessageMedia(file));
        // X takes one media per DM event: the text rides with the first file, the others follow on their own.
        let firstEventId: string | null = null;
        for (const [index, mediaId] of mediaIds.entries()) {
          const sent = await planned.client.sendDirectMessage(planned.participantId, { ...(index === 0 ? { text: message.text } : {}), mediaId });
          firstEventId ??= sent.dmEventId;
        }
        return { externalId: firstEventId, status: 'sent' };
      }
      const posted = await planned.client.postReply(planned.tweetId, message.text);
      return { externalId: posted.tweetId, status: 'sent' };
    },
  };
}

export const xDriver = createXDriver();
registerChannelDriver(xDriver);
