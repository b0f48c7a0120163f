// HTTP routes of listening imports under /api/v1: historical backfills from a file of posts (NDJSON,
// or CSV with a column mapping). The file is streamed into storage, never held in memory; a job feeds
// it to the pipeline with progress events on the workspace's real-time channel.
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { AppError, notFound } from '../../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { decodeCursor, listQuerySchema, page } from '../../../lib/pagination.js';
import { cancelListeningImport } from './commands/cancel-listening-import.js';
import { PREVIEW_BYTES, previewListeningImport } from './commands/preview-listening-import.js';
import { uploadListeningImport } from './commands/upload-listening-import.js';
import * as repo from './repository.js';
import * as s from './schema.js';

const tags = { tags: ['listening imports'] };
const fileTypes = [
  'application/octet-stream',
  'application/x-ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'text/csv',
  'application/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/vnd.ms-excel',
  // what curl --data-binary sends unless told otherwise
  'application/x-www-form-urlencoded',
];

/** A request body left as a stream; it serializes to a marker (idempotency keys hash bodies). */
class UploadedFile {
  constructor(readonly stream: Readable) {}
  toJSON() {
    return 'file';
  }
}

const streamOf = (body: unknown): Readable => {
  if (!(body instanceof UploadedFile)) throw new AppError('listening_import.invalid_file', 400, 'Send the file as the request body, e.g. Content-Type: application/x-ndjson or text/csv.');
  return body.stream;
};

/** The first `limit` bytes of a stream, and whether that was all of it. */
async function headOf(stream: Readable, limit: number): Promise<{ bytes: Buffer; whole: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream as AsyncIterable<Buffer>) {
    parts.push(part);
    size += part.length;
    if (size >= limit) {
      stream.destroy();
      return { bytes: Buffer.concat(parts).subarray(0, limit), whole: false };
    }
  }
  return { bytes: Buffer.concat(parts), whole: true };
}

export const listeningImportRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  // Encapsulated in this plugin: these routes stream their bodies instead of buffering them.
  app.addContentTypeParser(fileTypes, (_request, payload, done) => done(null, new UploadedFile(payload)));

  app.post('/listening-imports', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: 'Import a file of past posts (NDJSON or CSV, up to 200 MB) in the background',
      description:
        'The body is the file itself. Options go in the query: `format` (detected when absent), `sourceId` (mentions carry that source; else a standalone `import:<id>` source), and for CSV `mapping` as JSON (column → post field; guessed from the headers when absent). Posts without an external id get one from a hash of their line, so importing a file twice stores its posts once. Progress: GET /listening-imports/{id} and `listening_import.progress` events.',
      querystring: s.uploadQuery,
      body: s.fileBody,
      response: { 201: dataOf(s.listeningImportSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { fileName, format, sourceId, mapping } = request.query;
    const row = await uploadListeningImport(commandContext(db, request), {
      fileName: fileName ?? `posts.${format ?? 'ndjson'}`,
      format,
      sourceId,
      mapping,
      file: streamOf(request.body) as AsyncIterable<Buffer>,
    });
    return created(reply, { data: s.presentListeningImport(row) });
  });

  app.post('/listening-imports/preview', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: 'How a file would be imported, from its first bytes (up to 256 KB are read): format, columns, mapping, the first lines as posts or rejections',
      querystring: s.previewQuery,
      body: s.fileBody,
      response: { 200: dataOf(s.previewSchema), ...errorResponses },
    },
  }, async (request) => {
    const head = await headOf(streamOf(request.body), PREVIEW_BYTES);
    const { format, mapping, whole } = request.query;
    return { data: previewListeningImport(head.bytes, { format, mapping, whole: head.whole && whole !== 'false' }) };
  });

  app.get('/listening-imports', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags, summary: 'Imports, newest first', querystring: listQuerySchema, response: { 200: listOf(s.listeningImportSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor } = request.query;
    const rows = await repo.listImports(db, request.workspaceAccess!.workspaceId, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentListeningImport), nextCursor: result.nextCursor };
  });

  app.get('/listening-imports/:id', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags, summary: 'One import: state, checkpoint, counters and the first rejected lines', params: idParams, response: { 200: dataOf(s.listeningImportSchema), ...errorResponses } },
  }, async (request) => {
    const row = await repo.findImport(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!row) throw notFound('listening_import', request.params.id);
    return { data: s.presentListeningImport(row) };
  });

  app.post('/listening-imports/:id/cancel', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: 'Cancel a queued or running import (mentions already stored stay); 409 when it has finished',
      params: idParams,
      response: { 200: dataOf(s.listeningImportSchema), ...errorResponses },
    },
  }, async (request) => ({ data: s.presentListeningImport(await cancelListeningImport(commandContext(db, request), request.params.id)) }));
};
