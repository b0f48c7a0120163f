// Topics (a brand, a competitor, a product line, a campaign) and the queries that find their mentions.
// A query is parsed when saved: a syntax error is refused with its position, warnings are kept with
// the query. Every change bumps the workspace's query revision in the same transaction, which is how
// the pipeline processes learn of it.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { listeningQueries, topics, type TopicKind } from '../../../db/schema.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { anchorsOf } from '../matcher/matcher.js';
import { parseQuery } from '../query/parser.js';
import { printQuery } from '../query/print.js';
import type { QueryIssue } from '../query/ast.js';
import { bumpQueryRevision } from '../pipeline/engine.js';
import { isUniqueViolation } from '../../../db/errors.js';

export type TopicInput = { name: string; kind?: TopicKind; description?: string | null; color?: string | null };
export type QueryInput = { topicId: string; name?: string; query: string; enabled?: boolean };

const nameTaken = (name: string) => new AppError('topic.name_taken', 409, `A topic named "${name}" already exists in this workspace.`, { field: 'name', name });

export type QueryCheck =
  | { valid: true; warnings: QueryIssue[]; canonical: string; indexable: boolean }
  | { valid: false; error: QueryIssue; warnings: QueryIssue[] };

/** What the editor and the save path both need to know about a query text. */
export function checkQuery(text: string): QueryCheck {
  const parsed = parseQuery(text);
  if (!parsed.ok) return { valid: false, error: parsed.error, warnings: parsed.warnings };
  return { valid: true, warnings: parsed.warnings, canonical: printQuery(parsed.ast), indexable: anchorsOf(parsed.ast) !== null };
}

function validQuery(text: string): Extract<QueryCheck, { valid: true }> {
  const check = checkQuery(text);
  if (!check.valid) {
    throw new AppError('query.invalid', 400, `The query is not valid at character ${check.error.position}: ${check.error.message}`, {
      field: 'query',
      position: check.error.position,
      message: check.error.message,
    });
  }
  return check;
}

/** The topic a query names, which must be of this workspace (another's looks missing). */
async function topicOfWorkspace(tx: Executor, workspaceId: string, topicId: string): Promise<{ id: string }> {
  const [topic] = await tx.select({ id: topics.id }).from(topics).where(and(eq(topics.workspaceId, workspaceId), eq(topics.id, topicId)));
  if (!topic) throw new AppError('topic.not_found', 404, `Topic ${topicId} not found.`, { field: 'topicId', id: topicId });
  return topic;
}

export async function createTopic(ctx: CommandContext, input: TopicInput) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [topic] = await tx
        .insert(topics)
        .values({ id: newId('top'), workspaceId, name: input.name.trim(), kind: input.kind ?? 'brand', description: input.description ?? null, color: input.color ?? null, createdByMemberId: ctx.workspace.memberId })
        .returning();
      await recordAuditEvent(tx, ctx, { action: 'topic.created', entityType: 'topic', entityId: topic!.id, after: { name: topic!.name, kind: topic!.kind } });
      await emitEvent(tx, workspaceId, 'topic.created', { topicId: topic!.id });
      return topic!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name.trim());
    throw error;
  }
}

export async function updateTopic(ctx: CommandContext, topicId: string, patch: Partial<TopicInput>) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [before] = await tx.select().from(topics).where(and(eq(topics.workspaceId, workspaceId), eq(topics.id, topicId))).for('update');
      if (!before) throw notFound('topic', topicId);
      const [topic] = await tx
        .update(topics)
        .set({
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.color !== undefined ? { color: patch.color } : {}),
          updatedAt: new Date(),
        })
        .where(eq(topics.id, topicId))
        .returning();
      await recordAuditEvent(tx, ctx, { action: 'topic.updated', entityType: 'topic', entityId: topicId, before: { name: before.name, kind: before.kind }, after: { name: topic!.name, kind: topic!.kind } });
      await emitEvent(tx, workspaceId, 'topic.updated', { topicId });
      return topic!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(patch.name?.trim() ?? '');
    throw error;
  }
}

/** Deletes the topic and its queries; its stored mentions stay (they keep the topic id as history). */
export async function deleteTopic(ctx: CommandContext, topicId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const [topic] = await tx.delete(topics).where(and(eq(topics.workspaceId, workspaceId), eq(topics.id, topicId))).returning();
    if (!topic) throw notFound('topic', topicId);
    await bumpQueryRevision(tx, workspaceId);
    await recordAuditEvent(tx, ctx, { action: 'topic.deleted', entityType: 'topic', entityId: topicId, before: { name: topic.name, kind: topic.kind } });
    await emitEvent(tx, workspaceId, 'topic.deleted', { topicId });
  });
}

export async function createQuery(ctx: CommandContext, input: QueryInput) {
  const workspaceId = ctx.workspace.workspaceId;
  const check = validQuery(input.query);
  return ctx.db.transaction(async (tx) => {
    const topic = await topicOfWorkspace(tx, workspaceId, input.topicId);
    const [query] = await tx
      .insert(listeningQueries)
      .values({
        id: newId('qry'),
        workspaceId,
        topicId: topic.id,
        name: input.name?.trim() || check.canonical.slice(0, 80),
        query: input.query,
        enabled: input.enabled ?? true,
        indexable: check.indexable,
        warnings: check.warnings,
        createdByMemberId: ctx.workspace.memberId,
      })
      .returning();
    await bumpQueryRevision(tx, workspaceId);
    await recordAuditEvent(tx, ctx, { action: 'query.created', entityType: 'query', entityId: query!.id, after: { query: query!.query, topicId: topic.id } });
    await emitEvent(tx, workspaceId, 'query.created', { queryId: query!.id, topicId: topic.id });
    return query!;
  });
}

export async function updateQuery(ctx: CommandContext, queryId: string, patch: Partial<QueryInput>) {
  const workspaceId = ctx.workspace.workspaceId;
  const check = patch.query !== undefined ? validQuery(patch.query) : null;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(listeningQueries)
      .where(and(eq(listeningQueries.workspaceId, workspaceId), eq(listeningQueries.id, queryId)))
      .for('update');
    if (!before) throw notFound('query', queryId);
    if (patch.topicId !== undefined && patch.topicId !== before.topicId) await topicOfWorkspace(tx, workspaceId, patch.topicId);
    const [query] = await tx
      .update(listeningQueries)
      .set({
        ...(patch.topicId !== undefined ? { topicId: patch.topicId } : {}),
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(check && patch.query !== undefined ? { query: patch.query, indexable: check.indexable, warnings: check.warnings } : {}),
        updatedAt: new Date(),
      })
      .where(eq(listeningQueries.id, queryId))
      .returning();
    await bumpQueryRevision(tx, workspaceId);
    await recordAuditEvent(tx, ctx, {
      action: 'query.updated',
      entityType: 'query',
      entityId: queryId,
      before: { query: before.query, enabled: before.enabled, topicId: before.topicId },
      after: { query: query!.query, enabled: query!.enabled, topicId: query!.topicId },
    });
    await emitEvent(tx, workspaceId, 'query.updated', { queryId, topicId: query!.topicId });
    return query!;
  });
}

export async function deleteQuery(ctx: CommandContext, queryId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const [query] = await tx.delete(listeningQueries).where(and(eq(listeningQueries.workspaceId, workspaceId), eq(listeningQueries.id, queryId))).returning();
    if (!query) throw notFound('query', queryId);
    await bumpQueryRevision(tx, workspaceId);
    await recordAuditEvent(tx, ctx, { action: 'query.deleted', entityType: 'query', entityId: queryId, before: { query: query.query, topicId: query.topicId } });
    await emitEvent(tx, workspaceId, 'query.deleted', { queryId, topicId: query.topicId });
  });
}
