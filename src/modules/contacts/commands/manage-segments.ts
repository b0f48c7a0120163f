// Saved segments: a named contact filter that lists, exports, campaigns, loyalty and routing reuse.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { segments } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { compileFilter, filterGroupSchema } from '../filters.js';
import type { Executor } from '../../../db/client.js';

export const segmentInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000).optional(),
  filter: filterGroupSchema,
});

const nameTaken = (name: string) => new AppError('segment.name_taken', 409, `A segment named "${name}" already exists.`, { name });
const isUnique = (error: unknown) => (error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505';

export const listSegments = (db: Executor, workspaceId: string) =>
  db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).orderBy(asc(segments.name));

export async function createSegment(ctx: CommandContext, input: z.infer<typeof segmentInputSchema>) {
  compileFilter(input.filter); // rejects unknown fields and operators before anything is stored
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [segment] = await tx
        .insert(segments)
        .values({ id: newId('seg'), workspaceId, name: input.name, description: input.description ?? '', filter: input.filter, createdBy: ctx.actor.label })
        .returning();
      await recordAuditEvent(tx, ctx, { action: 'segment.created', entityType: 'segment', entityId: segment!.id, after: { name: segment!.name, filter: input.filter } });
      await emitEvent(tx, workspaceId, 'segment.created', { id: segment!.id });
      return segment!;
    });
  } catch (error) {
    if (isUnique(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function updateSegment(ctx: CommandContext, segmentId: string, input: Partial<z.infer<typeof segmentInputSchema>>) {
  if (input.filter) compileFilter(input.filter);
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [before] = await tx.select().from(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
      if (!before) throw notFound('segment', segmentId);
      const [after] = await tx
        .update(segments)
        .set({ ...input, updatedAt: new Date() })
        .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)))
        .returning();
      await recordAuditEvent(tx, ctx, {
        action: 'segment.updated',
        entityType: 'segment',
        entityId: segmentId,
        before: { name: before.name, filter: before.filter },
        after: { name: after!.name, filter: after!.filter },
      });
      await emitEvent(tx, workspaceId, 'segment.updated', { id: segmentId });
      return after!;
    });
  } catch (error) {
    if (isUnique(error) && input.name) throw nameTaken(input.name);
    throw error;
  }
}

export async function deleteSegment(ctx: CommandContext, segmentId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
    if (!before) throw notFound('segment', segmentId);
    await tx.delete(segments).where(eq(segments.id, segmentId));
    await recordAuditEvent(tx, ctx, { action: 'segment.deleted', entityType: 'segment', entityId: segmentId, before: { name: before.name, filter: before.filter } });
    await emitEvent(tx, workspaceId, 'segment.deleted', { id: segmentId });
  });
}
