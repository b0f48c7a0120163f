// The only SQL of listening imports: the import rows (state, checkpoint, counters, rejected lines) and
// the file's pieces. A chunk's progress is committed with a compare-and-set on the checkpoint, so two
// runs of one import can never both advance it.
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { listeningImportChunks, listeningImports, type ListeningImportLineError, type ListeningImportState } from '../../../db/schema.js';
import type { Cursor } from '../../../lib/pagination.js';

export type ListeningImportRow = typeof listeningImports.$inferSelect;
export type NewListeningImportRow = typeof listeningImports.$inferInsert;

/** The size of a stored piece of a file; every piece but the last is exactly this long. */
export const FILE_PIECE_BYTES = 1024 * 1024;
/** Rejected lines kept for people to read; the count goes on. */
export const MAX_ERRORS_KEPT = 100;

export async function insertImport(db: Executor, row: NewListeningImportRow): Promise<ListeningImportRow> {
  const [created] = await db.insert(listeningImports).values(row).returning();
  return created!;
}

export async function insertFilePiece(db: Executor, importId: string, seq: number, data: Buffer): Promise<void> {
  await db.insert(listeningImportChunks).values({ importId, seq, data });
}

/** The stored piece holding byte `offset`, or undefined when the file is gone (finished or cancelled). */
export async function readFilePiece(db: Executor, importId: string, seq: number): Promise<Buffer | undefined> {
  const [piece] = await db
    .select({ data: listeningImportChunks.data })
    .from(listeningImportChunks)
    .where(and(eq(listeningImportChunks.importId, importId), eq(listeningImportChunks.seq, seq)));
  return piece?.data;
}

export async function deleteFile(db: Executor, importId: string): Promise<void> {
  await db.delete(listeningImportChunks).where(and(eq(listeningImportChunks.importId, importId), gte(listeningImportChunks.seq, 0)));
}

export async function findImport(db: Executor, workspaceId: string, importId: string, options: { forUpdate?: boolean } = {}): Promise<ListeningImportRow | undefined> {
  const query = db
    .select()
    .from(listeningImports)
    .where(and(eq(listeningImports.workspaceId, workspaceId), eq(listeningImports.id, importId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listImports(db: Executor, workspaceId: string, cursor: Cursor | null, limit: number): Promise<ListeningImportRow[]> {
  return db
    .select()
    .from(listeningImports)
    .where(
      and(
        eq(listeningImports.workspaceId, workspaceId),
        cursor ? sql`(${listeningImports.createdAt}, ${listeningImports.id}) < (${cursor.at}::timestamptz, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(listeningImports.createdAt), desc(listeningImports.id))
    .limit(limit + 1);
}

/** Moves an import between states; only from one of `from`, so a cancelled import stays cancelled. */
export async function setState(
  db: Executor,
  workspaceId: string,
  importId: string,
  from: ListeningImportState[],
  patch: Partial<NewListeningImportRow> & { state: ListeningImportState },
): Promise<ListeningImportRow | undefined> {
  const [row] = await db
    .update(listeningImports)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(listeningImports.workspaceId, workspaceId), eq(listeningImports.id, importId), inArray(listeningImports.state, from)))
    .returning();
  return row;
}

export type ChunkProgress = {
  bytesRead: number;
  lineCheckpoint: number;
  linesRead: number;
  postsAccepted: number;
  postsMatched: number;
  mentionsStored: number;
  duplicates: number;
  rejectedLines: number;
  errors: ListeningImportLineError[];
};

/**
 * Commits one chunk: the new checkpoint and the counters, only if the import is still running from
 * the checkpoint this run started the chunk at. Undefined when it is not (cancelled, or another run moved on).
 */
export async function commitChunk(db: Executor, current: ListeningImportRow, chunk: ChunkProgress): Promise<ListeningImportRow | undefined> {
  const room = Math.max(0, MAX_ERRORS_KEPT - current.errorsSample.length);
  const [row] = await db
    .update(listeningImports)
    .set({
      bytesRead: chunk.bytesRead,
      lineCheckpoint: chunk.lineCheckpoint,
      linesRead: sql`${listeningImports.linesRead} + ${chunk.linesRead}`,
      postsAccepted: sql`${listeningImports.postsAccepted} + ${chunk.postsAccepted}`,
      postsMatched: sql`${listeningImports.postsMatched} + ${chunk.postsMatched}`,
      mentionsStored: sql`${listeningImports.mentionsStored} + ${chunk.mentionsStored}`,
      duplicates: sql`${listeningImports.duplicates} + ${chunk.duplicates}`,
      rejectedLines: sql`${listeningImports.rejectedLines} + ${chunk.rejectedLines}`,
      errorsSample: room > 0 && chunk.errors.length > 0 ? [...current.errorsSample, ...chunk.errors.slice(0, room)] : current.errorsSample,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(listeningImports.workspaceId, current.workspaceId),
        eq(listeningImports.id, current.id),
        eq(listeningImports.state, 'running'),
        eq(listeningImports.bytesRead, current.bytesRead),
      ),
    )
    .returning();
  return row;
}
