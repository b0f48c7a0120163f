// The messaging platforms' webhooks (specs/api.md): GET/POST /webhooks/meta/{channelId}, GET/POST
// /webhooks/x/{channelId}, POST /webhooks/telegram/{channelId}. No session: the platform's signature
// over the raw bytes is the authentication (bad or missing → 401, nothing stored; unknown channel →
// 404). A verified delivery is stored durably (webhook_events) and only then answered 200; a
// re-delivery is 200 and stores nothing. Parsing and the inbox come after, in the drain job.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { AppError } from '../../../server/errors.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import { markWebhookVerified } from '../health/repository.js';
import { findChannelById } from '../repository.js';
import { openChannelCredentials } from '../settings.js';
import { webhookPlatformOf, webhookSecretsOf } from './channel-settings.js';
import { DRAIN_JOB } from './drain-webhook-events.js';
import { metaChallenge, metaSignatureMatches, telegramSecretMatches, xCrcResponseToken, xSignatureMatches, type WebhookPlatform } from './verify.js';
import { WebhookInbox } from './webhook-inbox.js';

type WebhookChannel = { id: string; workspaceId: string; platform: WebhookPlatform; secret: string; verifyToken: string; verified: boolean };

/** Channels are read once every few seconds, not on each of thousands of deliveries per second. */
const CHANNEL_CACHE_MS = 5_000;
/** After a commit the drain job is asked for at most this often (one add_job per burst, not per webhook). */
const NUDGE_EVERY_MS = 50;

const unknownChannel = (platform: WebhookPlatform, id: string) => new AppError('channel.not_found', 404, `No ${platform} channel ${id}.`, { id });
const badSignature = (what: string) => new AppError('webhook.bad_signature', 401, `${what} is missing or does not match.`);

export const messagingWebhookRoutes: FastifyPluginAsync<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  const cache = new Map<string, { channel: WebhookChannel | null; until: number }>();

  async function channelFor(platform: WebhookPlatform, channelId: string): Promise<WebhookChannel> {
    const cached = cache.get(channelId);
    let channel = cached && cached.until > Date.now() ? cached.channel : undefined;
    if (channel === undefined) {
      const row = await findChannelById(db, channelId);
      const rowPlatform = row ? webhookPlatformOf[row.type] : undefined;
      const secrets = row && rowPlatform ? webhookSecretsOf(rowPlatform, openChannelCredentials(deps.secrets, row.credentials)) : null;
      channel = row && rowPlatform && row.enabled && secrets ? { id: row.id, workspaceId: row.workspaceId, platform: rowPlatform, secret: secrets.secret, verifyToken: secrets.verifyToken ?? '', verified: row.webhookVerifiedAt !== null } : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(channelId, { channel, until: Date.now() + CHANNEL_CACHE_MS });
    }
    if (!channel || channel.platform !== platform) throw unknownChannel(platform, channelId);
    return channel;
  }

  // The channel's health shows "webhook not verified" until the platform proves it reaches us: written
  // once (the cache remembers), not on each delivery.
  async function verified(channel: WebhookChannel) {
    if (channel.verified) return;
    try {
      await markWebhookVerified(db, channel.id);
      channel.verified = true;
    } catch (error) {
      // The delivery is stored already: it is acknowledged; the mark is tried again on the next one.
      app.log.warn({ err: error, channelId: channel.id }, 'could not mark the webhook verified');
    }
  }

  let nudge: NodeJS.Timeout | null = null;
  const inbox = new WebhookInbox(deps.database.pool, () => {
    nudge ??= setTimeout(() => {
      nudge = null;
      enqueueJob(db, DRAIN_JOB, {}, { jobKey: DRAIN_JOB, jobKeyMode: 'preserve_run_at' }).catch((error: unknown) => app.log.warn({ err: error }, 'could not queue the webhook drain; the cron will'));
    }, NUDGE_EVERY_MS);
  });
  app.addHook('onClose', async () => {
    if (nudge) clearTimeout(nudge);
  });

  // Only inside this plugin: every body is kept as the raw bytes the signature was computed on.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const header = (request: FastifyRequest, name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };

  async function accept(request: FastifyRequest, channel: WebhookChannel, body: Buffer) {
    const { stored } = await inbox.store({ workspaceId: channel.workspaceId, channelId: channel.id, platform: channel.platform, body, contentType: header(request, 'content-type') ?? null });
    await verified(channel);
    return { accepted: true, duplicate: !stored };
  }

  const rawBody = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
  const options = { bodyLimit: 5 * 1024 * 1024, schema: { hide: true } };
  type ChannelParams = { Params: { channelId: string }; Querystring: Record<string, string | undefined> };

  app.get<ChannelParams>('/webhooks/meta/:channelId', options, async (request, reply) => {
    const channel = await channelFor('meta', request.params.channelId);
    const challenge = metaChallenge(channel.verifyToken, request.query);
    if (challenge === null) return reply.code(403).send({ error: { code: 'webhook.bad_verify_token', message: 'hub.mode must be subscribe and hub.verify_token the channel\'s verify token.', details: {} } });
    await verified(channel);
    return reply.code(200).type('text/plain').send(challenge);
  });

  app.post<ChannelParams>('/webhooks/meta/:channelId', options, async (request) => {
    const channel = await channelFor('meta', request.params.channelId);
    const body = rawBody(request);
    if (!metaSignatureMatches(channel.secret, body, header(request, 'x-hub-signature-256'))) throw badSignature('X-Hub-Signature-256');
    return accept(request, channel, body);
  });

  app.get<ChannelParams>('/webhooks/x/:channelId', options, async (request) => {
    const channel = await channelFor('x', request.params.channelId);
    const crcToken = request.query.crc_token;
    if (typeof crcToken !== 'string' || !crcToken) throw new AppError('webhook.crc_token_missing', 400, 'The CRC check needs a crc_token query parameter.');
    await verified(channel);
    return { response_token: xCrcResponseToken(channel.secret, crcToken) };
  });

  app.post<ChannelParams>('/webhooks/x/:channelId', options, async (request) => {
    const channel = await channelFor('x', request.params.channelId);
    const body = rawBody(request);
    if (!xSignatureMatches(channel.secret, body, header(request, 'x-twitter-webhooks-signature'))) throw badSignature('x-twitter-webhooks-signature');
    return accept(request, channel, body);
  });

  app.post<ChannelParams>('/webhooks/telegram/:channelId', options, async (request) => {
    const channel = await channelFor('telegram', request.params.channelId);
    if (!telegramSecretMatches(channel.secret, header(request, 'x-telegram-bot-api-secret-token'))) throw badSignature('X-Telegram-Bot-Api-Secret-Token');
    return accept(request, channel, rawBody(request));
  });
};
