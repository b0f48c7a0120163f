// Merges two contacts into one with a field-by-field choice, and unmerges a merge back into the two
// contacts as they were. The loser is kept (marked merged) so its timeline stays append-only and shows
// in the winner's; identities, consents, deals, tasks and notes move to the winner and the merge record
// remembers which, so unmerge can move exactly those back.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/client.js';
import { contactConsents, contacts, deals, notes, tasks } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { refreshSignals } from './refresh-signals.js';

export const mergeableFields = [
  'name', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'companyId', 'ownerMemberId', 'lifecycleStage',
  'source', 'sourceChannel', 'avatarUrl', 'bio', 'location', 'language', 'vip', 'communityMember',
] as const;
type MergeableField = (typeof mergeableFields)[number];

export const mergeInputSchema = z.object({
  winnerId: z.string().min(1).max(100),
  loserId: z.string().min(1).max(100),
  fieldChoices: z
    .record(z.string(), z.enum(['winner', 'loser']))
    .default({})
    .describe('For each field (or custom.<key>) whose values differ, which contact\'s value to keep; unspecified fields keep the winner\'s value, or the loser\'s when the winner has none'),
});
export type MergeInput = z.infer<typeof mergeInputSchema>;

type ContactRow = repo.ContactRow;
type Snapshot = {
  winner: ContactRow;
  loser: ContactRow;
  movedIdentityIds: string[];
  movedConsentChannels: string[];
  movedDealIds: string[];
  movedTaskIds: string[];
  movedNoteIds: string[];
};

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** The winner's new values, given the choices; fields left out fall back to whichever side has a value. */
export function mergedValues(winner: ContactRow, loser: ContactRow, choices: Record<string, 'winner' | 'loser'>) {
  const patch: Partial<Record<MergeableField, unknown>> = {};
  for (const field of mergeableFields) {
    const choice = choices[field] ?? (isEmpty(winner[field]) && !isEmpty(loser[field]) ? 'loser' : 'winner');
    if (choice === 'loser') patch[field] = loser[field];
  }
  const customFields = { ...winner.customFields };
  for (const [key, value] of Object.entries(loser.customFields)) {
    const choice = choices[`custom.${key}`] ?? (isEmpty(customFields[key]) ? 'loser' : 'winner');
    if (choice === 'loser') customFields[key] = value;
  }
  const tags = [...new Set([...winner.tags, ...loser.tags])].sort();
  return { ...patch, customFields, tags } as Partial<typeof contacts.$inferInsert>;
}

async function moveRows(tx: Executor, workspaceId: string, table: typeof deals | typeof tasks | typeof notes, from: string, to: string) {
  const moved = await tx
    .update(table)
    .set({ contactId: to })
    .where(and(eq(table.workspaceId, workspaceId), eq(table.contactId, from)))
    .returning({ id: table.id });
  return moved.map((row) => row.id);
}

async function moveBack(tx: Executor, workspaceId: string, table: typeof deals | typeof tasks | typeof notes, ids: string[], to: string) {
  if (ids.length === 0) return;
  await tx
    .update(table)
    .set({ contactId: to })
    .where(and(eq(table.workspaceId, workspaceId), inArray(table.id, ids)));
}

export async function mergeContacts(ctx: CommandContext, input: MergeInput) {
  const workspaceId = ctx.workspace.workspaceId;
  if (input.winnerId === input.loserId) throw new AppError('contact.merge_same', 422, 'A contact cannot be merged into itself.');
  return ctx.db.transaction(async (tx) => {
    const locked = await repo.lockContacts(tx, workspaceId, [input.winnerId, input.loserId]);
    const winner = locked.find((row) => row.id === input.winnerId);
    const loser = locked.find((row) => row.id === input.loserId);
    if (!winner) throw notFound('contact', input.winnerId);
    if (!loser) throw notFound('contact', input.loserId);
    if (winner.mergedIntoId || loser.mergedIntoId) {
      throw new AppError('contact.already_merged', 409, 'One of these contacts was already merged into another; merge with that one instead.');
    }

    const loserIdentities = await repo.identitiesOf(tx, workspaceId, [loser.id]);
    await repo.moveIdentities(tx, workspaceId, loserIdentities.map((identity) => identity.id), winner.id);
    const winnerConsents = new Set((await repo.consentsOf(tx, workspaceId, winner.id)).map((consent) => consent.channel));
    const movable = (await repo.consentsOf(tx, workspaceId, loser.id)).filter((consent) => !winnerConsents.has(consent.channel));
    if (movable.length > 0) {
      await tx
        .update(contactConsents)
        .set({ contactId: winner.id })
        .where(and(eq(contactConsents.contactId, loser.id), inArray(contactConsents.channel, movable.map((consent) => consent.channel))));
    }
    const snapshot: Snapshot = {
      winner,
      loser,
      movedIdentityIds: loserIdentities.map((identity) => identity.id),
      movedConsentChannels: movable.map((consent) => consent.channel),
      movedDealIds: await moveRows(tx, workspaceId, deals, loser.id, winner.id),
      movedTaskIds: await moveRows(tx, workspaceId, tasks, loser.id, winner.id),
      movedNoteIds: await moveRows(tx, workspaceId, notes, loser.id, winner.id),
    };

    const values = mergedValues(winner, loser, input.fieldChoices);
    // Counters add up; the latest contact and the earliest "became customer" win.
    await repo.updateContactRow(tx, workspaceId, winner.id, {
      ...values,
      interactionCount: winner.interactionCount + loser.interactionCount,
      lastInteractionAt: [winner.lastInteractionAt, loser.lastInteractionAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null,
      becameCustomerAt: [winner.becameCustomerAt, loser.becameCustomerAt].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null,
      sentimentCount: winner.sentimentCount + loser.sentimentCount,
      sentimentAvg:
        winner.sentimentCount + loser.sentimentCount > 0
          ? ((winner.sentimentAvg ?? 0) * winner.sentimentCount + (loser.sentimentAvg ?? 0) * loser.sentimentCount) / (winner.sentimentCount + loser.sentimentCount)
          : null,
    });
    await repo.updateContactRow(tx, workspaceId, loser.id, { mergedIntoId: winner.id });
    await refreshSignals(tx, workspaceId, winner.id);
    const merge = await repo.insertMerge(tx, {
      id: newId('mrg'),
      workspaceId,
      winnerId: winner.id,
      loserId: loser.id,
      snapshot: snapshot as unknown as Record<string, unknown>,
      fieldChoices: input.fieldChoices,
      mergedBy: ctx.actor.label,
    });
    await repo.decidePair(tx, workspaceId, winner.id, loser.id, 'merged', ctx.actor.label);
    await recordAuditEvent(tx, ctx, {
      action: 'contact.merged',
      entityType: 'contact',
      entityId: winner.id,
      before: { winner: { id: winner.id, name: winner.name, email: winner.email }, loser: { id: loser.id, name: loser.name, email: loser.email } },
      after: { mergeId: merge.id, fieldChoices: input.fieldChoices, movedIdentities: snapshot.movedIdentityIds.length },
    });
    await emitEvent(tx, workspaceId, 'contact.merged', { id: winner.id, loserId: loser.id, mergeId: merge.id });
    return merge;
  });
}

export async function unmergeContacts(ctx: CommandContext, mergeId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const merge = await repo.findMerge(tx, workspaceId, mergeId, true);
    if (!merge) throw notFound('merge', mergeId);
    if (merge.unmergedAt) throw new AppError('merge.already_undone', 409, 'This merge was already undone.');
    if ((await repo.laterMerges(tx, workspaceId, merge)) > 0) {
      throw new AppError('merge.not_latest', 409, 'A later merge involves these contacts: undo that one first.');
    }
    const snapshot = merge.snapshot as unknown as Snapshot;
    // Both locked in one statement, in id order (a transaction's statements run one at a time).
    const locked = await repo.lockContacts(tx, workspaceId, [merge.winnerId, merge.loserId]);
    const winner = locked.find((row) => row.id === merge.winnerId);
    const loser = locked.find((row) => row.id === merge.loserId);
    if (!winner || !loser) throw new AppError('merge.contact_gone', 409, 'One of the contacts no longer exists (erased), so this merge cannot be undone.');

    const restore: Record<string, unknown> = {};
    for (const field of [...mergeableFields, 'customFields', 'tags', 'interactionCount', 'lastInteractionAt', 'becameCustomerAt', 'sentimentAvg', 'sentimentCount'] as const) {
      const value = snapshot.winner[field];
      restore[field] = typeof value === 'string' && /At$/.test(field) ? new Date(value) : value;
    }
    await repo.updateContactRow(tx, workspaceId, winner.id, restore);
    await repo.updateContactRow(tx, workspaceId, loser.id, { mergedIntoId: null });
    await repo.moveIdentities(tx, workspaceId, snapshot.movedIdentityIds, loser.id);
    if (snapshot.movedConsentChannels.length > 0) {
      await tx
        .update(contactConsents)
        .set({ contactId: loser.id })
        .where(and(eq(contactConsents.contactId, winner.id), inArray(contactConsents.channel, snapshot.movedConsentChannels)));
    }
    await moveBack(tx, workspaceId, deals, snapshot.movedDealIds, loser.id);
    await moveBack(tx, workspaceId, tasks, snapshot.movedTaskIds, loser.id);
    await moveBack(tx, workspaceId, notes, snapshot.movedNoteIds, loser.id);
    await refreshSignals(tx, workspaceId, winner.id);
    await refreshSignals(tx, workspaceId, loser.id);
    await tx.execute(sql`UPDATE contact_merges SET unmerged_at = now(), unmerged_by = ${ctx.actor.label} WHERE id = ${merge.id} AND workspace_id = ${workspaceId}`);
    // They are two people: the suggestion that paired them is settled.
    await repo.decidePair(tx, workspaceId, winner.id, loser.id, 'dismissed', ctx.actor.label);
    await recordAuditEvent(tx, ctx, {
      action: 'contact.unmerged',
      entityType: 'contact',
      entityId: winner.id,
      before: { mergeId: merge.id },
      after: { winner: { id: winner.id, name: snapshot.winner.name }, restored: { id: loser.id, name: snapshot.loser.name } },
    });
    await emitEvent(tx, workspaceId, 'contact.unmerged', { id: winner.id, loserId: loser.id, mergeId: merge.id });
    return { winnerId: winner.id, loserId: loser.id };
  });
}

