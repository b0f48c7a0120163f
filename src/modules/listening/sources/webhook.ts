// POST /webhooks/generic/{sourceId} (specs/api.md): posts pushed by any system, signed with the
// source's secret as `X-Parley-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. No session: the
// signature is the authentication, checked in constant time on the bytes as received (this plugin
// reads every body raw). Unknown, disabled or non-generic source → 404; bad signature → 401 and
// nothing stored; a signed body that is not posts → kept as a dead letter, 200; valid posts → the
// pipeline, answered once they are stored (a re-delivery is 200 and stores nothing twice).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { AppError } from '../../../server/errors.js';
import { hmacSha256Hex, safeEqual } from '../../../lib/secrets.js';
import { incomingPostSchema, type IncomingPost } from '../pipeline/incoming.js';
import { pipelineSourceOf } from './commands/poll-source.js';
import * as repo from './repository.js';

const MAX_POSTS = 1000;
const postsSchema = z.array(incomingPostSchema).min(1).max(MAX_POSTS);

/** One post, an array of them, or {"posts": [...]}; an error message when it is none of these. */
export function readPushedPosts(body: Buffer): { posts: IncomingPost[] } | { error: string } {
  let document: unknown;
  try {
    document = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  const list = Array.isArray(document) ? document : document && typeof document === 'object' && 'posts' in document ? (document as { posts: unknown }).posts : [document];
  const parsed = postsSchema.safeParse(list);
  if (!parsed.success) return { error: `not one post, an array of posts or {"posts": [...]}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`.slice(0, 2000) };
  return { posts: parsed.data };
}

const unknownSource = (id: string) => new AppError('source.not_found', 404, `No generic source ${id}.`, { id });

export const genericWebhookRoutes: FastifyPluginAsync<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  // Only inside this plugin: every body is kept as the raw bytes the signature was computed on.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Params: { sourceId: string } }>('/webhooks/generic/:sourceId', { bodyLimit: 20 * 1024 * 1024, schema: { hide: true } }, async (request, reply) => {
    const source = await repo.findSourceForWebhook(db, request.params.sourceId);
    if (!source || source.mode !== 'webhook' || !source.enabled || !source.webhookSecret) throw unknownSource(request.params.sourceId);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = request.headers['x-parley-signature'];
    const expected = `sha256=${hmacSha256Hex(deps.secrets.open(source.webhookSecret), body)}`;
    if (typeof header !== 'string' || !safeEqual(header.trim().toLowerCase(), expected)) {
      throw new AppError('webhook.bad_signature', 401, 'X-Parley-Signature is missing or does not match: sign the raw body with HMAC-SHA256 and the source\'s secret, as "sha256=<hex>".');
    }
    const read = readPushedPosts(body);
    if ('error' in read) {
      const id = await repo.insertDeadLetter(db, {
        workspaceId: source.workspaceId,
        sourceId: source.id,
        contentType: request.headers['content-type'] ?? null,
        body: body.toString('utf8'),
        error: read.error,
      });
      request.log.warn({ sourceId: source.id, deadLetter: id }, 'signed generic webhook body kept as a dead letter');
      return reply.code(200).send({ accepted: false, deadLetterId: String(id), error: read.error });
    }
    const channel = typeof source.config.channel === 'string' ? source.config.channel : undefined;
    const posts = channel ? read.posts.map((post) => (post.channel ? post : { ...post, channel })) : read.posts;
    const result = await deps.pipeline.submit(source.workspaceId, pipelineSourceOf(source), posts);
    await repo.recordPushed(db, source.id, result.received, result.stored);
    return reply.code(200).send({ accepted: true, received: result.received, matched: result.matched, stored: result.stored, duplicates: result.duplicates });
  });
};
