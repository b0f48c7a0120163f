// An agent's file upload for a reply: the body is the file's bytes, like the web chat visitor's upload.
// Its own plugin, so the raw-body parser and the 413/415 answers apply to this route only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { dataOf, errorResponses, idParams, workspaceAccess } from '../../../server/http.js';
import { ALLOWED_FILE_TYPES, MAX_FILE_BYTES } from '../../channels/webchat/webchat-routes.js';
import { attachReplyFile, maxFileMegabytes, tooLarge, wrongType } from '../commands/attach-reply-file.js';
import { attachmentDtoSchema } from '../schema.js';

export const replyFileRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  // Any type is read as bytes here, so a wrong one gets our 415 naming the allowed types, not a JSON parse error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error) => {
    const code = (error as { code?: string }).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLarge();
    if (code === 'FST_ERR_CTP_EMPTY_TYPE' || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw wrongType('');
    // Everything else is the app's to answer.
    throw error;
  });

  app.post('/conversations/:id/files', {
    config: workspaceAccess('inbox.reply'),
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags: ['inbox'],
      summary: "An agent's file, to send with their next reply",
      description: `The body is the file's bytes, with its Content-Type (${ALLOWED_FILE_TYPES.join(', ')}); at most ${maxFileMegabytes} MB. The answer goes as is in the reply's attachments. Meta, Telegram and WhatsApp are sent a signed link to it. A conversation whose channel cannot carry it (a Facebook comment, a listening reply, a channel the driver refuses) answers 422 with the reason, and nothing is stored.`,
      params: idParams,
      querystring: z.object({ name: z.string().trim().min(1).max(200).default('file').describe("The file's name, as the customer sees it") }),
      response: {
        201: dataOf(attachmentDtoSchema.required({ id: true })),
        413: errorResponses[400],
        415: errorResponses[400],
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    // An empty body is not parsed at all: the command answers it after the conversation's 404.
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const file = await attachReplyFile({ db: deps.database.db, secrets: deps.secrets, publicUrl: deps.publicUrl }, request.workspaceAccess!.workspaceId, request.params.id, { name: request.query.name, contentType, content: body });
    reply.code(201);
    return { data: file };
  });
};
