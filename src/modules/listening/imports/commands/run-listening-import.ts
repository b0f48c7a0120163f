// Runs (or resumes) an import: reads its file from the checkpoint, turns records into posts (or
// rejected lines), and every `chunkLines` records sends the posts through the pipeline and then
// commits the new checkpoint with the counters and a progress event. A crash between the two re-sends
// that chunk on the next run, which the pipeline stores once (idempotent on source + external id);
// its posts then count as duplicates. Nothing is lost, nothing is stored twice.
import type { Database } from '../../../../db/client.js';
import type { ListeningImportLineError } from '../../../../db/schema.js';
import { systemActor, type CommandContext } from '../../../../server/context.js';
import { emitEvent } from '../../../../server/events.js';
import { recordAuditEvent } from '../../../audit/commands/record-audit-event.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import type { IngestResult, ListeningPipeline } from '../../pipeline/pipeline.js';
import { progressOf } from '../progress.js';
import { readCsvRecord, readNdjsonRecord, type RecordOutcome } from '../read-posts.js';
import { RecordSplitter, type FileRecord } from '../records.js';
import * as repo from '../repository.js';

export const IMPORT_CHUNK_LINES = 1000;

export type RunImportOptions = {
  chunkLines?: number;
  /** Called after a chunk's posts are stored and before its checkpoint is committed (tests simulate a crash there). */
  afterSubmit?: (chunk: number) => Promise<void> | void;
  /** Stop after this many committed chunks, as if the process had stopped (tests). */
  maxChunks?: number;
};

export type RunImportResult = { status: 'done' | 'stopped' | 'paused' | 'skipped'; chunks: number };

const jobContext = (workspaceId: string): Omit<CommandContext, 'db'> => ({
  actor: systemActor('Listening import'),
  workspace: { workspaceId, role: null, memberId: null },
  requestId: null,
  ipAddress: null,
});

class FileGone extends Error {}

/** The stored file from byte `offset` on, piece by piece. */
async function* fileFrom(db: Database, row: repo.ListeningImportRow): AsyncGenerator<Buffer> {
  let seq = Math.floor(row.bytesRead / repo.FILE_PIECE_BYTES);
  let skip = row.bytesRead - seq * repo.FILE_PIECE_BYTES;
  while (seq * repo.FILE_PIECE_BYTES < row.totalBytes) {
    const piece = await repo.readFilePiece(db, row.id, seq);
    if (!piece) throw new FileGone(`piece ${seq} of import ${row.id} is missing`);
    yield skip > 0 ? piece.subarray(skip) : piece;
    skip = 0;
    seq++;
  }
}

type Chunk = { posts: IncomingPost[]; errors: ListeningImportLineError[]; lines: number; rejected: number; last: FileRecord | null };
const emptyChunk = (): Chunk => ({ posts: [], errors: [], lines: 0, rejected: 0, last: null });
const noIngest: IngestResult = { received: 0, matched: 0, stored: 0, duplicates: 0, mentionIds: [] };

export async function runListeningImport(
  deps: { db: Database; pipeline: ListeningPipeline },
  workspaceId: string,
  importId: string,
  options: RunImportOptions = {},
): Promise<RunImportResult> {
  const { db, pipeline } = deps;
  const chunkLines = options.chunkLines ?? IMPORT_CHUNK_LINES;
  const found = await repo.findImport(db, workspaceId, importId);
  if (!found || (found.state !== 'queued' && found.state !== 'running')) return { status: 'skipped', chunks: 0 };
  let row = await repo.setState(db, workspaceId, importId, ['queued', 'running'], { state: 'running', startedAt: found.startedAt ?? new Date(), error: null });
  if (!row) return { status: 'skipped', chunks: 0 };
  const layout = row.csvLayout;
  const read = (record: FileRecord): RecordOutcome => (layout ? readCsvRecord(record, layout) : readNdjsonRecord(record));

  let chunks = 0;
  let chunk = emptyChunk();
  /** Stores the chunk's posts and commits its checkpoint; false when the import stopped meanwhile. */
  const commit = async (): Promise<boolean> => {
    const current = row!;
    const still = await repo.findImport(db, workspaceId, importId);
    if (!still || still.state !== 'running' || still.bytesRead !== current.bytesRead) return false;
    const ingest = chunk.posts.length > 0 ? await pipeline.submit(workspaceId, current.pipelineSource, chunk.posts) : noIngest;
    await options.afterSubmit?.(chunks + 1);
    const last = chunk.last!;
    const committed = await db.transaction(async (tx) => {
      const next = await repo.commitChunk(tx, current, {
        bytesRead: last.end,
        lineCheckpoint: last.line + last.lines - 1,
        linesRead: chunk.lines,
        postsAccepted: chunk.posts.length,
        postsMatched: ingest.matched,
        mentionsStored: ingest.stored,
        duplicates: ingest.duplicates,
        rejectedLines: chunk.rejected,
        errors: chunk.errors,
      });
      if (next) await emitEvent(tx, workspaceId, 'listening_import.progress', progressOf(next));
      return next;
    });
    if (!committed) return false;
    row = committed;
    chunks++;
    chunk = emptyChunk();
    return true;
  };
  const take = (record: FileRecord) => {
    chunk.last = record;
    const outcome = read(record);
    if (outcome.kind === 'blank') return;
    chunk.lines++;
    if (outcome.kind === 'post') chunk.posts.push(outcome.post);
    else {
      chunk.rejected++;
      chunk.errors.push(outcome.error);
    }
  };

  const splitter = new RecordSplitter(row.format === 'csv', row.bytesRead, row.lineCheckpoint);
  try {
    for await (const bytes of fileFrom(db, row)) {
      for (const record of splitter.push(bytes)) {
        take(record);
        if (chunk.lines >= chunkLines) {
          if (!(await commit())) return { status: 'stopped', chunks };
          if (options.maxChunks !== undefined && chunks >= options.maxChunks) return { status: 'paused', chunks };
        }
      }
    }
  } catch (error) {
    // Cancelled while reading: the file was deleted with the cancellation.
    if (error instanceof FileGone && (await repo.findImport(db, workspaceId, importId))?.state !== 'running') return { status: 'stopped', chunks };
    throw error;
  }
  for (const record of splitter.end()) take(record);
  if (chunk.last && !(await commit())) return { status: 'stopped', chunks };

  const finished = await db.transaction(async (tx) => {
    const done = await repo.setState(tx, workspaceId, importId, ['running'], { state: 'done', finishedAt: new Date() });
    if (!done) return false;
    await repo.deleteFile(tx, importId);
    await recordAuditEvent(tx, jobContext(workspaceId), {
      action: 'listening_import.completed',
      entityType: 'listening_import',
      entityId: importId,
      after: { linesRead: done.linesRead, postsAccepted: done.postsAccepted, mentionsStored: done.mentionsStored, duplicates: done.duplicates, rejectedLines: done.rejectedLines },
    });
    await emitEvent(tx, workspaceId, 'listening_import.progress', progressOf(done));
    return true;
  });
  return { status: finished ? 'done' : 'stopped', chunks };
}

/** After the last attempt: the import is marked failed with the reason; what was stored stays. */
export async function failListeningImport(db: Database, workspaceId: string, importId: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const failed = await repo.setState(tx, workspaceId, importId, ['queued', 'running'], { state: 'failed', error: reason, finishedAt: new Date() });
    if (!failed) return;
    await repo.deleteFile(tx, importId);
    await recordAuditEvent(tx, jobContext(workspaceId), { action: 'listening_import.failed', entityType: 'listening_import', entityId: importId, after: { linesRead: failed.linesRead, reason } });
    await emitEvent(tx, workspaceId, 'listening_import.progress', progressOf(failed));
  });
}
