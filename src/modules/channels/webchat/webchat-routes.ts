// The web chat's endpoints under /api/v1. Public ones serve the widget on customers' sites: its
// settings, its WebSocket (protocol.ts), file uploads and downloads by the visitor's token. Agents
// read the files and say they are typing through authenticated ones.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { AppError, notFound } from '../../../server/errors.js';
import { dataOf, errorResponses, publicAccess, workspaceAccess } from '../../../server/http.js';
import { newId } from '../../../lib/ids.js';
import { hashToken } from '../../../lib/secrets.js';
import { findConversation } from '../../inbox/repository.js';
import { findChannelById, type ChannelRow } from '../repository.js';
import { visitorOfThread, widgetConfig } from './protocol.js';
import * as repo from './repository.js';
import { VisitorSession } from './visitor-session.js';
import { publish } from './webchat-bus.js';
import { originAllowed, readWebchatConfig, webchatConfigSchema } from './webchat-config.js';
import './webchat-driver.js';
import { WebchatHub } from './webchat-hub.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const ALLOWED_FILE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'];
export const VISITOR_HEADER = 'x-parley-visitor';

const tags = { tags: ['web chat'] };
const channelParams = z.object({ channelId: z.string().min(1).max(100) });
const fileSchema = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), url: z.string() });

const unknownChannel = (id: string) => new AppError('channel.not_found', 404, `No web chat ${id}.`, { id });

export const webchatRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  const hub = new WebchatHub(deps.databaseUrl, db, app.log);
  app.addHook('onReady', async () => hub.start());
  app.addHook('onClose', async () => hub.stop());
  hubs.set(deps.database.pool, hub);

  // Uploads are the file's bytes as the body, typed by Content-Type.
  app.addContentTypeParser(ALLOWED_FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) => done(null, body));

  const webchatChannel = async (channelId: string): Promise<ChannelRow> => {
    const channel = await findChannelById(db, channelId);
    if (!channel || channel.type !== 'webchat' || !channel.enabled) throw unknownChannel(channelId);
    return channel;
  };
  /** The channel's chat may be used from this page; answers with CORS headers for it. */
  const allowOrigin = (channel: ChannelRow, origin: string | undefined, reply: FastifyReply) => {
    if (!originAllowed(readWebchatConfig(channel.config), origin)) {
      throw new AppError('webchat.origin_refused', 403, `This chat cannot be opened from ${origin ?? 'a page without an origin'}.`, { origin: origin ?? null });
    }
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  };

  app.get('/webchat/:channelId/config', {
    config: publicAccess,
    schema: {
      ...tags,
      summary: "The widget's settings (colours, greeting, pre-chat fields, offline message) and whether an agent is online",
      params: channelParams,
      response: { 200: dataOf(z.object({ channelId: z.string(), config: webchatConfigSchema.omit({ allowedOrigins: true }), agentsOnline: z.boolean() })), ...errorResponses },
    },
  }, async (request, reply) => {
    const channel = await webchatChannel(request.params.channelId);
    allowOrigin(channel, request.headers.origin, reply);
    reply.header('cache-control', 'no-cache');
    return { data: { channelId: channel.id, config: widgetConfig(readWebchatConfig(channel.config)), agentsOnline: await repo.anyAgentOnline(db, channel.workspaceId) } };
  });

  app.get('/webchat/:channelId/socket', {
    websocket: true,
    config: { ...publicAccess, rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      ...tags,
      summary: "The widget's WebSocket",
      description: 'JSON frames: hello {token?} → welcome {token, visitor, history, agentsOnline, …}; prechat {name, email}; message {clientId, text, attachments} → ack {clientId, messageId}; typing {on}; read {messageId}. The server pushes message, typing, status, agents and csat frames; a bad frame gets an error frame.',
      params: channelParams,
    },
    // Refused before the upgrade: an unknown channel is a 404, a site not in the allowed origins a 403.
    preHandler: async (request, reply) => {
      const channel = await webchatChannel((request.params as { channelId: string }).channelId);
      allowOrigin(channel, request.headers.origin, reply);
      (request as { webchatChannel?: ChannelRow }).webchatChannel = channel;
    },
  }, (socket, request) => {
    const channel = (request as { webchatChannel?: ChannelRow }).webchatChannel!;
    new VisitorSession({ db, hub, logger: request.log, publicUrl: deps.publicUrl }, socket, channel, readWebchatConfig(channel.config), {
      userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
    });
  });

  app.options('/webchat/:channelId/files', {
    config: publicAccess,
    schema: { ...tags, summary: 'CORS preflight of an upload', params: channelParams, response: { 204: z.null().describe('Allowed: the CORS headers say what') } },
  }, async (request, reply) => {
    const channel = await webchatChannel(request.params.channelId);
    allowOrigin(channel, request.headers.origin, reply);
    return reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', `content-type, ${VISITOR_HEADER}`)
      .header('access-control-max-age', '600')
      .code(204)
      .send(null);
  });

  app.post('/webchat/:channelId/files', {
    config: { ...publicAccess, rateLimit: { max: 30, timeWindow: '1 minute' } },
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      ...tags,
      summary: "A visitor's file, to send with their next message",
      description: `The body is the file's bytes, with its Content-Type (${ALLOWED_FILE_TYPES.join(', ')}); at most ${MAX_FILE_BYTES / 1024 / 1024} MB. The visitor's token goes in the ${VISITOR_HEADER} header. The answer's id goes in the message frame's attachments.`,
      params: channelParams,
      querystring: z.object({ name: z.string().trim().min(1).max(200).default('file') }),
      headers: z.object({ [VISITOR_HEADER]: z.string().min(20).max(100) }).loose(),
      response: { 201: dataOf(fileSchema), 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    },
  }, async (request, reply) => {
    const channel = await webchatChannel(request.params.channelId);
    allowOrigin(channel, request.headers.origin, reply);
    if (!readWebchatConfig(channel.config).allowAttachments) throw new AppError('attachments.disabled', 422, 'This chat does not take files.');
    const visitor = await repo.findVisitorByTokenHash(db, channel.id, hashToken(String(request.headers[VISITOR_HEADER])));
    if (!visitor) throw new AppError('webchat.unknown_visitor', 401, 'Open the chat first: this visitor token is not known.');
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('file.empty', 400, 'Send the file as the body.');
    const contentType = String(request.headers['content-type']).split(';')[0]!.trim().toLowerCase();
    const file = await repo.insertFile(db, {
      id: newId('file'),
      workspaceId: channel.workspaceId,
      channelId: channel.id,
      name: request.query.name,
      contentType,
      size: body.length,
      content: body,
    });
    reply.code(201);
    return { data: { id: file.id, name: file.name, contentType: file.contentType, size: file.size, url: `/api/v1/webchat/files/${file.id}` } };
  });

  app.get('/webchat/files/:id', {
    config: publicAccess,
    schema: {
      ...tags,
      summary: "A chat file, for the visitor whose token is given (the widget's links carry it)",
      params: z.object({ id: z.string().min(1).max(100) }),
      querystring: z.object({ token: z.string().min(20).max(100) }),
    },
  }, async (request, reply) => {
    const [visitor] = await repo.findVisitorsByTokenHash(db, hashToken(request.query.token));
    const file = visitor ? await repo.findFileContent(db, request.params.id, { channelId: visitor.channelId }) : null;
    if (!file) throw notFound('file', request.params.id);
    return sendFile(reply, file);
  });

  app.get('/message-files/:id', {
    config: workspaceAccess('inbox.read'),
    schema: { tags: ['inbox'], summary: 'A file sent in a conversation (web chat uploads)', params: z.object({ id: z.string().min(1).max(100) }), querystring: z.object({ workspace: z.string().optional() }) },
  }, async (request, reply) => {
    const file = await repo.findFileContent(db, request.params.id, { workspaceId: request.workspaceAccess!.workspaceId });
    if (!file) throw notFound('file', request.params.id);
    return sendFile(reply, file);
  });

  app.post('/conversations/:id/typing', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      tags: ['inbox'],
      summary: 'Say the agent is typing (or stopped) in a conversation; a web chat visitor sees it',
      params: z.object({ id: z.string().min(1).max(100) }),
      body: z.object({ on: z.boolean().default(true) }),
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    const conversation = await findConversation(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!conversation) throw notFound('conversation', request.params.id);
    const visitorId = conversation.channelType === 'webchat' ? visitorOfThread(conversation.externalThreadId) : null;
    if (visitorId) await publish(db, { kind: 'typing', visitorId, on: request.body.on, name: request.user?.name.split(/\s+/)[0] ?? null });
    return reply.code(204).send(null);
  });
};

export function sendFile(reply: FastifyReply, file: { name: string; contentType: string; content: Buffer }) {
  const inline = file.contentType.startsWith('image/');
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
    .header('cache-control', 'private, max-age=3600')
    .header('cross-origin-resource-policy', 'cross-origin')
    .send(file.content);
}

const hubs = new WeakMap<object, WebchatHub>();

/** The web chat hub of the app running on this pool (tests wait for it to LISTEN). */
export const webchatHubOf = (pool: object): WebchatHub | undefined => hubs.get(pool);
