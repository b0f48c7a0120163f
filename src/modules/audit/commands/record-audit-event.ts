// Records who changed what, with the values before and after. Call it inside the transaction of the
// change, so the log and the data can never disagree.
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { insertAuditEvent } from '../repository.js';

export type AuditChange = {
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  workspaceId?: string;
};

export async function recordAuditEvent(tx: Executor, ctx: Omit<CommandContext, 'db'>, change: AuditChange): Promise<void> {
  await insertAuditEvent(tx, {
    workspaceId: change.workspaceId ?? ctx.workspace.workspaceId,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: ctx.requestId,
    ipAddress: ctx.ipAddress,
  });
}
