// Takes an import file as it streams in: stores it in PostgreSQL in fixed-size pieces (any worker
// process can read it; processes share no disk), reads its head for the format and a CSV's header and
// mapping, and queues the job — all in one transaction, so an upload cut off halfway leaves nothing.
import { enqueueJob } from '../../../../jobs/enqueue.js';
import { newId } from '../../../../lib/ids.js';
import type { CommandContext } from '../../../../server/context.js';
import { AppError, notFound } from '../../../../server/errors.js';
import { emitEvent } from '../../../../server/events.js';
import { recordAuditEvent } from '../../../audit/commands/record-audit-event.js';
import { pipelineSourceOf } from '../../sources/commands/poll-source.js';
import { findSource } from '../../sources/repository.js';
import type { ListeningImportFormat } from '../../../../db/schema.js';
import { layoutOf, readHead } from '../mapping.js';
import * as repo from '../repository.js';
import { IMPORT_POSTS_JOB, progressOf } from '../progress.js';

export const MAX_IMPORT_FILE_BYTES = 200 * 1024 * 1024;

export type UploadInput = {
  fileName: string;
  format?: ListeningImportFormat;
  sourceId?: string;
  mapping?: Record<string, string>;
  file: AsyncIterable<Buffer | string>;
};

const tooLarge = () => new AppError('listening_import.too_large', 422, `The file is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB: split it and import the parts.`);

/** The stream in pieces of exactly FILE_PIECE_BYTES (the last may be shorter), so an offset names its piece. */
async function* piecesOf(file: AsyncIterable<Buffer | string>): AsyncGenerator<{ piece: Buffer; last: boolean }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  for await (const part of file) {
    let bytes = typeof part === 'string' ? Buffer.from(part) : part;
    total += bytes.length;
    if (total > MAX_IMPORT_FILE_BYTES) throw tooLarge();
    while (pendingBytes + bytes.length >= repo.FILE_PIECE_BYTES) {
      const cut = repo.FILE_PIECE_BYTES - pendingBytes;
      pending.push(bytes.subarray(0, cut));
      bytes = bytes.subarray(cut);
      yield { piece: Buffer.concat(pending), last: false };
      pending = [];
      pendingBytes = 0;
    }
    if (bytes.length > 0) {
      pending.push(bytes);
      pendingBytes += bytes.length;
    }
  }
  yield { piece: Buffer.concat(pending), last: true };
}

export async function uploadListeningImport(ctx: CommandContext, input: UploadInput) {
  const workspaceId = ctx.workspace.workspaceId;
  const id = newId('limp');
  let pipelineSource = `import:${id}`;
  if (input.sourceId) {
    const source = await findSource(ctx.db, workspaceId, input.sourceId);
    if (!source) throw notFound('source', input.sourceId);
    pipelineSource = pipelineSourceOf(source);
  }
  return ctx.db.transaction(async (tx) => {
    let row: repo.ListeningImportRow | null = null;
    let seq = 0;
    let totalBytes = 0;
    for await (const { piece, last } of piecesOf(input.file)) {
      if (!row) {
        const head = readHead(piece, input.format, last);
        const layout = layoutOf(head, input.mapping);
        if (head.csv && !last && head.csv.headerEnd >= piece.length) throw new AppError('listening_import.invalid_file', 400, 'The header row of the CSV file is longer than 1 MB.');
        row = await repo.insertImport(tx, {
          id,
          workspaceId,
          sourceId: input.sourceId ?? null,
          pipelineSource,
          fileName: input.fileName,
          format: head.format,
          csvLayout: layout,
          state: 'queued',
          bytesRead: head.csv?.headerEnd ?? 0,
          lineCheckpoint: head.csv?.headerLines ?? 0,
          createdByMemberId: ctx.workspace.memberId,
          createdBy: ctx.actor.id,
        });
      }
      if (piece.length > 0) await repo.insertFilePiece(tx, id, seq++, piece);
      totalBytes += piece.length;
    }
    if (!row) throw new AppError('listening_import.invalid_file', 400, 'The file is empty.');
    const queued = (await repo.setState(tx, workspaceId, id, ['queued'], { state: 'queued', totalBytes }))!;
    await recordAuditEvent(tx, ctx, {
      action: 'listening_import.created',
      entityType: 'listening_import',
      entityId: id,
      after: { fileName: queued.fileName, format: queued.format, totalBytes, source: pipelineSource, mapping: queued.csvLayout?.mapping ?? null },
    });
    await enqueueJob(tx, IMPORT_POSTS_JOB, { workspaceId, importId: id }, { jobKey: `${IMPORT_POSTS_JOB}:${id}`, maxAttempts: 10 });
    await emitEvent(tx, workspaceId, 'listening_import.progress', progressOf(queued));
    return queued;
  });
}
